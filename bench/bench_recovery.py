"""Recovery dashboard: does it stay as fast with ten years of history as with thirty days?

    .venv/bin/python bench/bench_recovery.py

Measures, side by side in one run, the dashboard's median response time for a client with 30
days of daily check-ins and for one with 10 years (3,650 check-ins, ~1,200 urges, slips), through
Django's test Client against a throw-away SQLite database in a child process, requests
interleaved so that both see the same machine conditions. Target: 10y / 30d <= 1.3. Each timed
view computes everything from the records (nothing kept between views: recovery/derived.py), as
the first view after a write does; the views that reuse what was kept are printed too.

`run(server_url)` accepts the common bench signature; the measurement is always in process,
because it needs to write the two histories straight into the database.
"""

import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import run_in_child

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 40
TARGET = 1.3


def run(server_url: str | None = None) -> list[str]:
    data = run_in_child(Path(__file__).resolve(), "tandem-bench-recovery-", timeout=900)
    if isinstance(data, str):
        return [f"recovery bench failed: {data}"]
    short, long = statistics.median(data["30d"]), statistics.median(data["10y"])
    ratio = long / short
    lines = [
        f"dashboard median, 30 days of history: {short * 1000:.1f} ms",
        f"dashboard median, 10 years of history: {long * 1000:.1f} ms",
        f"dashboard 10y/30d median ratio: {ratio:.2f} (target <= {TARGET})"
        + ("" if ratio <= TARGET else "  ** over target **"),
        f"dashboard median, reusing what was kept: {statistics.median(data['warm30d']) * 1000:.1f} ms (30 days), "
        f"{statistics.median(data['warm10y']) * 1000:.1f} ms (10 years)",
        f"dashboard queries: {data['queries']['30d']} (30 days) vs {data['queries']['10y']} (10 years)",
        f"urge screen median, 10 years of history: {statistics.median(data['urge']) * 1000:.1f} ms",
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
    call_command("migrate", verbosity=0, interactive=False)

    from tandem.recovery.demo import build_history
    from tests.support.world import make_user

    clients = {}
    for label, days in (("30d", 30), ("10y", 3650)):
        user = make_user(f"bench-{label}@example.test", f"Bench {label}", "client")
        build_history(user, days)
        client = Client()
        client.force_login(user)
        clients[label] = client
    from django.core.cache import caches

    from tandem.recovery import derived

    url = reverse("recovery_dashboard")
    queries = {}
    for label, client in clients.items():
        for _ in range(3):  # warm up: templates, caches, SQLite pages
            assert client.get(url).status_code == 200
        caches[derived.CACHE].clear()
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        queries[label] = len(ctx.captured_queries)
    times = {"30d": [], "10y": [], "warm30d": [], "warm10y": [], "urge": []}
    for i in range(ROUNDS):
        order = ("30d", "10y") if i % 2 == 0 else ("10y", "30d")
        for label in order:
            # Computed from the records: nothing kept (recovery/derived.py), as after a write.
            caches[derived.CACHE].clear()
            started = time.perf_counter()
            response = clients[label].get(url)
            times[label].append(time.perf_counter() - started)
            assert response.status_code == 200
            started = time.perf_counter()
            assert clients[label].get(url).status_code == 200
            times[f"warm{label}"].append(time.perf_counter() - started)
        started = time.perf_counter()
        clients["10y"].get(reverse("urge"))
        times["urge"].append(time.perf_counter() - started)
    print(json.dumps({**times, "queries": queries}))


if __name__ == "__main__":
    if "--child" in sys.argv:
        _child()
    else:
        for line in run():
            print(line)
