"""A worker that dies holding a task (periodic.recover_lost): django-tasks-db would leave the task
RUNNING for ever; the other workers' clocks fail it once its worker has been silent for the lease,
and enqueue a periodic job's task again. A long task on a live worker is never touched."""

import datetime
from unittest import mock

import pytest
import time_machine
from django.core.management import call_command
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from tandem.reminders import periodic, tasks
from tandem.reminders.models import WorkerBeat

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 6, 10, 12, 0, 0, tzinfo=datetime.UTC)
LEASE = 120


@pytest.fixture(autouse=True)
def _lease(settings):
    settings.TANDEM_WORKER_LEASE_SECONDS = LEASE
    settings.TANDEM_TICK_SECONDS = 15


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """As in test_periodic: the worker's close_old_connections would close the test's transaction."""
    with mock.patch.object(db_worker, "close_old_connections"):
        yield


def running(task, worker_id: str, started: datetime.datetime) -> DBTaskResult:
    """`task` enqueued and claimed by `worker_id` at `started` (what db_worker does)."""
    result = DBTaskResult.objects.get(pk=task.enqueue().id)
    with time_machine.travel(started, tick=False):
        result.claim(worker_id)
    return result


def beat(worker_id: str, at: datetime.datetime) -> None:
    """`worker_id` started a day before NOW and last beat `at`."""
    periodic.beat(worker_id, "host:1", now=NOW - datetime.timedelta(days=1), fresh=True)
    periodic.beat(worker_id, "host:1", now=at)


def test_a_task_left_running_by_a_dead_worker_is_failed_and_a_periodic_job_enqueued_again(caplog):
    started = NOW - datetime.timedelta(minutes=10)
    beat("dead", NOW - datetime.timedelta(seconds=LEASE + 1))  # it beat until a little over the lease ago
    lost = running(tasks.refresh_meeting_feeds, "dead", started)
    with time_machine.travel(NOW, tick=False):
        assert periodic.recover_lost() == [lost.task_path]
    lost.refresh_from_db()
    assert lost.status == "FAILED"
    assert lost.exception_class_path == periodic.LOST
    assert "dead" in lost.traceback
    again = DBTaskResult.objects.exclude(pk=lost.pk).get()
    assert (again.task_path, again.status) == (lost.task_path, "READY")
    assert "lost with worker dead" in caplog.text


def test_a_long_task_on_a_live_worker_is_not_touched():
    started = NOW - datetime.timedelta(hours=3)  # far longer than the lease
    beat("busy", NOW - datetime.timedelta(seconds=20))  # but its clock thread still beats
    long = running(tasks.refresh_meeting_feeds, "busy", started)
    with time_machine.travel(NOW, tick=False):
        assert periodic.recover_lost() == []
    long.refresh_from_db()
    assert long.status == "RUNNING"
    assert DBTaskResult.objects.count() == 1


def test_a_task_started_within_the_lease_is_not_judged_yet():
    fresh = running(tasks.refresh_meeting_feeds, "no-beat-yet", NOW - datetime.timedelta(seconds=LEASE - 5))
    with time_machine.travel(NOW, tick=False):
        assert periodic.recover_lost() == []
    fresh.refresh_from_db()
    assert fresh.status == "RUNNING"


def test_a_lost_task_that_is_no_periodic_job_is_failed_but_not_run_again():
    lost = running(tasks.send_reminders, "gone", NOW - datetime.timedelta(minutes=5))  # never beat at all
    with time_machine.travel(NOW, tick=False):
        assert periodic.recover_lost() == [lost.task_path]
    lost.refresh_from_db()
    assert lost.status == "FAILED"
    assert DBTaskResult.objects.count() == 1  # its reminders come back by their own lease (delivery.py)


def test_a_lost_task_is_taken_over_once_however_many_workers_look():
    beat("dead", NOW - datetime.timedelta(hours=1))
    running(tasks.scan_reminders, "dead", NOW - datetime.timedelta(hours=1))
    with time_machine.travel(NOW, tick=False):
        first = periodic.recover_lost()
        second = periodic.recover_lost()
    assert len(first) == 1
    assert second == []
    assert DBTaskResult.objects.filter(status="READY").count() == 1


def test_the_lease_is_never_shorter_than_three_beats(settings):
    settings.TANDEM_WORKER_LEASE_SECONDS = 5
    settings.TANDEM_TICK_SECONDS = 15
    assert periodic.lease() == datetime.timedelta(seconds=45)


