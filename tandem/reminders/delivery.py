"""Finding due reminders, claiming them and sending them: exactly once per due instant.

1. `scan(now)` asks each kind what is due for each person (kinds.py) and inserts one `Delivery`
   row per (person, kind, due instant, object). The row is unique: any number of scans, by any
   number of workers, make one row. People in their quiet hours are left out until they end.
2. `claim(worker, limit)` takes a batch of waiting rows (and rows whose worker's lease ran out:
   a worker killed mid-send) and marks them as its own until the lease ends; on PostgreSQL with
   `SELECT … FOR UPDATE SKIP LOCKED`, on SQLite in a writer's turn (writers take turns).
3. `send(worker, deliveries)` sends each by the person's chosen channels, then marks it sent, one
   row at a time, only if the row is still this worker's.

The window that remains: a worker killed after the SMTP server accepted a mail and before the
"sent" mark committed leaves a claimed row that another worker sends again when the lease ends.
The resend carries the same Message-ID (channels.message_id). See docs/reminders.md.
"""

import contextlib
import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from tandem.accounts import api as accounts

from . import channels, content, kinds
from .models import CHANNEL_FIELDS, Delivery, Failure, Preferences, Status

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 10
BATCH = 50


def _anything_on() -> Q:
    return Q(*((field, True) for field in CHANNEL_FIELDS), _connector=Q.OR)


def scan(now: datetime.datetime | None = None) -> int:
    """Insert a Delivery for every reminder due now; the number of rows it asked for."""
    now = now or timezone.now()
    preferences = list(Preferences.objects.filter(_anything_on(), stopped=False).select_related("owner"))
    context = kinds.context_for(preferences, now)
    rows = []
    for prefs in preferences:
        try:
            if prefs.is_quiet(now.astimezone(prefs.owner.zone).time()):
                continue
            dues = kinds.due_now(prefs, now, context)
        except Exception:  # one person's broken data must not stop everyone else's reminders
            logger.exception("reminders for person %s could not be worked out", prefs.owner_id)
            continue
        rows += [
            Delivery(
                owner_id=prefs.owner_id, kind=d.kind, due_at=d.due_at, stale_at=d.stale_at, object_key=d.object_key
            )
            for d in dues
        ]
    if rows:
        made = _recent_keys(now)
        rows = [row for row in rows if _key(row) not in made]
    Delivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    return len(rows)


def _key(row) -> tuple:
    return (row.owner_id, row.kind, row.due_at, row.object_key)


def _recent_keys(now) -> set[tuple]:
    """The rows already made for due instants that may still be fresh: each scan inserts only the
    new ones (the unique constraint still decides between two scans at the same moment)."""
    since = now - max(kinds.FRESH.values())
    return set(Delivery.objects.filter(due_at__gte=since).values_list("owner_id", "kind", "due_at", "object_key"))


def claimable(now) -> Q:
    return Q(status=Status.PENDING) | Q(status=Status.SENDING, lease_until__lt=now)


def claim(worker: str, limit: int = BATCH) -> list[Delivery]:
    now = timezone.now()
    lease = now + datetime.timedelta(seconds=settings.TANDEM_REMINDER_LEASE_SECONDS)
    with transaction.atomic():
        ids = list(
            Delivery.objects.filter(claimable(now))
            .order_by("due_at", "pk")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:limit]
        )
        Delivery.objects.filter(pk__in=ids).update(
            status=Status.SENDING, worker=worker, lease_until=lease, attempts=F("attempts") + 1
        )
    return list(Delivery.objects.filter(pk__in=ids, worker=worker).select_related("owner").order_by("due_at", "pk"))


def _finish(delivery, worker, status, **fields) -> None:
    Delivery.objects.filter(pk=delivery.pk, worker=worker, status=Status.SENDING).update(status=status, **fields)


