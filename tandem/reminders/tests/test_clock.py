import datetime
import zoneinfo

from tandem.reminders import clock
from tandem.reminders.models import Preferences

NY = zoneinfo.ZoneInfo("America/New_York")
UTC = datetime.UTC


def test_a_time_skipped_by_spring_forward_moves_to_the_next_valid_minute():
    # 2026-03-08: clocks jump from 02:00 to 03:00 in New York; 02:30 does not exist.
    moment = clock.instant(datetime.date(2026, 3, 8), datetime.time(2, 30), NY)
    assert moment == datetime.datetime(2026, 3, 8, 3, 0, tzinfo=NY)
    assert moment.astimezone(NY).utcoffset() == datetime.timedelta(hours=-4)


def test_a_time_repeated_by_fall_back_fires_once():
    # 2026-11-01: 01:00–02:00 happens twice in New York. Every moment of both hours sees the same
    # latest due instant (the first 01:30), so the reminder row is the same: it fires once.
    seen = set()
    start = datetime.datetime(2026, 11, 1, 5, 0, tzinfo=UTC)  # 01:00 EDT
    for minutes in range(0, 150, 5):
        now = start + datetime.timedelta(minutes=minutes)
        due = clock.latest_daily(now, datetime.time(1, 30), NY)
        if due.astimezone(NY).date() == datetime.date(2026, 11, 1):
            seen.add(due)
    assert seen == {datetime.datetime(2026, 11, 1, 5, 30, tzinfo=UTC)}  # 01:30 EDT, the first


def test_every_other_day_steps_over_the_days_between():
    now = datetime.datetime(2026, 6, 10, 20, 0, tzinfo=UTC)
    due = clock.latest_daily(now, datetime.time(9, 0), NY, every_days=7)
    assert due.astimezone(NY).date().toordinal() % 7 == 0
    assert now - due < datetime.timedelta(days=7)


def test_quiet_hours_may_wrap_midnight():
    prefs = Preferences(quiet_start=datetime.time(22, 0), quiet_end=datetime.time(7, 0))
    assert prefs.is_quiet(datetime.time(23, 30))
    assert prefs.is_quiet(datetime.time(3, 0))
    assert not prefs.is_quiet(datetime.time(7, 0))
    assert not prefs.is_quiet(datetime.time(12, 0))
    daytime = Preferences(quiet_start=datetime.time(9, 0), quiet_end=datetime.time(17, 0))
    assert daytime.is_quiet(datetime.time(12, 0))
    assert not daytime.is_quiet(datetime.time(18, 0))
