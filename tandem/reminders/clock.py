"""Wall-clock times in a person's zone as real instants, with the two clock-change rules:

- a local time that does not exist (the hour skipped when clocks spring forward) moves to the
  next valid minute: 02:30 on a spring-forward night becomes 03:00;
- a local time that happens twice (the hour repeated when clocks fall back) is its first
  occurrence only (fold=0), so a reminder at 01:30 fires once.
"""

import datetime

UTC = datetime.UTC
MINUTE = datetime.timedelta(minutes=1)


def exists(naive: datetime.datetime, zone) -> bool:
    aware = naive.replace(tzinfo=zone)
    return aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == naive


def instant(day: datetime.date, time: datetime.time, zone) -> datetime.datetime:
    """The UTC instant of `time` on local `day` in `zone`, by the rules above."""
    naive = datetime.datetime.combine(day, time.replace(second=0, microsecond=0))
    for _ in range(24 * 60):  # a gap is an hour, sometimes half; a day bounds any zone's history
        if exists(naive, zone):
            return naive.replace(tzinfo=zone, fold=0).astimezone(UTC)
        naive += MINUTE
    raise ValueError(f"no valid local time after {day} {time} in {zone}")


def latest_daily(now: datetime.datetime, time: datetime.time, zone, every_days: int = 1) -> datetime.datetime | None:
    """The latest instant at or before `now` when `time` struck on a local date whose ordinal is
    a multiple of `every_days` (1: every day)."""
    today = now.astimezone(zone).date()
    for back in range(every_days + 2):
        day = today - datetime.timedelta(days=back)
        if day.toordinal() % every_days:
            continue
        moment = instant(day, time, zone)
        if moment <= now:
            return moment
    return None
