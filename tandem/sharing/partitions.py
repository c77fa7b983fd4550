"""The access log and the audit log by month, on PostgreSQL.

Every read of someone else's data writes an AccessLogEntry; at 100,000 clients that is billions
of rows over the retention (TANDEM_ACCESS_LOG_RETENTION_DAYS, at least three years). On PostgreSQL
both tables are partitioned by RANGE on `at`, one partition a month (migration 0002), plus a
DEFAULT partition that catches any row outside the months made. `keep_logs()` runs once a day on
the task queue (tandem/reminders registers it): it makes the partitions for the months ahead and
drops a month's partition whole once its last moment is past retention — a metadata operation,
not a delete of millions of rows. Rows in the DEFAULT partition past retention are deleted.

On SQLite (and on a PostgreSQL table that is not partitioned) the same call deletes the rows
older than the retention, which is what keeps the log's size bounded there.

The primary key of a partitioned table must hold the partition key: it is (id, at) in the
database; Django keeps using `id`, which one sequence still makes unique.
"""

import datetime
import logging
import re
import time

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.utils import timezone

from .models import AccessLogEntry, AuditEvent

logger = logging.getLogger(__name__)
MONTHS_AHEAD = 3
LOCK_TIMEOUT = "200ms"  # the longest the log's writers may queue behind a drop waiting for its lock
DROP_TRIES = 5
DROP_PAUSE = 3.0  # seconds between tries, the log's writers free meanwhile
MODELS = (AccessLogEntry, AuditEvent)
_BOUND = re.compile(r"FOR VALUES FROM \('([^']+)'\) TO \('([^']+)'\)")


def month_start(moment: datetime.datetime) -> datetime.datetime:
    moment = moment.astimezone(datetime.UTC)
    return datetime.datetime(moment.year, moment.month, 1, tzinfo=datetime.UTC)


def next_month(start: datetime.datetime) -> datetime.datetime:
    return start.replace(year=start.year + start.month // 12, month=start.month % 12 + 1)


def partition_name(table: str, start: datetime.datetime) -> str:
    return f"{table}_p{start:%Y_%m}"


def default_name(table: str) -> str:
    return f"{table}_default"


def is_partitioned(cursor, table: str) -> bool:
    if cursor.db.vendor != "postgresql":
        return False
    cursor.execute(
        "SELECT 1 FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid "
        "WHERE c.relname = %s AND pg_table_is_visible(c.oid)",
        [table],
    )
    return cursor.fetchone() is not None


def partitions(cursor, table: str) -> list[tuple[str, datetime.datetime | None, datetime.datetime | None]]:
    """(name, from, to) of each partition of `table`, oldest first; the DEFAULT one has None, None."""
    cursor.execute(
        "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i "
        "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = %s::regclass",
        [table],
    )
    found = []
    for name, bound in cursor.fetchall():
        match = _BOUND.search(bound or "")
        if match:
            low, high = (datetime.datetime.fromisoformat(value) for value in match.groups())
            found.append((name, low, high))
        else:
            found.append((name, None, None))
    return sorted(found, key=lambda p: (p[1] is not None, p[1] or datetime.datetime.min.replace(tzinfo=datetime.UTC)))


def make_month(cursor, table: str, start: datetime.datetime) -> bool:
    """Make `table`'s partition for the month from `start`, moving into it any row the DEFAULT
    partition holds for that month. False when it exists already."""
    name, end = partition_name(table, start), next_month(start)
    cursor.execute("SELECT to_regclass(%s)", [name])
    if cursor.fetchone()[0] is not None:
        return False
    q = cursor.db.ops.quote_name
    default = default_name(table)
    with transaction.atomic(using=cursor.db.alias):
        cursor.execute(f"CREATE TABLE {q(name)} (LIKE {q(table)} INCLUDING DEFAULTS INCLUDING STORAGE)")
        cursor.execute("SELECT to_regclass(%s)", [default])
        if cursor.fetchone()[0] is not None:
            move = f"WITH moved AS (DELETE FROM {q(default)} WHERE at >= %s AND at < %s RETURNING *) "  # noqa: S608  # nosec B608
            move += f"INSERT INTO {q(name)} SELECT * FROM moved"  # noqa: S608  # nosec B608 - our names, quoted
            cursor.execute(move, [start, end])
        cursor.execute(f"ALTER TABLE {q(table)} ATTACH PARTITION {q(name)} FOR VALUES FROM (%s) TO (%s)", [start, end])
    return True


def make_months(cursor, table: str, first: datetime.datetime, last: datetime.datetime) -> list[str]:
    made, start = [], month_start(first)
    while start <= last:
        if make_month(cursor, table, start):
            made.append(partition_name(table, start))
        start = next_month(start)
    return made


def retention_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    return (now or timezone.now()) - datetime.timedelta(days=settings.TANDEM_ACCESS_LOG_RETENTION_DAYS)


def keep_logs(now: datetime.datetime | None = None) -> dict:
    """Make the months ahead, drop the months past retention; on SQLite delete the old rows."""
    now = now or timezone.now()
    cutoff = retention_cutoff(now)
    made, dropped, deleted = [], [], 0
    with connection.cursor() as cursor:
        for model in MODELS:
            table = model._meta.db_table
            if not is_partitioned(cursor, table):
                deleted += model.objects.filter(at__lt=cutoff).delete()[0]
                continue
            made += make_months(cursor, table, now, next_month_n(now, MONTHS_AHEAD))
            q = cursor.db.ops.quote_name
            for name, _low, high in partitions(cursor, table):
                if high is None:
                    cursor.execute(f"DELETE FROM {q(name)} WHERE at < %s", [cutoff])  # noqa: S608  # nosec B608 - table names are ours, quoted
                    deleted += cursor.rowcount
                elif high <= cutoff and _drop(cursor, name):
                    dropped.append(name)
    return {"made": made, "dropped": dropped, "deleted": deleted}


def _drop(cursor, name: str) -> bool:
    """Drop one partition: DROP TABLE, a catalogue change, and at its commit the month's files
    removed, however many rows it held. It takes an ACCESS EXCLUSIVE lock on the log (and on its
    DEFAULT partition) until it commits. While it waits for that lock behind a long read, every
    new write to the log queues behind it — and every read of someone's data writes one — so it
    waits at most LOCK_TIMEOUT, DROP_TRIES times with DROP_PAUSE between, and otherwise leaves
    the month to the next day's run.

    Not DETACH first: DETACH … CONCURRENTLY is refused beside a DEFAULT partition, and a month
    detached keeps foreign keys of its own, whose drop locks the users table whole. Nor
    synchronous_commit = off: PostgreSQL flushes the commit of a transaction that removes files
    whatever that setting says (xact.c, RecordTransactionCommit)."""
    q = cursor.db.ops.quote_name
    for attempt in range(DROP_TRIES):
        if attempt:
            time.sleep(DROP_PAUSE)
        try:
            with transaction.atomic(using=cursor.db.alias):
                cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
                cursor.execute(f"DROP TABLE {q(name)}")
        except OperationalError:
            continue
        return True
    logger.warning("partition %s not dropped: its table was busy; the next run tries again", name)
    return False


def next_month_n(moment: datetime.datetime, months: int) -> datetime.datetime:
    start = month_start(moment)
    for _ in range(months):
        start = next_month(start)
    return start
