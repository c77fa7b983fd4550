"""Weekly meeting times across time zones.

A meeting is "day D at HH:MM in zone Z" (day 0 = Sunday, as in the Meeting Guide format). What
that means for a person elsewhere depends on the date, because zones change their offsets on
different days (or never). Every conversion here is made for a real date, through zoneinfo.
"""

import datetime
import zoneinfo
from functools import lru_cache

UTC = datetime.UTC
DAY_START = datetime.time(0, 0)
DAY_END = datetime.time(23, 59, 59, 999999)


@lru_cache(maxsize=512)
def zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def is_zone(name: str) -> bool:
    if not name or not isinstance(name, str):
        return False
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def feed_day(date: datetime.date) -> int:
    """Meeting Guide weekday of a date: 0 = Sunday … 6 = Saturday."""
    return (date.weekday() + 1) % 7


def at(date: datetime.date, time: datetime.time, tz) -> datetime.datetime:
    """The real instant of a wall-clock time on a date in a zone (a time skipped by DST moves on)."""
    naive = datetime.datetime.combine(date, time)
    return naive.replace(tzinfo=tz).astimezone(UTC).astimezone(tz)


def next_date_for_day(day: int, start: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=(day - feed_day(start)) % 7)


def next_occurrence(day: int, time: datetime.time, tz, after: datetime.datetime) -> datetime.datetime:
    """The first start of a weekly meeting at or after `after` (aware), in the meeting's zone."""
    local_after = after.astimezone(tz)
    date = next_date_for_day(day, local_after.date())
    start = at(date, time, tz)
    if start < local_after:
        start = at(date + datetime.timedelta(days=7), time, tz)
    return start


def occurrence_on(day, time, tz, local_date: datetime.date, viewer_zone) -> datetime.datetime | None:
    """When a weekly meeting starts on the viewer's local date, in the viewer's zone, if it does."""
    if day is None or time is None:
        return None
    for delta in (-2, -1, 0, 1, 2):
        date = local_date + datetime.timedelta(days=delta)
        if feed_day(date) != day:
            continue
        local = at(date, time, tz).astimezone(viewer_zone)
        if local.date() == local_date:
            return local
    return None


def window_slots(viewer_zone, meeting_zone, day, t_from, t_to, today: datetime.date) -> list[tuple]:
    """A viewer's search window, as (day, from, to) ranges of wall-clock time in a meeting's zone.

    `day` None means any day; `t_from`/`t_to` None mean the whole day. A window whose end is before
    its start runs past midnight. Each day is taken on its next date from `today`, so the answer
    follows daylight saving time as it will be when the person goes.
    """
    t_from = t_from or DAY_START
    t_to = t_to or DAY_END
    days = [day] if day is not None else list(range(7))
    slots: set[tuple] = set()
    for wanted in days:
        date = next_date_for_day(wanted, today)
        start = at(date, t_from, viewer_zone).astimezone(meeting_zone)
        end_date = date if t_to >= t_from else date + datetime.timedelta(days=1)
        end = at(end_date, t_to, viewer_zone).astimezone(meeting_zone)
        current = start.date()
        while current <= end.date():
            low = start.time() if current == start.date() else DAY_START
            high = end.time() if current == end.date() else DAY_END
            slots.add((feed_day(current), low.replace(tzinfo=None), high.replace(tzinfo=None)))
            current += datetime.timedelta(days=1)
    return sorted(slots)


def minutes_between(start: datetime.time, end: datetime.time) -> int:
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    return minutes if minutes > 0 else minutes + 24 * 60
