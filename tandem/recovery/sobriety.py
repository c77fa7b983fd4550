"""Streak and milestone arithmetic, in local calendar days. Pure functions, no database.

The rules (docs/recovery.md explains them for people):

- Every date here is a *local* calendar date in the person's own time zone. An instant becomes a
  date with `local_date(instant, zone)`; after that, daylight-saving changes cannot matter,
  because a calendar day is one day whether it lasted 23, 24 or 25 hours.
- A program counts from its sobriety date S (the date of the last inner-circle act, or the
  date the person chose when they started). After a slip on day D the count starts again from D.
  `since = max(S, last slip date on or after S)`.
- Current streak on day T: the number of local midnights passed since `since`, (T - since).days.
  So the day of a slip is day 0 and the next day brings "24 hours".
- Total sober days on day T: every day in (S, T] without a slip, which is
  (T - S).days minus the number of distinct slip dates after S. A slip never removes days
  already counted except its own day.
- Milestones are dates: `since` plus a number of days ("30 days") or calendar months
  ("6 months", "1 year"; the 31st becomes the last day of a shorter month).
"""

import calendar
import datetime
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.utils.translation import gettext, ngettext

DEFAULT_MILESTONES = "1d 30d 60d 90d 6m 9m 1y"
_TOKEN = re.compile(r"^(\d{1,4})([dmy])$")


def local_date(instant: datetime.datetime, zone: datetime.tzinfo) -> datetime.date:
    """The calendar date an aware instant falls on in `zone`."""
    if instant.tzinfo is None:
        raise ValueError("local_date needs an aware datetime")
    return instant.astimezone(zone).date()


def current_since(start: datetime.date, last_slip: datetime.date | None) -> datetime.date:
    return last_slip if last_slip is not None and last_slip > start else start


def streak_days(since: datetime.date, today: datetime.date) -> int:
    return max(0, (today - since).days)


def total_sober_days(start: datetime.date, today: datetime.date, slip_days_after_start: int) -> int:
    """Days in (start, today] without a slip, given how many distinct slip dates fall in that span."""
    return max(0, (today - start).days - slip_days_after_start)


def total_sober_days_from_dates(start: datetime.date, today: datetime.date, slip_dates: Iterable[datetime.date]) -> int:
    """The same, from the slip dates themselves (used by tests and the milestones page)."""
    return total_sober_days(start, today, len({d for d in slip_dates if start < d <= today}))


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months later, clamped to the end of a shorter month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day.day, last))


@dataclass(frozen=True, order=True)
class Spec:
    """One configured milestone: an amount of days or months."""

    months: int
    days: int

    @property
    def token(self) -> str:
        if self.months:
            return f"{self.months // 12}y" if self.months % 12 == 0 else f"{self.months}m"
        return f"{self.days}d"

    @property
    def label(self) -> str:
        if self.months:
            if self.months % 12 == 0:
                years = self.months // 12
                return ngettext("%(count)s year", "%(count)s years", years) % {"count": years}
            return ngettext("%(count)s month", "%(count)s months", self.months) % {"count": self.months}
        if self.days == 1:
            return gettext("24 hours")
        return ngettext("%(count)s day", "%(count)s days", self.days) % {"count": self.days}

    def date_from(self, since: datetime.date) -> datetime.date:
        if self.months:
            return add_months(since, self.months)
        return since + datetime.timedelta(days=self.days)


class MilestoneSpecError(ValueError):
    pass


def parse_specs(text: str) -> list[Spec]:
    """ "1d 30d 90d 6m 1y" -> specs. Raises MilestoneSpecError with a message for people."""
    specs = set()
    for raw in re.split(r"[\s,]+", (text or "").strip().lower()):
        if not raw:
            continue
        match = _TOKEN.match(raw)
        if not match:
            raise MilestoneSpecError(
                gettext("“%(text)s” isn't a milestone we understand. Use a number with d, m or y, like 30d, 6m or 1y.")
                % {"text": raw}
            )
        amount, unit = int(match.group(1)), match.group(2)
        if amount == 0:
            raise MilestoneSpecError(gettext("A milestone needs at least one day, month or year."))
        if unit == "d":
            if amount > 3660:
                raise MilestoneSpecError(gettext("Day milestones go up to 3660 days; use months or years beyond that."))
            specs.add(Spec(0, amount))
        elif unit == "m":
            if amount > 1200:
                raise MilestoneSpecError(gettext("That is more months than we count."))
            specs.add(Spec(amount, 0))
        else:
            if amount > 100:
                raise MilestoneSpecError(gettext("That is more years than we count."))
            specs.add(Spec(amount * 12, 0))
    if not specs:
        raise MilestoneSpecError(gettext("Please keep at least one milestone."))
    return sorted(specs, key=lambda s: s.date_from(datetime.date(2001, 1, 31)))


def format_specs(specs: Iterable[Spec]) -> str:
    return " ".join(spec.token for spec in specs)


@dataclass(frozen=True)
class Milestone:
    label: str
    date: datetime.date
    days: int
    """How many days of sobriety the milestone stands for (date - since)."""


def milestones(since: datetime.date, specs: Iterable[Spec], yearly: bool = True) -> Iterator[Milestone]:
    """Every milestone of a streak that began on `since`, in date order (endless when yearly)."""
    dated = sorted({(spec.date_from(since), spec.label) for spec in specs})
    seen_dates = set()
    last = since
    for date, label in dated:
        if date in seen_dates:
            continue
        seen_dates.add(date)
        last = max(last, date)
        yield Milestone(label, date, (date - since).days)
    if not yearly:
        return
    years = 1
    while years < 10_000:
        date = add_months(since, 12 * years)
        if date > last and date not in seen_dates:
            yield Milestone("1 year" if years == 1 else f"{years} years", date, (date - since).days)
        years += 1


def reached(since: datetime.date, today: datetime.date, specs, yearly: bool = True) -> list[Milestone]:
    result = []
    for milestone in milestones(since, specs, yearly):
        if milestone.date > today:
            break
        result.append(milestone)
    return result


def next_milestone(since: datetime.date, today: datetime.date, specs, yearly: bool = True) -> Milestone | None:
    for milestone in milestones(since, specs, yearly):
        if milestone.date > today:
            return milestone
    return None


@dataclass(frozen=True)
class Streak:
    since: datetime.date
    end: datetime.date
    """The day the count last moved: the date of the slip that ended it, or today."""
    ended_by_slip: bool

    @property
    def days(self) -> int:
        return streak_days(self.since, self.end)


def streaks(start: datetime.date, today: datetime.date, slip_dates: Iterable[datetime.date]) -> list[Streak]:
    """The streaks of a program, oldest first. Grows with the number of slips, not of days.

    A streak ended by a slip on day D counted (D - since) days: the midnights passed before it."""
    result = []
    since = start
    for slip in sorted({d for d in slip_dates if start < d <= today}):
        result.append(Streak(since, slip, True))
        since = slip
    result.append(Streak(since, today, False))
    return result
