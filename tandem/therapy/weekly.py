"""Therapy's layer of the recovery picture (tandem.history.picture)."""

import datetime

from .models import Homework, HomeworkStatus


def homework_done_times(owner, start: datetime.datetime, end: datetime.datetime) -> list[datetime.datetime]:
    """When each piece of homework was marked done. One query."""
    return list(
        Homework.objects.filter(
            owner=owner, status=HomeworkStatus.DONE, completed_at__gte=start, completed_at__lt=end
        ).values_list("completed_at", flat=True)
    )
