"""The kinds read real data through the feature apps' api.py (no stand-ins)."""

import datetime

import pytest
import time_machine

from tandem.couple.models import FanosPrefs
from tandem.fellowship import api as fellowship
from tandem.fellowship.timeutil import feed_day
from tandem.reminders import delivery
from tandem.reminders.models import Delivery, Kind
from tandem.therapy.models import Homework
from tests.support.world import make_user

from .conftest import prefs_for

pytestmark = pytest.mark.django_db
UTC = datetime.UTC
NOON = datetime.datetime(2026, 6, 10, 16, 0, tzinfo=UTC)  # 12:00 in New York, a Wednesday


def scanned(moment) -> list[Delivery]:
    with time_machine.travel(moment, tick=False):
        delivery.scan()
    return list(Delivery.objects.order_by("kind"))


def test_a_meeting_in_the_schedule_is_reminded_minutes_before_its_start(person):
    day = datetime.date(2026, 6, 10)
    fellowship.add_to_schedule(
        person,
        {"name": "Wednesday group", "day": str(feed_day(day)), "time": "12:30", "time_zone": "America/New_York"},
    )
    prefs_for(person, meeting_email=True, meeting_minutes=45)
    (row,) = scanned(NOON)
    assert row.kind == Kind.MEETING
    assert row.due_at == datetime.datetime(2026, 6, 10, 15, 45, tzinfo=UTC)
    assert row.stale_at == datetime.datetime(2026, 6, 10, 16, 30, tzinfo=UTC)
    assert row.object_key.startswith("entry:")


def test_open_homework_is_reminded_on_its_due_day_and_done_homework_is_not(person):
    Homework.objects.create(owner=person, kind="task", title="A letter", due_on=datetime.date(2026, 6, 10))
    Homework.objects.create(owner=person, kind="task", title="Done", due_on=datetime.date(2026, 6, 10), status="done")
    prefs_for(person, homework_email=True)
    (row,) = scanned(NOON)
    assert row.kind == Kind.HOMEWORK
    assert row.due_at == datetime.datetime(2026, 6, 10, 12, 0, tzinfo=UTC)  # 08:00 New York


def test_fanos_follows_the_couple_s_rhythm(person):
    FanosPrefs.objects.create(owner=person, cadence="daily")
    prefs_for(person, fanos_email=True)
    (row,) = scanned(NOON)
    assert row.kind == Kind.FANOS
    FanosPrefs.objects.filter(owner=person).update(cadence="none")
    Delivery.objects.all().delete()
    assert scanned(NOON) == []


def test_the_reaching_out_nudge_comes_when_the_person_s_own_threshold_passes(person):
    with time_machine.travel(NOON, tick=False):
        fellowship.log_outreach(person, {"date": "2026-06-07", "kind": "call", "direction": "out"})
    prefs_for(person, outreach_email=True, outreach_days=3)
    (row,) = scanned(NOON)  # the 7th + 3 days = the 10th, at 08:00
    assert (row.kind, row.due_at) == (Kind.OUTREACH, datetime.datetime(2026, 6, 10, 12, 0, tzinfo=UTC))
    Delivery.objects.all().delete()
    with time_machine.travel(NOON - datetime.timedelta(days=1), tick=False):
        assert delivery.scan() == 0  # the 9th: only two days


def test_meetings_fanos_homework_and_last_contact_are_read_once_per_scan_for_3_people_or_15(django_assert_num_queries):
    def people(count, start):
        for i in range(start, start + count):
            user = make_user(f"f{i}@example.test", f"F{i}", "client", tz="America/New_York")
            FanosPrefs.objects.create(owner=user, cadence="daily")
            Homework.objects.create(owner=user, kind="task", title="A letter", due_on=datetime.date(2026, 6, 10))
            with time_machine.travel(NOON, tick=False):
                fellowship.log_outreach(user, {"date": "2026-06-07", "kind": "call", "direction": "out"})
            fellowship.add_to_schedule(
                user,
                {"name": "Group", "day": str(feed_day(NOON.date())), "time": "12:30", "time_zone": "America/New_York"},
            )
            prefs_for(
                user, fanos_email=True, homework_email=True, outreach_email=True, outreach_days=3, meeting_email=True
            )

    people(3, 0)
    # prefs, FANOS rhythms, open homework, last contacts, schedules, rows made, insert
    with time_machine.travel(NOON, tick=False), django_assert_num_queries(7):
        assert delivery.scan() == 12
    people(12, 3)
    Delivery.objects.all().delete()
    with time_machine.travel(NOON, tick=False), django_assert_num_queries(7):
        assert delivery.scan() == 60  # one insert: 60 rows fit SQLite's parameter limit
