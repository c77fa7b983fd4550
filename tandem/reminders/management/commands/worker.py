"""`manage.py worker`: a task-queue worker (django-tasks-db's `db_worker`) that also keeps the
clock for periodic work (reminders, meeting-feed refresh; see tandem/reminders/periodic.py).

Run one or more; every option of `db_worker` works (`--batch` runs what is due and exits). Its
clock thread also beats (`periodic.beat`) so that the other workers can tell it from a dead one,
and takes over the tasks of workers that died holding one (`periodic.recover_lost`).

A database that stops answering (PgBouncer or PostgreSQL restarting) does not end the worker, as
it would end `db_worker`: it waits RETRY_SECONDS and starts again, as a fresh worker, so a task it
could not mark finished is taken over by the clock (and a periodic one run again).
"""

import contextlib
import logging
import os
import threading
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from tandem.reminders import periodic
from tandem.reminders.tasks import worker_name

logger = logging.getLogger(__name__)
RETRY_SECONDS = 5
MAX_RESTARTS = 60
"""Starts again at most this many times (five minutes of a database that does not answer), then
the error ends the process: a database that never answers is a setting to fix (a password, a
missing migration), and systemd should show the unit stopping with the error (Restart=always
starts a new one)."""


def beat_and_tick(worker_id: str, *, clock: bool, fresh: bool = False) -> None:
    """One turn of the clock: this worker is alive, lost tasks are taken over, slots claimed."""
    beating = periodic.beat(worker_id, worker_name(), fresh=fresh)
    if clock:
        if beating:
            periodic.recover_lost()
        periodic.tick(worker=worker_name())


def keep_the_clock(stop: threading.Event, worker_id: str = "", *, clock: bool = True, wait_first: bool = False) -> None:
    while not (wait_first and stop.wait(settings.TANDEM_TICK_SECONDS)):
        wait_first = True
        try:
            beat_and_tick(worker_id or worker_name(), clock=clock)
        except (OperationalError, InterfaceError) as error:  # a restarting database: no traceback needed
            logger.warning("periodic tick: the database did not answer (%s)", error)
        except Exception:  # the clock must outlive a bad minute
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
        stop = threading.Event()
        # The thread beats, takes over lost tasks and claims slots every tick; with `--batch` that
        # is done once below, and its thread only beats, while a long task runs.
        threading.Thread(
            target=keep_the_clock,
            args=(stop, worker_id),
            kwargs={"clock": clock and not batch, "wait_first": batch},
            daemon=True,
        ).start()
        try:
            for restart in range(MAX_RESTARTS + 1):
                try:
                    # Before any claim: a task still RUNNING under this worker id is a predecessor's.
                    beat_and_tick(worker_id, clock=clock and batch, fresh=True)
                    return super().handle(*args, **options)
                except (OperationalError, InterfaceError) as error:
                    if batch or restart == MAX_RESTARTS:
                        raise
                    logger.warning(
                        "The database did not answer (%s); the worker starts again in %s s", error, RETRY_SECONDS
                    )
                    with contextlib.suppress(Exception):  # a broken connection may fail to close
                        connection.close()
                    time.sleep(RETRY_SECONDS)
        finally:
            stop.set()
