"""`manage.py worker`: a task-queue worker (django-tasks-db's `db_worker`) that also keeps the
clock for periodic work (reminders, meeting-feed refresh; see tandem/reminders/periodic.py).

Run one or more; every option of `db_worker` works (`--batch` runs what is due and exits).
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


def keep_the_clock(stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            periodic.tick(worker=worker_name())
        except Exception:  # the clock must outlive a bad minute (a locked or restarting database)
            logger.exception("periodic tick failed")
        finally:
            connection.close()
        stop.wait(settings.TANDEM_TICK_SECONDS)


class Command(db_worker.Command):
    help = "Run a task-queue worker that also enqueues periodic work (reminders, feed refresh)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--no-clock", action="store_true", help="Run queued tasks only; enqueue no periodic work.")

    def handle(self, *args, **options):
        reloading_parent = options["reload"] and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true"
        if not options.pop("no_clock") and not reloading_parent:
            if options["batch"]:
                periodic.tick(worker=worker_name())
            else:
                threading.Thread(target=keep_the_clock, args=(threading.Event(),), daemon=True).start()
        super().handle(*args, **options)
