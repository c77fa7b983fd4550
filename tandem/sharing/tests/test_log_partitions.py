"""The access log and the audit log by month: on PostgreSQL partitions made ahead and dropped
whole past retention; on SQLite the old rows deleted. Both keep working when a person goes."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tandem.accounts.models import User
from tandem.sharing import partitions, visits
from tandem.sharing.models import AccessLogEntry, AuditEvent, audit

pytestmark = pytest.mark.django_db
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="partitions exist on PostgreSQL only; SQLite keeps one table"
)
TABLES = [model._meta.db_table for model in partitions.MODELS]


@pytest.fixture
def people():
    return User.objects.create_user("robin@example.com", "x"), User.objects.create_user("lee@example.com", "x")


def read(owner, viewer, at):
    return AccessLogEntry.objects.create(owner=owner, viewer=viewer, viewer_name="Lee", scope="checkins", at=at)


def where(entry) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT tableoid::regclass::text FROM {entry._meta.db_table} WHERE id = %s", [entry.pk])  # noqa: S608  # nosec B608 - table names are ours, quoted
        return cursor.fetchone()[0]


def exists(table: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [table])
        return cursor.fetchone()[0] is not None


def days(n: int) -> timedelta:
    return timedelta(days=n)


def test_rows_past_retention_are_gone_and_the_rest_stay(people):
    robin, lee = people
    now = datetime.now(UTC)
    retention = settings.TANDEM_ACCESS_LOG_RETENTION_DAYS
    old, kept = read(robin, lee, now - days(retention + 70)), read(robin, lee, now - days(retention - 1))
    old_event = audit("link.accepted", actor=lee, subject=robin)
    AuditEvent.objects.filter(pk=old_event.pk).update(at=now - days(retention + 70))
    new_event = audit("link.accepted", actor=lee, subject=robin)

    partitions.keep_logs(now)

    assert list(AccessLogEntry.objects.values_list("id", flat=True)) == [kept.pk]
    assert list(AuditEvent.objects.values_list("id", flat=True)) == [new_event.pk]
    assert old.pk != kept.pk


def test_a_person_going_takes_their_log_and_leaves_others_a_name(people):
    robin, lee = people
    now = datetime.now(UTC)
    mine, seen_by_robin = read(robin, lee, now), read(lee, robin, now - days(40))
    event = audit("grant.added", actor=robin, subject=lee)
    robin.delete()
    assert not AccessLogEntry.objects.filter(pk=mine.pk).exists()  # CASCADE: the owner's own log
    left = AccessLogEntry.objects.get(pk=seen_by_robin.pk)
    assert (left.viewer_id, left.viewer_name) == (None, "Lee")  # SET NULL: the viewer's name stays
    assert AuditEvent.objects.get(pk=event.pk).actor_id is None
    assert visits.page_for(lee).visits[0].viewer_name == "Lee"


@on_postgresql
def test_both_logs_are_partitioned_by_month_with_the_owner_index_in_every_partition():
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(
                "SELECT p.partstrat, a.attname FROM pg_partitioned_table p "
                "JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0] "
                "WHERE p.partrelid = %s::regclass",
                [table],
            )
            assert cursor.fetchone() == ("r", "at"), table
            cursor.execute(
                "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'p'",
                [table],
            )
            assert cursor.fetchone()[0] == "PRIMARY KEY (id, at)"
            names = [name for name, _low, _high in partitions.partitions(cursor, table)]
            assert partitions.default_name(table) in names
            assert partitions.partition_name(table, partitions.month_start(datetime.now(UTC))) in names
        for name, _low, _high in partitions.partitions(cursor, "sharing_accesslogentry"):
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = %s", [name])
            assert any(d.endswith("USING btree (owner_id, at DESC)") for (d,) in cursor.fetchall()), name


@on_postgresql
def test_a_read_today_lands_in_this_months_partition(people):
    robin, lee = people
    partitions.keep_logs()
    entry = read(robin, lee, datetime.now(UTC))
    event = audit("link.accepted", actor=lee, subject=robin)
    this_month = partitions.month_start(datetime.now(UTC))
    assert where(entry) == partitions.partition_name("sharing_accesslogentry", this_month)
    assert where(event) == partitions.partition_name("sharing_auditevent", this_month)
    assert AccessLogEntry.objects.get(pk=entry.pk).owner == robin  # Django still reads by id


@on_postgresql
def test_months_ahead_are_made_and_a_row_waiting_in_default_moves_in(people):
    robin, lee = people
    far = partitions.next_month_n(datetime.now(UTC), 30) + days(3)
    early = read(robin, lee, far)
    assert where(early) == "sharing_accesslogentry_default"
    with connection.cursor() as cursor:
        assert partitions.make_month(cursor, "sharing_accesslogentry", partitions.month_start(far))
    assert where(early) == partitions.partition_name("sharing_accesslogentry", partitions.month_start(far))

    now = datetime(2031, 1, 15, tzinfo=UTC)
    made = partitions.keep_logs(now)["made"]
    for n in range(partitions.MONTHS_AHEAD + 1):
        assert partitions.partition_name("sharing_auditevent", partitions.next_month_n(now, n)) in made


@on_postgresql
def test_a_month_past_retention_is_dropped_whole_and_a_month_holding_a_kept_row_stays(people):
    robin, lee = people
    now = datetime(2030, 6, 17, 12, tzinfo=UTC)
    cutoff = partitions.retention_cutoff(now)
    gone_month = partitions.month_start(cutoff - days(40))
    edge_month = partitions.month_start(cutoff)  # begins before the cutoff, ends after it
    with connection.cursor() as cursor:
        for month in (gone_month, edge_month):
            partitions.make_month(cursor, "sharing_accesslogentry", month)
    gone = read(robin, lee, gone_month + days(2))
    edge_old, edge_kept = read(robin, lee, edge_month), read(robin, lee, cutoff + timedelta(hours=1))
    ancient, future = read(robin, lee, datetime(2001, 1, 1, tzinfo=UTC)), read(robin, lee, now + days(3650))
    assert where(gone) == partitions.partition_name("sharing_accesslogentry", gone_month)
    assert where(ancient) == where(future) == "sharing_accesslogentry_default"

    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # as committed rows are, out of a test
    result = partitions.keep_logs(now)

    gone_table = partitions.partition_name("sharing_accesslogentry", gone_month)
    edge_table = partitions.partition_name("sharing_accesslogentry", edge_month)
    assert gone_table in result["dropped"]
    assert not exists(gone_table)  # dropped, not emptied
    assert exists(edge_table)
    assert edge_table not in result["dropped"]
    remaining = set(AccessLogEntry.objects.values_list("id", flat=True))
    assert gone.pk not in remaining
    assert {edge_old.pk, edge_kept.pk, future.pk} <= remaining  # a kept month keeps all its rows
    assert ancient.pk not in remaining  # the DEFAULT partition: the old row deleted...
    assert exists("sharing_accesslogentry_default")  # ...and the partition kept
    assert result["deleted"] >= 1


@on_postgresql
def test_my_access_log_reads_the_owner_index_of_each_month(people):
    robin, lee = people
    now = datetime.now(UTC)
    with connection.cursor() as cursor:
        partitions.make_months(cursor, "sharing_accesslogentry", now - days(70), now)
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(owner=robin, viewer=lee, viewer_name="Lee", scope="checkins", at=now - timedelta(minutes=n * 30))
        for n in range(3000)
    )
    rows = AccessLogEntry.objects.filter(owner=robin).order_by("-at", "-id")[:51]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE sharing_accesslogentry")  # the planner sees a log worth an index
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        sql, params = rows.values_list("id", "at").query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(line for (line,) in cursor.fetchall())
    assert "owner_id_at_idx" in plan, plan
    assert "Merge Append" in plan, plan  # each month's index read in order, merged
    assert not re.search(r"(?<!Incremental )Sort  \(", plan), plan  # never a sort of the whole log


@on_postgresql
def test_a_page_from_a_cursor_starts_its_index_read_at_the_cursor_and_reads_no_newer_month(people):
    robin, lee = people
    now = datetime.now(UTC)
    table = "sharing_accesslogentry"
    with connection.cursor() as cursor:
        partitions.make_months(cursor, table, now - days(100), now)
    old = [read(robin, lee, now - days(100) - timedelta(minutes=n)) for n in range(60)]
    for n in range(60):
        read(robin, lee, now - timedelta(minutes=n))
    deep_cursor = visits._cursor(old[0].at, old[0].pk)  # "earlier visits" from the newest old row
    with CaptureQueriesContext(connection) as captured:
        visits.page_for(robin, deep_cursor)
    assert len(captured) == 1
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {captured[0]['sql']}")
        plan = "\n".join(line for (line,) in cursor.fetchall())
    at, _pk = visits._parse_cursor(deep_cursor)
    this_month = partitions.partition_name(table, partitions.month_start(now))
    assert at < partitions.month_start(now)  # the cursor is in an older month...
    assert this_month not in plan  # ...and this month is not read at all
    assert partitions.partition_name(table, partitions.month_start(at)) in plan
    # the cursor bounds the index read itself: it starts at the cursor, not at the month's newest row
    assert re.search(r"Index Cond: .*\(at <= ", plan), plan


def locks_held(tables: list[str]) -> set[tuple[str, str]]:
    """(table, lock mode) of the locks this connection holds on `tables`."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, l.mode FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "WHERE l.pid = pg_backend_pid() AND c.relname = ANY(%s)",
            [tables],
        )
        return set(cursor.fetchall())


