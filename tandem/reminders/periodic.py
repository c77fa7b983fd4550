"""Periodic work on the task queue, safe with any number of workers.

django-tasks has no clock of its own. Each worker (`manage.py worker`) looks at the clock every
TANDEM_TICK_SECONDS and, for every registered job whose current slot (the time cut into pieces of
the job's length, counted from the epoch) has no `PeriodicRun` row yet, inserts that row and
enqueues the job's task. The row is unique per (job, slot): of several workers ticking at once,
the first insert wins and the others get an IntegrityError and do nothing, on SQLite (writers
take turns) and on PostgreSQL alike. A worker that dies takes nothing with it: the next slot is
claimed by whichever worker ticks next.

A worker that dies *while running a task* would leave that task RUNNING for ever: django-tasks-db
records which worker claimed it (`DBTaskResult.worker_ids`) but keeps no heartbeat and never
retries. So each worker's clock thread also renews a `WorkerBeat` row every tick (`beat`), and
`recover_lost` — run by every worker's clock — marks failed a task still RUNNING whose worker has
not beaten for TANDEM_WORKER_LEASE_SECONDS (or has restarted since it claimed the task), and
enqueues a registered periodic job's task again
(all of them are idempotent: the reminder scan, the feed refresh, the logs' upkeep). A task is
taken over once: the first worker's conditional UPDATE wins, as with the slots.
"""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .models import PeriodicRun, WorkerBeat

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
    """Forget claimed slots older than `before` (they only matter while their slot is current),
    and the heartbeats of workers silent since then."""
    slots = PeriodicRun.objects.filter(slot__lt=before).delete()[0]
    return slots + WorkerBeat.objects.filter(seen_at__lt=before).delete()[0]


# --- workers that die holding a task -------------------------------------------------------------

LOST = "tandem.reminders.periodic.WorkerLost"
"""The exception class path a lost task is closed with (nothing raised it: its worker died)."""


def lease() -> datetime.timedelta:
    """How long a worker may be silent before it counts as gone: the setting, and never less than
    three of its beats (a busy database may delay one)."""
    return datetime.timedelta(seconds=max(settings.TANDEM_WORKER_LEASE_SECONDS, 3 * settings.TANDEM_TICK_SECONDS))


def beat(worker_id: str, name: str = "", now: datetime.datetime | None = None, *, fresh: bool = False) -> bool:
    """This worker is alive (its clock thread calls this every tick). `fresh`: it is about to start
    claiming tasks, so any task still RUNNING under its id is a predecessor's, lost.

    Returns whether it may take others for dead: not when its own previous beat is older than the
    lease. After a database outage longer than the lease every beat is old, and the first worker
    back would otherwise fail the tasks the others are still running; a beat later, they have
    beaten again. (A worker id never seen before may: it was not away.)"""
    now = now or timezone.now()
    worker_id = worker_id[:64]
    previous = WorkerBeat.objects.filter(worker_id=worker_id).values_list("seen_at", flat=True).first()
    values = {"name": name[:64], "seen_at": now, **({"started_at": now} if fresh else {})}
    WorkerBeat.objects.update_or_create(worker_id=worker_id, defaults=values)
    return previous is None or previous >= now - lease()


def _retried_paths() -> set[str]:
    return {job.task.module_path for job in jobs()}


def recover_lost(now: datetime.datetime | None = None) -> list[str]:
    """Fail every task still RUNNING whose worker is gone; enqueue a periodic job's task again.

    Gone: the worker id that claimed it last has not beaten since `now - lease()`; or it has, but
    from a process that began after the task was claimed (a restart under the same id); or it
    never beat and the task started before `now - lease()` (a plain `db_worker` keeps no
    heartbeat). The task paths taken over."""
    now = now or timezone.now()
    since = now - lease()
    suspects = list(DBTaskResult.objects.running())
    if not suspects:
        return []
    claimed_by = {task.pk: (task.worker_ids or [""])[-1] for task in suspects}
    beats = {b.worker_id: b for b in WorkerBeat.objects.filter(worker_id__in=set(claimed_by.values()))}
    retried = _retried_paths()
    recovered = []
    for task in suspects:
        worker_id = claimed_by[task.pk]
        beat = beats.get(worker_id)
        if beat is None:
            why = "kept no heartbeat" if task.started_at < since else ""
        elif beat.seen_at < since:
            why = f"no heartbeat since {beat.seen_at:%H:%M:%S} UTC (lease {lease().total_seconds():.0f} s)"
        elif beat.started_at > task.started_at:
            why = f"restarted at {beat.started_at:%H:%M:%S} UTC"
        else:
            why = ""
        if not why:
            continue  # a task on a live worker, however long it takes
        with transaction.atomic():
            taken = DBTaskResult.objects.filter(pk=task.pk, status=task.status).update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path=LOST,
                traceback=(
                    f"Worker {worker_id or '(unknown)'} stopped while running this task, "
                    f"started at {task.started_at:%Y-%m-%d %H:%M:%S} UTC: {why}."
                ),
            )
            again = taken and task.task_path in retried
            if again:
                task.task.enqueue(*task.args_kwargs.get("args", []), **task.args_kwargs.get("kwargs", {}))
        if taken:
            recovered.append(task.task_path)
            logger.warning(
                "Task %s (%s) was lost with worker %s (%s): marked failed%s",
                task.pk,
                task.task_path,
                worker_id or "(unknown)",
                why,
                ", enqueued again" if again else "",
            )
    return recovered