def test_a_worker_beats_and_reruns_a_periodic_job_a_dead_worker_was_holding():
    """The whole path through `manage.py worker`: the dead worker's feed refresh runs again now,
    not at the next day's slot."""
    beat("dead", NOW - datetime.timedelta(minutes=30))
    lost = running(tasks.refresh_meeting_feeds, "dead", NOW - datetime.timedelta(minutes=30))
    with (
        time_machine.travel(NOW, tick=False),
        mock.patch.object(tasks.fellowship, "refresh_feeds", return_value=(1, 0)) as refresh,
    ):
        call_command("worker", "--batch", "--no-startup-delay", "--no-reload", "--worker-id", "alive-1", verbosity=0)
    assert refresh.call_count == 2  # the lost one again, and today's slot (the clock ticked too)
    lost.refresh_from_db()
    assert lost.status == "FAILED"
    feeds = DBTaskResult.objects.filter(task_path=lost.task_path).exclude(pk=lost.pk)
    assert set(feeds.values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert WorkerBeat.objects.get(worker_id="alive-1").seen_at == NOW


def test_old_heartbeats_are_pruned_with_the_slots():
    beat("long-gone", NOW - datetime.timedelta(days=3))
    beat("recent", NOW - datetime.timedelta(minutes=1))
    periodic.prune(NOW - datetime.timedelta(days=2))
    assert list(WorkerBeat.objects.values_list("worker_id", flat=True)) == ["recent"]


def test_a_task_claimed_before_its_worker_restarted_under_the_same_id_is_lost():
    """systemd restarts a killed worker with the same --worker-id (docs/deploy.md): its new beats
    must not keep its predecessor's task alive."""
    lost = running(tasks.keep_logs, "host-1", NOW - datetime.timedelta(seconds=30))
    periodic.beat("host-1", "host:2", now=NOW - datetime.timedelta(seconds=10), fresh=True)
    periodic.beat("host-1", "host:2", now=NOW)
    with time_machine.travel(NOW, tick=False):
        assert periodic.recover_lost() == [lost.task_path]
    lost.refresh_from_db()
    assert "restarted" in lost.traceback
    assert DBTaskResult.objects.filter(task_path=lost.task_path, status="READY").count() == 1


def test_a_beat_that_is_not_fresh_keeps_the_workers_start():
    periodic.beat("w", "host:1", now=NOW - datetime.timedelta(minutes=5), fresh=True)
    periodic.beat("w", "host:1", now=NOW)
    kept = WorkerBeat.objects.get(worker_id="w")
    assert (kept.started_at, kept.seen_at) == (NOW - datetime.timedelta(minutes=5), NOW)


def test_the_worker_outlives_a_database_that_stops_answering(caplog):
    """PgBouncer or PostgreSQL restarting: db_worker would end with the error; ours waits, beats as
    a fresh worker (its unfinished task becomes a lost one) and runs again."""
    from django.db import OperationalError

    from tandem.reminders.management.commands import worker

    runs = []

    def run(self):
        runs.append(self.worker_id)
        if len(runs) == 1:
            raise OperationalError("server closed the connection unexpectedly")

    with (
        mock.patch.object(db_worker.Worker, "run", run),
        mock.patch.object(worker.time, "sleep", side_effect=[None, RuntimeError("looping")]) as slept,
        mock.patch.object(worker, "keep_the_clock"),  # its thread would write outside the test's transaction
        mock.patch.object(worker, "connection"),  # closing it would close the test's transaction
        mock.patch.object(worker.periodic, "beat", wraps=periodic.beat) as beats,
    ):
        call_command("worker", "--no-clock", "--no-reload", "--worker-id", "steady", verbosity=0)
    assert runs == ["steady", "steady"]
    slept.assert_called_once_with(worker.RETRY_SECONDS)
    assert [c.kwargs.get("fresh") for c in beats.call_args_list if c.args[0] == "steady"][-2:] == [True, True]
    assert "The database did not answer" in caplog.text


def test_a_batch_run_still_fails_on_a_database_error():
    from django.db import OperationalError

    with (
        mock.patch.object(db_worker.Worker, "run", side_effect=OperationalError("gone")),
        pytest.raises(OperationalError),
    ):
        call_command("worker", "--batch", "--no-clock", "--no-reload", verbosity=0)


def test_a_worker_back_from_a_database_outage_waits_a_beat_before_judging_the_others():
    """Every worker's beat is old after an outage longer than the lease: the first one back must
    not fail a task another worker is still running; one beat later, that worker has beaten too."""
    beat("first-back", NOW - datetime.timedelta(minutes=10))
    beat("still-running", NOW - datetime.timedelta(minutes=10))
    busy = running(tasks.refresh_meeting_feeds, "still-running", NOW - datetime.timedelta(minutes=11))

    assert periodic.beat("first-back", "host:1", now=NOW) is False  # it was away itself: no judging
    periodic.beat("still-running", "host:2", now=NOW + datetime.timedelta(seconds=5))
    assert periodic.beat("first-back", "host:1", now=NOW + datetime.timedelta(seconds=15)) is True
    with time_machine.travel(NOW + datetime.timedelta(seconds=15), tick=False):
        assert periodic.recover_lost() == []
    busy.refresh_from_db()
    assert busy.status == "RUNNING"


def test_the_worker_gives_up_on_a_database_that_never_answers(caplog):
    """A wrong password or a database not migrated is no outage: after MAX_RESTARTS the error ends
    the worker (systemd shows it failing) instead of a warning every 5 s for ever."""
    from django.db import OperationalError

    from tandem.reminders.management.commands import worker

    with (
        mock.patch.object(db_worker.Worker, "run", side_effect=OperationalError("password authentication failed")),
        mock.patch.object(worker.time, "sleep") as slept,
        mock.patch.object(worker, "keep_the_clock"),
        mock.patch.object(worker, "connection"),
        pytest.raises(OperationalError),
    ):
        call_command("worker", "--no-clock", "--no-reload", "--worker-id", "lost-key", verbosity=0)
    assert slept.call_count == worker.MAX_RESTARTS
