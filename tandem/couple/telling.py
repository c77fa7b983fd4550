"""Was a slip told within the time the couple agreed? Pure arithmetic, no database.

    told_status(slip_at, told_at, hours, now) -> Telling

`slip_at` is when the slip happened, `told_at` when the client told the partner (None if not
yet), `hours` the agreed time (for example 72). A slip told exactly at the deadline is in time.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext, ngettext

IN_TIME = "in_time"
LATE = "late"
WAITING = "waiting"
"""Not told yet, and the agreed time has not run out."""
NOT_TOLD = "not_told"
"""Not told, and the agreed time has run out."""

MAX_HOURS = 24 * 30


@dataclass(frozen=True)
class Telling:
    status: str
    slip_at: datetime.datetime
    deadline: datetime.datetime
    told_at: datetime.datetime | None
    hours: int

    @property
    def hours_taken(self) -> float | None:
        return None if self.told_at is None else round((self.told_at - self.slip_at).total_seconds() / 3600, 1)

    @property
    def in_time(self) -> bool:
        return self.status == IN_TIME

    @property
    def label(self) -> str:
        if self.status == WAITING:
            return gettext("Not told yet; the agreed time has not run out")
        text = {
            IN_TIME: ngettext(
                "Told within the agreed %(hours)s hour", "Told within the agreed %(hours)s hours", self.hours
            ),
            LATE: ngettext("Told after the agreed %(hours)s hour", "Told after the agreed %(hours)s hours", self.hours),
            NOT_TOLD: ngettext(
                "Not told within the agreed %(hours)s hour", "Not told within the agreed %(hours)s hours", self.hours
            ),
        }[self.status]
        return text % {"hours": self.hours}


def told_status(
    slip_at: datetime.datetime, told_at: datetime.datetime | None, hours: int, now: datetime.datetime
) -> Telling:
    if not isinstance(hours, int) or not 1 <= hours <= MAX_HOURS:
        raise ValueError(f"the agreed time must be between 1 and {MAX_HOURS} hours")
    if slip_at.tzinfo is None or now.tzinfo is None or (told_at is not None and told_at.tzinfo is None):
        raise ValueError("times must be time-zone aware")
    if told_at is not None and told_at < slip_at:
        raise ValueError("a slip can't be told before it happened")
    deadline = slip_at + datetime.timedelta(hours=hours)
    status = _status(told_at, deadline, now)
    return Telling(status=status, slip_at=slip_at, deadline=deadline, told_at=told_at, hours=hours)


def _status(told_at: datetime.datetime | None, deadline: datetime.datetime, now: datetime.datetime) -> str:
    if told_at is None:
        return WAITING if now <= deadline else NOT_TOLD
    return IN_TIME if told_at <= deadline else LATE
