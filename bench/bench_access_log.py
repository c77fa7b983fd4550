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
  that is one table (a plain copy of the same rows, in time order, with the same indexes): a
  DELETE of its oldest 1 % and the VACUUM (INDEX_CLEANUP ON) that gives their space and their
  index entries back. Target: drop ÷ delete <= 0.1. Both sides run under the same commit
  setting, synchronous_commit on and then off, interleaved, each after a CHECKPOINT (rows past
  a three-year retention are long since on disk). Printed beside it: the ratio to the DELETE with
  a plain VACUUM (which skips the index pass when under 2 % of the pages hold dead rows, leaving
  the index entries for a later VACUUM), to the DELETE statement alone, the cost of one commit
  here, an empty month's drop, and (BENCH_ACCESS_LOG_SCATTERED=0 to leave it out) a DELETE of 1 %
  spread over every page — not retention's case, where the oldest rows lie together.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 30
DROP_ROUNDS = 3
SMALL = 10_000
PAGE_TARGET = 1.5
DROP_TARGET = 0.1
DATABASE = "tandem_bench_access_log"
SETTINGS = ("on", "off")  # synchronous_commit, the same on both sides of the ratio
ENDING_KEYS = ("drop", "drop_statement", "drop_empty", "commit", "delete_full", "statement_full")
ENDING_KEYS += ("delete_default", "statement_default")


def rows_wanted() -> int:
    return int(os.environ.get("BENCH_ACCESS_LOG_ROWS", "10000000"))


