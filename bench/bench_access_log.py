"""The access log at scale, on PostgreSQL: is "my access log" as fast with 10 million rows as with
10,000, and is dropping a month a metadata operation?

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/bench_access_log.py

PostgreSQL only (on SQLite the log is one table and this prints that it was skipped). A throw-away
database is made on DATABASE_URL's server and migrated (the log partitioned by month); then, in
SQL with generate_series, BENCH_ACCESS_LOG_ROWS rows (default 10,000,000) spread evenly over the
last 36 months: 10,000 of them one person's, the rest another's. Measured side by side in one
run, interleaved, ROUNDS times each:
- the first page of "my access log" (`visits.page_for`, the privacy page's "Who has looked": one
  keyset-paginated query and the grouping into visits) for the person with the 10 M-row log and
  for the one with 10,000 rows; the same for a page deep in each log (from a cursor). Target:
  big ÷ small <= 1.5, with the same number of queries (one);
- the retention job's way of ending a month, dropping its partition, against the way of a log
  that is one table (a plain copy of the same rows with the same indexes): a DELETE of its
  oldest 1 % and the VACUUM without which PostgreSQL only marks the rows dead and gives neither
  their space nor their index entries back. Target: drop ÷ delete <= 0.1. The DELETE statement
  alone is printed beside it.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 30
DROP_ROUNDS = 3
SMALL = 10_000
PAGE_TARGET = 1.5
DROP_TARGET = 0.1
DATABASE = "tandem_bench_access_log"


def rows_wanted() -> int:
    return int(os.environ.get("BENCH_ACCESS_LOG_ROWS", "10000000"))


def run(server_url: str | None = None) -> list[str]:
    import subprocess

    import psycopg

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return ["access log at scale: skipped (PostgreSQL only: run with DATABASE_URL=postgresql://…)"]
    parts = urlsplit(url)
    bench_url = urlunsplit(parts._replace(path=f"/{DATABASE}"))
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}"')
        admin.execute(f'CREATE DATABASE "{DATABASE}"')
    try:
        env = dict(os.environ, DATABASE_URL=bench_url, DJANGO_SETTINGS_MODULE="tandem.settings_test")
        env.update(TANDEM_ENV="development", PYTHONPATH=str(ROOT))
        result = subprocess.run(
            [sys.executable, __file__, "--child"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=7200,
        )
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    if result.returncode != 0:
        return [f"access log bench failed: {result.stderr.strip()[-2000:]}"]
    data = json.loads(result.stdout.strip().splitlines()[-1])
    first = statistics.median(data["big_first"]) / statistics.median(data["small_first"])
    deep = statistics.median(data["big_deep"]) / statistics.median(data["small_deep"])
    drop = statistics.median(data["drop"]) / statistics.median(data["delete"])

    def verdict(value, target):
        return "" if value <= target else "  ** over target **"

    ms = lambda key: statistics.median(data[key]) * 1000  # noqa: E731
    return [
        f"access log: {data['rows']:,} rows in {data['partitions']} monthly partitions, "
        f"made in {data['setup']:.0f} s (generate_series)",
        f"my access log, first page: {ms('big_first'):.2f} ms ({data['big']:,} rows) vs "
        f"{ms('small_first'):.2f} ms ({SMALL:,} rows); queries {data['queries']['big']} vs {data['queries']['small']}",
        f"my access log {data['big']:,} rows / {SMALL:,} rows, first page: {first:.2f} (target <= {PAGE_TARGET})"
        + verdict(first, PAGE_TARGET),
        f"my access log {data['big']:,} rows / {SMALL:,} rows, a page deep in the log: {deep:.2f} "
        f"({ms('big_deep'):.2f} vs {ms('small_deep'):.2f} ms; target <= {PAGE_TARGET})" + verdict(deep, PAGE_TARGET),
        f"drop one month's partition ({data['month_rows']:,} rows): {ms('drop'):.1f} ms; "
        f"DELETE of 1 % of the rows ({data['one_percent']:,}): {ms('statement'):.0f} ms, "
        f"with the VACUUM that gives their space back: {ms('delete'):.0f} ms",
        f"dropping a month / deleting 1 % of the rows (DELETE + VACUUM): {drop:.4f} (target <= {DROP_TARGET})"
        + verdict(drop, DROP_TARGET),
        f"dropping a month / the DELETE statement alone (its tuples only marked dead): "
        f"{statistics.median(data['drop']) / statistics.median(data['statement']):.4f}",
        f"the drop: DROP TABLE statement {ms('drop_statement'):.1f} ms, its commit (the files removed, "
        f"the WAL flushed) the rest; dropping an empty month: {data['drop_empty'] * 1000:.1f} ms",
    ]


def _child() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from tandem.accounts.models import User
    from tandem.sharing import partitions, visits
    from tandem.sharing.models import AccessLogEntry

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    big = User.objects.create_user("big@example.test", "x" * 12, display_name="Big")
    small = User.objects.create_user("small@example.test", "x" * 12, display_name="Small")
    lee = User.objects.create_user("lee@example.test", "x" * 12, display_name="Lee")
    total = max(rows_wanted(), 2 * SMALL)
    table = "sharing_accesslogentry"
    span = "1095 days"  # the last 36 months
    with connection.cursor() as cursor:
        cursor.execute("SELECT now() - %s::interval", [span])
        oldest = cursor.fetchone()[0]
        partitions.make_months(cursor, table, oldest, partitions.next_month_n(oldest, 40))
        insert = (
            f"INSERT INTO {table} (owner_id, viewer_id, viewer_name, link_role, scope, object_kind, at) "  # noqa: S608  # nosec B608 - the bench's own table names
            "SELECT %s, %s, 'Lee', 'therapist', (ARRAY['checkins','urges','plan','sobriety'])[1 + g %% 4], '', "
            "now() - %s::interval * (g::float8 / %s) FROM generate_series(%s, %s) g"
        )
        chunk = 1_000_000
        for low in range(1, total - SMALL + 1, chunk):
            cursor.execute(insert, [big.pk, lee.pk, span, total - SMALL, low, min(low + chunk - 1, total - SMALL)])
        cursor.execute(insert, [small.pk, lee.pk, span, SMALL, 1, SMALL])
        cursor.execute(f"VACUUM ANALYZE {table}")
        parts = [p for p in partitions.partitions(cursor, table) if p[1] is not None]
    setup = time.monotonic() - started

    def cursor_at(owner, n):
        row = AccessLogEntry.objects.filter(owner=owner).order_by("-at", "-id").values_list("at", "id")[n]
        return visits._cursor(*row)

    deep = {"big": cursor_at(big, (total - SMALL) // 2), "small": cursor_at(small, SMALL // 2)}
    times = {key: [] for key in ("big_first", "small_first", "big_deep", "small_deep")}
    queries = {}
    for owner, name in ((big, "big"), (small, "small")):
        visits.page_for(owner)  # warm
        with CaptureQueriesContext(connection) as counted:
            visits.page_for(owner)
        queries[name] = len(counted)
    for _ in range(ROUNDS):
        for owner, name in ((big, "big"), (small, "small")):
            t = time.perf_counter()
            visits.page_for(owner)
            times[f"{name}_first"].append(time.perf_counter() - t)
            t = time.perf_counter()
            visits.page_for(owner, deep[name])
            times[f"{name}_deep"].append(time.perf_counter() - t)

    # Ending old rows. The way of a log that is one table: a copy of the same rows in one plain
    # table with the same indexes, a DELETE of its oldest 1 % and the VACUUM that gives their
    # space and index entries back. The way of the partitioned log: dropping one month.
    one_percent = total // 100
    flat = "access_log_one_table"
    drops, deletes, statements, drop_statements, month_rows = [], [], [], [], 0
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {flat} (LIKE {table})")
        cursor.execute(f"INSERT INTO {flat} SELECT * FROM {table}")  # noqa: S608  # nosec B608 - the bench's own table names
        cursor.execute(f"ALTER TABLE {flat} ADD PRIMARY KEY (id)")
        for columns in ("owner_id, at DESC", "at", "owner_id", "viewer_id"):
            cursor.execute(f"CREATE INDEX ON {flat} ({columns})")
        cursor.execute(f"VACUUM ANALYZE {flat}")
        for round_ in range(DROP_ROUNDS):
            cursor.execute(f"SELECT at FROM {flat} ORDER BY at OFFSET %s LIMIT 1", [one_percent])  # noqa: S608  # nosec B608 - the bench's own table names
            edge = cursor.fetchone()[0]
            t = time.perf_counter()
            cursor.execute(f"DELETE FROM {flat} WHERE at < %s", [edge])  # noqa: S608  # nosec B608 - the bench's own table names
            statements.append(time.perf_counter() - t)
            cursor.execute(f"VACUUM {flat}")
            deletes.append(time.perf_counter() - t)
            name = parts[-8 - round_][0]  # a month well inside the log
            cursor.execute(f"SELECT count(*) FROM {name}")  # noqa: S608  # nosec B608 - the bench's own table names
            month_rows = cursor.fetchone()[0]
            t = time.perf_counter()
            with transaction.atomic():  # as partitions._drop does, the statement timed on its own
                cursor.execute(f"SET LOCAL lock_timeout = '{partitions.LOCK_TIMEOUT}'")
                cursor.execute(f"DROP TABLE {name}")
                drop_statements.append(time.perf_counter() - t)
            drops.append(time.perf_counter() - t)  # with the commit, which removes the files
        empty = parts[-1][0]  # a month ahead, no rows: the fixed cost of a drop and its commit here
        t = time.perf_counter()
        assert partitions._drop(cursor, empty)
        drop_empty = time.perf_counter() - t
    print(
        json.dumps(
            {
                **times,
                "queries": queries,
                "drop": drops,
                "delete": deletes,
                "statement": statements,
                "drop_statement": drop_statements,
                "drop_empty": drop_empty,
                "rows": total,
                "big": total - SMALL,
                "partitions": len(parts),
                "setup": setup,
                "one_percent": one_percent,
                "month_rows": month_rows,
            }
        )
    )


if __name__ == "__main__":
    if "--child" in sys.argv:
        _child()
    else:
        for line in run():
            print(line)