@on_postgresql
def test_dropping_a_month_locks_the_log_for_a_moment_but_never_the_people_it_points_at(people):
    # The partition goes by DROP TABLE, its foreign keys being the parent's. Detaching it first
    # would leave it foreign keys of its own, and dropping those locks the users table whole:
    # every request would wait on the upkeep. (DETACH … CONCURRENTLY is refused beside a DEFAULT
    # partition.) Inside the test's transaction the drop's locks are still held to be read.
    robin, lee = people
    old_month = datetime(2001, 3, 1, tzinfo=UTC)
    name = partitions.partition_name("sharing_accesslogentry", old_month)
    with connection.cursor() as cursor:
        partitions.make_month(cursor, "sharing_accesslogentry", old_month)
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    read(robin, lee, old_month + days(3))
    users = User._meta.db_table
    before = locks_held([users])  # making the month (ATTACH) took its own, brief one
    assert ("sharing_accesslogentry", "AccessExclusiveLock") not in locks_held(["sharing_accesslogentry"])

    with connection.cursor() as cursor:
        assert partitions._drop(cursor, name)

    assert not exists(name)
    assert ("sharing_accesslogentry", "AccessExclusiveLock") in locks_held(["sharing_accesslogentry"])
    assert locks_held([users]) == before  # no lock on the people table beyond what was held


