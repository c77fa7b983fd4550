"""Periodic work on the task queue, safe with any number of workers.

django-tasks has no clock of its own. Each worker (`manage.py worker`) looks at the clock every
TANDEM_TICK_SECONDS and, for every registered job whose current slot (the time cut into pieces of
the job's length, counted from the epoch) has no `PeriodicRun` row yet, inserts that row and
enqueues the job's task. The row is unique per (job, slot): of several workers ticking at once,
the first insert wins and the others get an IntegrityError and do nothing, on SQLite (writers
take turns) and on PostgreSQL alike. A worker that dies takes nothing with it: the next slot is
claimed by whichever worker ticks next.
"""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import PeriodicRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    task: object  # a django-tasks Task
    every: Callable[[], int]  # seconds, read at each tick so settings may change in tests


_JOBS: dict[str, Job] = {}


def register(name: str, task, *, every: Callable[[], int]) -> None:
    _JOBS[name] = Job(name, task, every)


def jobs() -> list[Job]:
    return list(_JOBS.values())


def slot_of(now: datetime.datetime, seconds: int) -> datetime.datetime:
    """The start of the slot of `seconds` that holds `now` (aware, UTC)."""
    epoch = int(now.timestamp())
    return datetime.datetime.fromtimestamp(epoch - epoch % seconds, tz=datetime.UTC)


def claim_and_enqueue(job: Job, slot: datetime.datetime, worker: str = "") -> bool:
    """Insert the slot's row and enqueue the job's task in one transaction (the queue is a table
    of the same database): both or neither. False when another worker already has the slot."""
    try:
        with transaction.atomic():
            PeriodicRun.objects.create(name=job.name, slot=slot, worker=worker[:64])
            job.task.enqueue()
    except IntegrityError:
        return False
    return True


def tick(now: datetime.datetime | None = None, worker: str = "") -> list[str]:
    """Enqueue every job whose current slot nobody has claimed yet; the names enqueued."""
    now = now or timezone.now()
    enqueued = []
    for job in jobs():
        if claim_and_enqueue(job, slot_of(now, job.every()), worker):
            enqueued.append(job.name)
    return enqueued


def prune(before: datetime.datetime) -> int:
    """Forget claimed slots older than `before` (they only matter while their slot is current)."""
    return PeriodicRun.objects.filter(slot__lt=before).delete()[0]
