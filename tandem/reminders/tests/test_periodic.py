"""The clock of periodic work: one enqueue per slot whatever the number of workers, and the
queue's worker running what was enqueued (the meeting-feed refresh moved from cron)."""

import datetime
from unittest import mock

import pytest
import time_machine
from django.core.management import call_command
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from tandem.reminders import periodic, tasks
from tandem.reminders.models import PeriodicRun

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 6, 10, 12, 0, 30, tzinfo=datetime.UTC)


def test_each_slot_is_claimed_once_however_many_workers_tick():
    with time_machine.travel(NOW, tick=False):
        first = periodic.tick(worker="a")
        second = periodic.tick(worker="b")
    assert set(first) == {"reminders.scan", "fellowship.refresh_feeds", "sharing.keep_logs"}
    assert second == []
    assert DBTaskResult.objects.count() == 3
    with time_machine.travel(NOW + datetime.timedelta(minutes=1), tick=False):
        assert periodic.tick(worker="b") == ["reminders.scan"]  # the feeds and the logs wait for the next day


def test_a_failed_enqueue_gives_the_slot_back():
    job = periodic.jobs()[0]
    with (
        mock.patch.object(DatabaseBackend, "enqueue", side_effect=RuntimeError("queue table locked")),
        pytest.raises(RuntimeError),
    ):
        periodic.claim_and_enqueue(job, periodic.slot_of(NOW, 60))
    assert not PeriodicRun.objects.exists()
    assert periodic.claim_and_enqueue(job, periodic.slot_of(NOW, 60))


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """The worker closes old connections between tasks; in a test that is the test's own
    transaction (on PostgreSQL it would be closed under it), as Django's test client avoids too."""
    with mock.patch.object(db_worker, "close_old_connections"):
        yield


def test_the_worker_refreshes_meeting_feeds_from_the_queue():
    with mock.patch.object(tasks.fellowship, "refresh_feeds", return_value=(2, 0)) as refresh:
        tasks.refresh_meeting_feeds.enqueue()
        call_command("worker", "--batch", "--no-clock", "--no-startup-delay", "--no-reload", verbosity=0)
    refresh.assert_called_once_with()
    result = DBTaskResult.objects.get(task_path__endswith="refresh_meeting_feeds")
    assert result.status == "SUCCESSFUL"
    assert result.return_value == {"feeds": 2, "failed": 0}


def test_the_worker_in_batch_mode_ticks_the_clock_then_runs_what_is_due(person):
    from .conftest import prefs_for

    prefs_for(person, checkin_email=True, daily_time=datetime.time(0, 0))
    with mock.patch.object(tasks.fellowship, "refresh_feeds", return_value=(0, 0)):
        call_command("worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert DBTaskResult.objects.count() == 3  # the scan, the feeds and the logs' upkeep


def test_the_worker_keeps_going_when_one_person_s_reminder_data_is_broken(person, monkeypatch):
    from django.core import mail

    from tandem.reminders import kinds
    from tandem.reminders.models import Kind

    from .conftest import prefs_for

    broken = person.__class__.objects.create_user(
        email="broken@example.test", password="x" * 12, display_name="B", time_zone="America/New_York"
    )
    prefs_for(person, checkin_email=True, daily_time=datetime.time(0, 0))
    prefs_for(broken, fanos_email=True)

    def explode(prefs, now, context):
        raise ValueError("broken data")

    monkeypatch.setitem(kinds.DUE, Kind.FANOS, explode)
    with (
        time_machine.travel(datetime.datetime(2026, 6, 10, 4, 30, tzinfo=datetime.UTC)),  # 00:30 in New York
        mock.patch.object(tasks.fellowship, "refresh_feeds", return_value=(0, 0)),
    ):
        call_command("worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
        tasks.scan_reminders.enqueue()  # and again: the worker still runs tasks after the bad one
        call_command("worker", "--batch", "--no-clock", "--no-startup-delay", "--no-reload", verbosity=0)
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert [m.to for m in mail.outbox] == [[person.email]]
