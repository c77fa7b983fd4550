"""Tasks run by the queue's workers (`manage.py worker`). periodic.py enqueues the periodic ones."""

import datetime
import math
import os
import socket

from django.utils import timezone
from django_tasks import task

from tandem.fellowship import api as fellowship
from tandem.sharing import partitions

from . import delivery, periodic

PER_SENDER = 500
MAX_SENDERS = 8


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:64]  # after a fork the pid changes


@task()
def scan_reminders() -> dict:
    """Find what is due, let other workers help with big batches, and send."""
    now = timezone.now()
    asked = delivery.scan(now)
    helpers = min(math.ceil(delivery.waiting(now) / PER_SENDER), MAX_SENDERS) - 1
    for _ in range(max(helpers, 0)):
        send_reminders.enqueue()
    periodic.prune(
        now
        - datetime.timedelta(days=2)
        - max((datetime.timedelta(seconds=job.every()) for job in periodic.jobs()), default=datetime.timedelta())
    )
    return {"due": asked, **delivery.send_pending(worker_name())}


@task()
def send_reminders() -> dict:
    return delivery.send_pending(worker_name())


@task()
def refresh_meeting_feeds() -> dict:
    tried, failed = fellowship.refresh_feeds()
    return {"feeds": tried, "failed": failed}


@task()
def keep_logs() -> dict:
    """The access and audit logs: next months' partitions made, those past retention dropped."""
    return partitions.keep_logs()
