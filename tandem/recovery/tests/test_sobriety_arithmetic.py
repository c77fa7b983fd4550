"""Streak and milestone arithmetic: local calendar days, across daylight saving and time zones."""

import datetime
import itertools
import zoneinfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.recovery.sobriety import (
    DEFAULT_MILESTONES,
    MilestoneSpecError,
    add_months,
    current_since,
    format_specs,
    local_date,
    milestones,
    next_milestone,
    parse_specs,
    reached,
    streak_days,
    streaks,
    total_sober_days,
    total_sober_days_from_dates,
)

UTC = datetime.UTC
ZONES = [
    "UTC",
    "America/New_York",
    "America/Los_Angeles",
    "Europe/London",
    "Europe/Berlin",
    "Australia/Sydney",
    "Australia/Lord_Howe",  # a 30-minute daylight-saving shift
    "Pacific/Chatham",  # +12:45 / +13:45
    "America/Santiago",  # changes at midnight: some local midnights don't exist
    "Asia/Kolkata",
    "Pacific/Kiritimati",  # +14
    "Pacific/Pago_Pago",  # -11
]
zones = st.sampled_from(ZONES).map(zoneinfo.ZoneInfo)
# hypothesis takes naive bounds and attaches the zone itself
instants = st.datetimes(
    min_value=datetime.datetime(2000, 1, 1),  # noqa: DTZ001
    max_value=datetime.datetime(2040, 1, 1),  # noqa: DTZ001
    timezones=st.just(UTC),
)
dates = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2040, 1, 1))
SPECS = parse_specs(DEFAULT_MILESTONES)


def local_midnights_between(start: datetime.datetime, end: datetime.datetime, zone) -> int:
    """An independent oracle: walk local midnight by local midnight, comparing real instants."""
    count = 0
    day = start.astimezone(zone).date()
    while True:
        day += datetime.timedelta(days=1)
        midnight = datetime.datetime.combine(day, datetime.time(0), tzinfo=zone).astimezone(UTC)
        # A midnight that doesn't exist (skipped by a DST jump) still starts the new date.
        if midnight.astimezone(zone).date() != day:
            midnight = datetime.datetime.combine(day, datetime.time(1), tzinfo=zone).astimezone(UTC)
        if midnight > end.astimezone(UTC):
            return count
        count += 1


@settings(max_examples=300, deadline=None)
@given(
    zone=zones,
    slip=instants,
    elapsed=st.timedeltas(min_value=datetime.timedelta(0), max_value=datetime.timedelta(days=120)),
)
def test_the_streak_is_the_number_of_local_midnights_since_the_slip(zone, slip, elapsed):
    now = slip + elapsed
    days = streak_days(local_date(slip, zone), local_date(now, zone))
    assert days == local_midnights_between(slip, now, zone)


@settings(max_examples=200, deadline=None)
@given(
    zone=zones,
    slip=instants,
    elapsed=st.timedeltas(min_value=datetime.timedelta(0), max_value=datetime.timedelta(days=800)),
)
def test_a_day_is_a_day_whatever_its_length(zone, slip, elapsed):
    """A streak never counts hours: 23- and 25-hour days count once, like any other."""
    now = slip + elapsed
    days = streak_days(local_date(slip, zone), local_date(now, zone))
    hours = elapsed.total_seconds() / 3600
    # A streak can't be more days than started days, nor fewer than full 25-hour days passed.
    assert days <= hours / 23 + 1
    assert days >= hours / 25 - 1


@settings(max_examples=200, deadline=None)
@given(zone=zones, slip=instants)
def test_24_hours_is_reached_at_the_next_local_midnight_even_on_a_short_day(zone, slip):
    since = local_date(slip, zone)
    first = next_milestone(since, since, SPECS)
    assert first.label == "24 hours"
    assert first.date == since + datetime.timedelta(days=1)
    assert [m.label for m in reached(since, first.date, SPECS)] == ["24 hours"]


def test_new_york_spring_forward_day_still_counts_one_day():
    zone = zoneinfo.ZoneInfo("America/New_York")
    slip = datetime.datetime(2025, 3, 8, 23, 30, tzinfo=zone)  # the night before clocks go forward
    after = datetime.datetime(2025, 3, 9, 23, 59, tzinfo=zone)  # 23.5 hours later on the clock, 22.5 real
    assert streak_days(local_date(slip, zone), local_date(after, zone)) == 1
    fall = datetime.datetime(2025, 11, 2, 0, 30, tzinfo=zone)
    later = datetime.datetime(2025, 11, 2, 23, 30, tzinfo=zone)  # a 25-hour day
    assert streak_days(local_date(fall, zone), local_date(later, zone)) == 0


def test_the_same_instant_is_a_different_day_in_different_zones():
    instant = datetime.datetime(2025, 6, 1, 3, 0, tzinfo=UTC)
    assert local_date(instant, zoneinfo.ZoneInfo("America/Los_Angeles")) == datetime.date(2025, 5, 31)
    assert local_date(instant, zoneinfo.ZoneInfo("Asia/Kolkata")) == datetime.date(2025, 6, 1)