def run(server_url: str | None = None) -> list[str]:
    import subprocess

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return ["access log at scale: skipped (PostgreSQL only: run with DATABASE_URL=postgresql://…)"]
    from bench.common import throwaway_database

    with throwaway_database(DATABASE) as bench_url:
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
    if result.returncode != 0:
        return [f"access log bench failed: {result.stderr.strip()[-2000:]}"]
    data = json.loads(result.stdout.strip().splitlines()[-1])
    first = statistics.median(data["big_first"]) / statistics.median(data["small_first"])
    deep = statistics.median(data["big_deep"]) / statistics.median(data["small_deep"])

    def verdict(value, target):
        return "" if value <= target else "  ** over target **"

    ms = lambda key: statistics.median(data[key]) * 1000  # noqa: E731
    lines = [
        f"access log: {data['rows']:,} rows in {data['partitions']} monthly partitions, "
        f"made in {data['setup']:.0f} s (generate_series)",
        f"my access log, first page: {ms('big_first'):.2f} ms ({data['big']:,} rows) vs "
        f"{ms('small_first'):.2f} ms ({SMALL:,} rows); queries {data['queries']['big']} vs {data['queries']['small']}",
        f"my access log {data['big']:,} rows / {SMALL:,} rows, first page: {first:.2f} (target <= {PAGE_TARGET})"
        + verdict(first, PAGE_TARGET),
        f"my access log {data['big']:,} rows / {SMALL:,} rows, a page deep in the log: {deep:.2f} "
        f"({ms('big_deep'):.2f} vs {ms('small_deep'):.2f} ms; target <= {PAGE_TARGET})" + verdict(deep, PAGE_TARGET),
    ]
    for setting in SETTINGS:
        got = {key: statistics.median(values) for key, values in data["ending"][setting].items()}
        drop = got["drop"]
        lines += [
            f"synchronous_commit = {setting}, both sides (a commit of one row here: {got['commit'] * 1000:.1f} ms):",
            f"  drop one month's partition ({data['month_rows']:,} rows, {data.get('month_bytes', 0) / 2**20:.0f} MB "
            f"with its indexes): {drop * 1000:.1f} ms (the DROP statement "
            f"{got['drop_statement'] * 1000:.1f} ms, the rest its commit); "
            f"an empty month: {got['drop_empty'] * 1000:.1f} ms",
            f"  DELETE of the oldest 1 % of the rows ({data['one_percent']:,}): {got['statement_full'] * 1000:.0f} ms, "
            f"with the VACUUM that gives their space and index entries back: {got['delete_full'] * 1000:.0f} ms",
            f"  dropping a month / deleting 1 % of the rows (DELETE + VACUUM): {drop / got['delete_full']:.4f} "
            f"(target <= {DROP_TARGET})" + verdict(drop / got["delete_full"], DROP_TARGET),
            f"  beside it: / DELETE + a plain VACUUM (index pass skipped, under 2 % of the pages touched: "
            f"{got['delete_default'] * 1000:.0f} ms): {drop / got['delete_default']:.4f}; "
            f"/ the DELETE statement alone (rows only marked dead): {drop / got['statement_full']:.4f}",
        ]
    scattered = data["scattered"]
    if scattered:
        lines.append(
            f"not retention's case: DELETE of 1 % spread over every page ({scattered['rows']:,} rows, "
            f"synchronous_commit = on): {scattered['statement'] * 1000:.0f} ms, with the VACUUM "
            f"{scattered['delete'] * 1000:.0f} ms; dropping a month / that: "
            f"{statistics.median(data['ending']['on']['drop']) / scattered['delete']:.4f}"
        )
    return lines


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
        partitions.make_months(cursor, table, oldest, partitions.next_month_n(oldest, 43))
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
    # space and index entries back. The way of the partitioned log: dropping one month, with the
    # upkeep's own function. Both sides under the same commit setting, interleaved, each after a
    # CHECKPOINT (three-year-old rows are long since written out: their pages are clean).
    one_percent = total // 100
    flat = "access_log_one_table"
    ending = {setting: {key: [] for key in ENDING_KEYS} for setting in SETTINGS}
    month_rows = month_bytes = 0
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {flat} (LIKE {table})")
        cursor.execute(f"INSERT INTO {flat} SELECT * FROM {table} ORDER BY at")  # noqa: S608  # nosec B608 - the bench's own table names
        cursor.execute(f"ALTER TABLE {flat} ADD PRIMARY KEY (id)")
        for columns in ("owner_id, at DESC", "at", "owner_id", "viewer_id"):
            cursor.execute(f"CREATE INDEX ON {flat} ({columns})")
        cursor.execute(f"VACUUM ANALYZE {flat}")

        def delete_oldest(vacuum: str) -> tuple[float, float]:
            cursor.execute(f"SELECT at FROM {flat} ORDER BY at OFFSET %s LIMIT 1", [one_percent])  # noqa: S608  # nosec B608 - the bench's own table names
            edge = cursor.fetchone()[0]
            cursor.execute("CHECKPOINT")
            t = time.perf_counter()
            cursor.execute(f"DELETE FROM {flat} WHERE at < %s", [edge])  # noqa: S608  # nosec B608 - the bench's own table names
            statement = time.perf_counter() - t
            cursor.execute(f"{vacuum} {flat}")
            return statement, time.perf_counter() - t

        def drop(name: str) -> tuple[float, float]:
            cursor.execute("CHECKPOINT")
            t = time.perf_counter()
            with transaction.atomic():  # partitions._drop's transaction, its statement timed apart
                cursor.execute(f"SET LOCAL lock_timeout = '{partitions.LOCK_TIMEOUT}'")
                cursor.execute(f"DROP TABLE {name}")
                statement = time.perf_counter() - t
            return statement, time.perf_counter() - t  # with the commit: WAL flushed, files removed

        cursor.execute(f"SELECT now(), max(id) FROM {flat}")  # noqa: S608  # nosec B608
        now, last_id = cursor.fetchone()
        full = [name for name, low, high in parts if oldest < low and high < now]
        months = iter(full[len(full) // 2 :])  # months in the middle of the log: full ones
        empty = iter(name for name, low, _high in reversed(parts) if low > now)
        for setting in SETTINGS:
            cursor.execute(f"SET synchronous_commit = {setting}")
            got = ending[setting]
            for _ in range(DROP_ROUNDS):
                for kind, vacuum in (("full", "VACUUM (INDEX_CLEANUP ON)"), ("default", "VACUUM")):
                    statement, whole = delete_oldest(vacuum)
                    got[f"statement_{kind}"].append(statement)
                    got[f"delete_{kind}"].append(whole)
                name = next(months)
                cursor.execute(f"SELECT count(*) FROM {name}")  # noqa: S608  # nosec B608 - the bench's own table names
                month_rows = cursor.fetchone()[0]
                cursor.execute("SELECT pg_total_relation_size(%s::regclass)", [name])  # with its indexes
                month_bytes = cursor.fetchone()[0]
                statement, whole = drop(name)
                got["drop_statement"].append(statement)
                got["drop"].append(whole)
                cursor.execute("CHECKPOINT")
                t = time.perf_counter()
                assert partitions._drop(cursor, next(empty))  # a month ahead, no rows: a drop's fixed cost
                got["drop_empty"].append(time.perf_counter() - t)
                t = time.perf_counter()  # one row changed and committed: the commit's cost here
                cursor.execute(f"UPDATE {flat} SET scope = scope WHERE id = %s", [last_id])  # noqa: S608  # nosec B608
                got["commit"].append(time.perf_counter() - t)
        cursor.execute("SET synchronous_commit = on")
        scattered = {}
        if os.environ.get("BENCH_ACCESS_LOG_SCATTERED", "1") != "0":
            # Not retention's case (the oldest rows lie together): 1 % spread over every page.
            cursor.execute("CHECKPOINT")
            t = time.perf_counter()
            cursor.execute(f"DELETE FROM {flat} WHERE id %% %s = 7", [100])  # noqa: S608  # nosec B608
            scattered = {"rows": cursor.rowcount, "statement": time.perf_counter() - t}
            cursor.execute(f"VACUUM {flat}")
            scattered["delete"] = time.perf_counter() - t
    print(
        json.dumps(
            {
                **times,
                "queries": queries,
                "ending": ending,
                "scattered": scattered,
                "rows": total,
                "big": total - SMALL,
                "partitions": len(parts),
                "setup": setup,
                "one_percent": one_percent,
                "month_rows": month_rows,
                "month_bytes": month_bytes,
            }
        )
    )


if __name__ == "__main__":
    if "--child" in sys.argv:
        _child()
    else:
        for line in run():
            print(line)