def send_one(delivery, prefs, worker, mail) -> str:
    """Send one claimed delivery; its new status."""
    now = timezone.now()
    if prefs is None or now >= delivery.stale_at or not prefs.channels(delivery.kind):
        _finish(delivery, worker, Status.SKIPPED)
        return Status.SKIPPED
    # Written in the recipient's language, whatever the worker's (docs/i18n.md).
    with accounts.speaking(delivery.owner):
        try:
            message = content.message_for(delivery, prefs)
        except Exception:  # broken data: record what kind of failure, never the data
            logger.exception("reminder %s could not be written", delivery.pk)
            _finish(delivery, worker, Status.FAILED, error=Failure.BROKEN)
            return Status.FAILED
        wanted = prefs.channels(delivery.kind)
        if "email" in wanted:
            try:
                channels.email(delivery, message, mail)
            except (smtplib.SMTPException, OSError) as error:
                logger.warning("reminder %s: the mail server refused or was unreachable (%s)", delivery.pk, error)
                status = Status.FAILED if delivery.attempts >= MAX_ATTEMPTS else Status.PENDING
                _finish(delivery, worker, status, error=Failure.MAIL)
                return status
    pushed = "push" in wanted and channels.push(delivery, message) > 0
    _finish(delivery, worker, Status.SENT, sent_at=timezone.now(), emailed="email" in wanted, pushed=pushed)
    return Status.SENT


@contextlib.contextmanager
def marks_without_waiting_for_the_disk():
    """Commit the "sent" marks without an fsync each (one costs as much as sending the mail).
    SQLite in WAL with synchronous=NORMAL and PostgreSQL with synchronous_commit=off still keep
    every commit when the worker process is killed; only a power cut or an operating-system crash
    may lose the last marks of a moment, and those reminders are then sent again with the same
    Message-ID (docs/reminders.md)."""
    vendor = connection.vendor
    if vendor == "sqlite" and connection.in_atomic_block:  # SQLite refuses it inside a transaction
        vendor = "unchanged"
    with connection.cursor() as cursor:
        if vendor == "sqlite":
            cursor.execute("PRAGMA synchronous=NORMAL")
        elif vendor == "postgresql":
            cursor.execute("SET synchronous_commit TO off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if vendor == "sqlite":
                cursor.execute("PRAGMA synchronous=FULL")
            elif vendor == "postgresql":
                cursor.execute("RESET synchronous_commit")


def send(worker: str, deliveries: list[Delivery]) -> dict[str, int]:
    preferences = {p.owner_id: p for p in Preferences.objects.filter(owner_id__in={d.owner_id for d in deliveries})}
    counts: dict[str, int] = {}
    mail = get_connection()
    with contextlib.suppress(smtplib.SMTPException, OSError):  # one SMTP session for the batch; if
        mail.open()  # the server is away, the first send says so and the batch is given back
    try:
        for index, delivery in enumerate(deliveries):
            prefs = preferences.get(delivery.owner_id)
            if prefs is not None:
                prefs.owner = delivery.owner
            status = send_one(delivery, prefs, worker, mail)
            counts[status] = counts.get(status, 0) + 1
            if status == Status.PENDING:  # the mail server is away: give the rest back for later
                rest = [d.pk for d in deliveries[index + 1 :]]
                Delivery.objects.filter(pk__in=rest, worker=worker, status=Status.SENDING).update(status=Status.PENDING)
                counts[Status.PENDING] += len(rest)
                break
    finally:
        with contextlib.suppress(smtplib.SMTPException, OSError):
            mail.close()
    return counts


def send_pending(worker: str, *, limit: int | None = None) -> dict[str, int]:
    """Claim and send batches until nothing is waiting (or `limit` deliveries were handled, or
    the mail server is away: the next scan tries again)."""
    totals: dict[str, int] = {}
    handled = 0
    while limit is None or handled < limit:
        batch = claim(worker, BATCH if limit is None else min(BATCH, limit - handled))
        if not batch:
            break
        with marks_without_waiting_for_the_disk():
            counts = send(worker, batch)
        for status, count in counts.items():
            totals[status] = totals.get(status, 0) + count
        handled += len(batch)
        if Status.PENDING in counts:
            break
    return totals


def waiting(now=None) -> int:
    return Delivery.objects.filter(claimable(now or timezone.now())).count()