def test_local_date_refuses_naive_datetimes():
    with pytest.raises(ValueError, match="aware"):
        local_date(datetime.datetime(2025, 1, 1), zoneinfo.ZoneInfo("UTC"))  # noqa: DTZ001 — naive on purpose


@settings(max_examples=300, deadline=None)
@given(start=dates, span=st.integers(0, 2000), offsets=st.lists(st.integers(-50, 2000), max_size=30))
def test_total_sober_days_counts_every_day_after_the_start_without_a_slip(start, span, offsets):
    today = start + datetime.timedelta(days=span)
    slips = [start + datetime.timedelta(days=o) for o in offsets if start + datetime.timedelta(days=o) <= today]
    brute = sum(1 for i in range(1, span + 1) if start + datetime.timedelta(days=i) not in set(slips))
    assert total_sober_days_from_dates(start, today, slips) == brute
    since = current_since(start, max((s for s in slips if s >= start), default=None))
    assert streak_days(since, today) <= total_sober_days_from_dates(start, today, slips) + 0
    # streaks partition the days: their lengths add up to the total plus the slip days after start
    runs = streaks(start, today, slips)
    assert sum(r.days for r in runs) == span
    assert runs[-1].since == since


@settings(max_examples=200, deadline=None)
@given(start=dates, span=st.integers(1, 3000), slip_offset=st.integers(1, 3000))
def test_a_slip_restarts_the_streak_and_keeps_the_total(start, span, slip_offset):
    today = start + datetime.timedelta(days=span)
    slip = start + datetime.timedelta(days=min(slip_offset, span))
    before = total_sober_days(start, today, 0)
    after = total_sober_days_from_dates(start, today, [slip])
    assert after == before - 1  # only the day of the slip is lost
    assert streak_days(current_since(start, slip), today) == (today - slip).days


def test_a_slip_on_the_sobriety_date_changes_nothing():
    start = datetime.date(2025, 1, 1)
    today = datetime.date(2025, 1, 31)
    assert current_since(start, start) == start
    assert total_sober_days_from_dates(start, today, [start]) == 30


def test_a_sobriety_date_in_the_past_counts_without_a_slip():
    start = datetime.date(2024, 1, 1)
    today = datetime.date(2025, 1, 1)
    assert streak_days(current_since(start, None), today) == 366
    assert total_sober_days(start, today, 0) == 366


@settings(max_examples=300, deadline=None)
@given(day=dates, months=st.integers(0, 600))
def test_add_months_keeps_the_day_or_clamps_to_the_month_end(day, months):
    result = add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    assert result.day == day.day or (result.day < day.day and (result + datetime.timedelta(days=1)).day == 1)


@settings(max_examples=200, deadline=None)
@given(since=dates, today_offset=st.integers(0, 4000))
def test_milestones_are_in_order_and_split_cleanly_at_today(since, today_offset):
    today = since + datetime.timedelta(days=today_offset)
    done = reached(since, today, SPECS)
    upcoming = next_milestone(since, today, SPECS)
    assert [m.date for m in done] == sorted(m.date for m in done)
    assert all(m.date <= today for m in done)
    assert upcoming is not None
    assert upcoming.date > today
    assert not done or done[-1].date < upcoming.date
    assert all(m.days == (m.date - since).days for m in done)


def test_default_milestones_follow_the_fellowship_customs():
    since = datetime.date(2025, 1, 31)
    labels = [(m.label, m.date) for m in itertools.islice(milestones(since, SPECS), 9)]
    assert labels == [
        ("24 hours", datetime.date(2025, 2, 1)),
        ("30 days", datetime.date(2025, 3, 2)),
        ("60 days", datetime.date(2025, 4, 1)),
        ("90 days", datetime.date(2025, 5, 1)),
        ("6 months", datetime.date(2025, 7, 31)),
        ("9 months", datetime.date(2025, 10, 31)),
        ("1 year", datetime.date(2026, 1, 31)),
        ("2 years", datetime.date(2027, 1, 31)),
        ("3 years", datetime.date(2028, 1, 31)),
    ]


def test_a_leap_day_sobriety_date_has_its_anniversary_on_28_february():
    since = datetime.date(2024, 2, 29)
    year = next(m for m in milestones(since, SPECS) if m.label == "1 year")
    assert year.date == datetime.date(2025, 2, 28)
    four = next(m for m in milestones(since, SPECS) if m.label == "4 years")
    assert four.date == datetime.date(2028, 2, 29)


def test_milestones_can_be_configured():
    specs = parse_specs("7d 1d 2y 18m")
    assert format_specs(specs) == "1d 7d 18m 2y"
    since = datetime.date(2025, 1, 1)
    assert [m.label for m in reached(since, datetime.date(2027, 1, 1), specs, yearly=False)] == [
        "24 hours",
        "7 days",
        "18 months",
        "2 years",
    ]
    assert next_milestone(since, datetime.date(2027, 1, 1), specs, yearly=False) is None
    assert next_milestone(since, datetime.date(2027, 1, 1), specs, yearly=True).label == "3 years"


@pytest.mark.parametrize("bad", ["", "0d", "tomorrow", "5w", "99999d"])
def test_milestone_settings_explain_what_is_wrong(bad):
    with pytest.raises(MilestoneSpecError) as error:
        parse_specs(bad)
    assert str(error.value)
