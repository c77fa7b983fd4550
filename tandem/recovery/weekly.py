"""Recovery's layers of the recovery picture (tandem.history.picture): one query each, whatever
the history, read after the gate said yes. Dates are the person's own local dates."""

import datetime

from .library import Circle
from .models import CheckInItem, Slip, UrgeLog


def urge_levels(owner, first: datetime.date, last: datetime.date) -> list[tuple[datetime.date, int]]:
    """(local date, level 0–10) per urge logged. One query."""
    return list(
        UrgeLog.objects.filter(owner=owner, local_date__range=(first, last)).values_list("local_date", "intensity")
    )


def slip_dates(owner, first: datetime.date, last: datetime.date) -> list[tuple[int, datetime.date]]:
    """(slip id, local date) per slip. One query."""
    return list(Slip.objects.filter(owner=owner, local_date__range=(first, last)).values_list("pk", "local_date"))


def middle_circle_dates(owner, first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """The days with a middle-circle behaviour ticked in a check-in, each once. One query."""
    return list(
        CheckInItem.objects.filter(owner=owner, circle=Circle.MIDDLE, local_date__range=(first, last))
        .values_list("local_date", flat=True)
        .distinct()
        .order_by("local_date")
    )
