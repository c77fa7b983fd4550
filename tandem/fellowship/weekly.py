"""The fellowship's layers of the recovery picture (tandem.history.picture): the dates of what
the person did in a window, one query each whatever the history, read after the gate said yes."""

import datetime

from .models import Attendance, Outreach, StepAnswer


def attendance_dates(owner, first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """One date per meeting attended (local dates). One query."""
    return list(Attendance.objects.filter(owner=owner, date__range=(first, last)).values_list("date", flat=True))


def outreach_dates(owner, first: datetime.date, last: datetime.date) -> list[tuple[datetime.date, str]]:
    """(local date, kind) per call, text, email, coffee or fellowship logged. One query."""
    return list(Outreach.objects.filter(owner=owner, date__range=(first, last)).values_list("date", "kind"))


def step_work_times(owner, start: datetime.datetime, end: datetime.datetime) -> list[datetime.datetime]:
    """When each step-work answer marked ready was last written (drafts stay the owner's). One query."""
    return list(
        StepAnswer.objects.filter(owner=owner, is_draft=False, updated_at__gte=start, updated_at__lt=end).values_list(
            "updated_at", flat=True
        )
    )
