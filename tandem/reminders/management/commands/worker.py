"""`manage.py worker`: a task-queue worker (django-tasks-db's `db_worker`) that also keeps the
clock for periodic work (reminders, meeting-feed refresh; see tandem/reminders/periodic.py).

Run one or more; every option of `db_worker` works (`--batch` runs what is due and exits). Its
clock thread also beats (`periodic.beat`) so that the other workers can tell it from a dead one,
and takes over the tasks of workers that died holding one (`periodic.recover_lost`).
"""

import logging
import os
import threading

from django.conf import settings
from django.db import connection
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from tandem.reminders import periodic
from tandem.reminders.tasks import worker_name

logger = logging.getLogger(__name__)


def beat_and_tick(worker_id: str, *, clock: bool) -> None:
    """One turn of the clock: this worker is alive, lost tasks are taken over, slots claimed."""
    periodic.beat(worker_id, worker_name())
    if clock:
        periodic.recover_lost()
        periodic.tick(worker=worker_name())


def keep_the_clock(stop: threading.Event, worker_id: str = "", *, clock: bool = True, wait_first: bool = False) -> None:
    while not (wait_first and stop.wait(settings.TANDEM_TICK_SECONDS)):
        wait_first = True
        try:
            beat_and_tick(worker_id or worker_name(), clock=clock)
        except Exception:  # the clock must outlive a bad minute (a locked or restarting database)
            logger.exception("periodic tick failed")
        finally:
            connection.close()


class Command(db_worker.Command):
    help = "Run a task-queue worker that also enqueues periodic work (reminders, feed refresh)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--no-clock", action="store_true", help="Run queued tasks only; enqueue no periodic work.")

    def handle(self, *args, **options):
        reloading_parent = options["reload"] and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true"
        clock = not options.pop("no_clock")
        if reloading_parent:
            return super().handle(*args, **options)
        worker_id, batch = options["worker_id"], options["batch"]
        # Alive before any task is claimed; `--batch` also takes over lost tasks and ticks here, and
        # its thread only beats (while a long task runs).
        if batch:
            beat_and_tick(worker_id, clock=clock)
        else:
            periodic.beat(worker_id, worker_name())
        stop = threading.Event()
        beats = threading.Thread(
            target=keep_the_clock,
            args=(stop, worker_id),
            kwargs={"clock": clock and not batch, "wait_first": batch},
            daemon=True,
        )
        beats.start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
