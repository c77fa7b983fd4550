"""Therapist caseload: does it stay fast with 300 clients and two years of history each?

    .venv/bin/python bench/bench_caseload.py

Measures, side by side in one run, the caseload page's median render time for a therapist with
5 clients and for one with 300 clients, every client with two years of daily history (check-ins,
middle-circle ticks, slips, meetings, calls, questionnaires, homework; ~300,000 check-ins in
all), through Django's test Client against a throw-away SQLite database in a child process, the
two requests interleaved so both see the same machine conditions. Two figures: a view that reuses
each client's kept warning signs (a reload, a sort, a page turn), target 300 / 5 <= 3; and the
first view of the day after every client wrote (each client's stamp renewed, which keeps their
date-independent facts on write — four weeks of check-in facts, the last check-in and slip, which
warning signs show on each of the next days — and nothing kept in memory), target 300 / 5 <= 2.5. Also the
number of queries of each (the same, by design), and the CPU time of each (wall time includes the
access-log write's disk sync, the same for both).

With `DATABASE_URL=postgresql://…` it runs on PostgreSQL instead: the child creates a throw-away
database next to the given one (Django's test database, `test_<name>`) and drops it at the end.

`run(server_url)` accepts the common bench signature; the measurement is always in process,
because it writes the histories straight into the database.
"""

import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import run_in_child

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 30
DAYS = 730
TARGET = 3.0
TARGET_FIRST = 2.5


def run(server_url: str | None = None) -> list[str]:
    data = run_in_child(Path(__file__).resolve(), "tandem-bench-caseload-", timeout=1800, postgres_ok=True)
    if isinstance(data, str):
        return [f"caseload bench failed: {data}"]
    small, big = statistics.median(data["5"]), statistics.median(data["300"])
    ratio = big / small
    cold5, cold300 = statistics.median(data["cold5"]), statistics.median(data["cold300"])
    first = cold300 / cold5
    lines = [
        f"caseload database: {data.get('vendor', 'sqlite')}",
        f"caseload median, 5 clients x {DAYS} days: {small * 1000:.1f} ms",
        f"caseload median, 300 clients x {DAYS} days: {big * 1000:.1f} ms",
        f"caseload 300/5 median ratio: {ratio:.2f} (target <= {TARGET})"
        + ("" if ratio <= TARGET else "  ** over target **"),
        f"caseload, first view of the day after every client wrote (nothing kept in memory): "
        f"{cold5 * 1000:.1f} ms (5) vs {cold300 * 1000:.1f} ms (300)",
        f"caseload first view 300/5 median ratio: {first:.2f} (target <= {TARGET_FIRST})"
        + ("" if first <= TARGET_FIRST else "  ** over target **"),
        f"caseload first view CPU time median: {statistics.median(data['coldcpu5']) * 1000:.1f} ms (5) vs "
        f"{statistics.median(data['coldcpu300']) * 1000:.1f} ms (300), ratio "
        f"{statistics.median(data['coldcpu300']) / statistics.median(data['coldcpu5']):.2f}"
        " (what a loaded machine cannot blur)",
        f"caseload CPU time median: {statistics.median(data['cpu5']) * 1000:.1f} ms (5) vs "
        f"{statistics.median(data['cpu300']) * 1000:.1f} ms (300), ratio "
        f"{statistics.median(data['cpu300']) / statistics.median(data['cpu5']):.2f}",
        f"caseload queries: {data['queries']['5']} (5 clients) vs {data['queries']['300']} (300 clients)",
        f"history written: {data['rows']} check-ins, set up in {data['setup']:.0f} s",
    ]
    if server_url:
        lines.append("(measured in process; the server at the given URL was not used)")
    return lines


def _child() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse

    setup_test_environment()
    postgres = connection.vendor == "postgresql"
    if postgres:  # a throw-away database next to the given one, dropped at the end
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    else:
        call_command("migrate", verbosity=0, interactive=False)

    from tandem.accounts.models import Practice
    from tandem.recovery.models import CheckIn
    from tests.support.caseload import populate
    from tests.support.world import make_user

    started = time.perf_counter()
    practice = Practice.objects.create(name="Bench practice")
    clients, owners = {}, {}
    for label, n in (("5", 5), ("300", 300)):
        therapist = make_user(f"bench-{label}@example.test", f"Bench {label}", "therapist", practice=practice, mfa=True)
        owners[label] = [u.pk for u in populate(therapist, n, days=DAYS, label=f"b{label}-", practice=practice)]
        client = Client()
        client.force_login(therapist)
        clients[label] = client
    setup = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    url = reverse("caseload")
    queries = {}
    for label, client in clients.items():
        for _ in range(3):  # warm up: templates, caches, SQLite pages
            assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        queries[label] = len(ctx.captured_queries)
    from django.core.cache import caches

    from tandem.recovery import derived

    times = {"5": [], "300": [], "cpu5": [], "cpu300": [], "cold5": [], "cold300": [], "coldcpu5": [], "coldcpu300": []}
    for i in range(ROUNDS):
        order = ("5", "300") if i % 2 == 0 else ("300", "5")
        for label in order:
            # The first view of the day after every client wrote: each one's stamp renewed, as by
            # a write (which keeps their date-independent facts), and nothing kept in memory ...
            derived.touch(*owners[label])
            caches[derived.CACHE].clear()
            started, cpu = time.perf_counter(), time.process_time()
            assert clients[label].get(url).status_code == 200
            times[f"cold{label}"].append(time.perf_counter() - started)
            times[f"coldcpu{label}"].append(time.process_time() - cpu)
            # ... and a view that reuses what that one kept (a reload, a sort, a page turn).
            started, cpu = time.perf_counter(), time.process_time()
            response = clients[label].get(url)
            times[label].append(time.perf_counter() - started)
            times[f"cpu{label}"].append(time.process_time() - cpu)
            assert response.status_code == 200
    rows = CheckIn.objects.count()
    vendor = connection.vendor
    if postgres:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print(json.dumps({**times, "queries": queries, "rows": rows, "setup": setup, "vendor": vendor}))


if __name__ == "__main__":
    if "--child" in sys.argv:
        _child()
    else:
        for line in run():
            print(line)