@pytest.fixture
def another_connection():
    """A second session on the test database, as a long read elsewhere would be."""
    import psycopg

    given = connection.settings_dict
    other = psycopg.connect(
        dbname=given["NAME"],
        user=given["USER"] or None,
        password=given["PASSWORD"] or None,
        host=given["HOST"] or None,
        port=given["PORT"] or None,
    )
    other.execute("SET lock_timeout = '5s'")
    yield other
    other.close()


@on_postgresql
def test_a_drop_behind_a_long_read_waits_only_a_moment_and_tries_again_later(
    people, another_connection, monkeypatch, caplog
):
    # While the drop waits for its lock every write to the log queues behind it: it gives up
    # after LOCK_TIMEOUT, pauses (the writers go on) and tries again, then leaves it to tomorrow.
    old_month = datetime(2001, 3, 1, tzinfo=UTC)
    name = partitions.partition_name("sharing_accesslogentry", old_month)
    with connection.cursor() as cursor:
        partitions.make_month(cursor, "sharing_accesslogentry", old_month)
    another_connection.execute("LOCK TABLE ONLY sharing_accesslogentry IN ACCESS SHARE MODE")  # a long read
    pauses = []
    monkeypatch.setattr(partitions.time, "sleep", pauses.append)

    with connection.cursor() as cursor:
        assert not partitions._drop(cursor, name)

    assert exists(name)
    assert pauses == [partitions.DROP_PAUSE] * (partitions.DROP_TRIES - 1)
    assert f"partition {name} not dropped" in caplog.text

    monkeypatch.setattr(partitions.time, "sleep", lambda seconds: another_connection.rollback())  # the read ends
    with connection.cursor() as cursor:
        assert partitions._drop(cursor, name)
    assert not exists(name)
