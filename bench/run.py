"""`make bench`: Tandem's performance figures, each a ratio measured side by side in one run.

Starts Tandem the way production does (gunicorn and granian are both measured; the faster is
used for the rest), on a throw-away SQLite database, and prints one line per figure with its
target. No figure here is a test; none is asserted.

With DATABASE_URL=postgresql://… every bench runs on that PostgreSQL server instead, each on a
throw-away database of its own made beside the given one and dropped at the end (the given
database is never written to): the same figures, the same targets.
"""

import gzip
import os
import re
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import http_load
from bench.common import checkin_post, get, local_today, make_people, throwaway_database
from bench.server import Server, environment, prepare

SECONDS = float(os.environ.get("BENCH_SECONDS", "8"))
CONCURRENCY = 4
MINIMAL_PAGE = "/privacy/code/"  # a small signed-in page: one short form
DASHBOARD = "/today/"


def line(name: str, value: float, target: str, unit: str = "") -> None:
    print(f"{name:<58} {value:>10.2f}{unit}   target {target}", flush=True)


def throughput(server: Server, people: list[dict], path_for) -> http_load.Result:
    return http_load.run(
        server.url,
        lambda worker, n: path_for(people[(worker + n) % len(people)], n),
        seconds=SECONDS,
        concurrency=CONCURRENCY,
    )


def compressed_assets(server: Server, person: dict) -> int:
    request = urllib.request.Request(server.url + DASHBOARD, headers=get(person, DASHBOARD)[2])
    html = urllib.request.urlopen(request, timeout=10).read().decode()  # nosec B310 — our loopback server
    assets = set(re.findall(r'(?:src|href)="(/static/[^"]+\.(?:js|css))"', html))
    total = 0
    for asset in sorted(assets):
        body = urllib.request.urlopen(server.url + asset, timeout=10).read()  # nosec B310
        total += len(gzip.compress(body, compresslevel=9))
    return total


def web_figures(env: dict) -> None:
    people = make_people(env, 4, 120, "web")
    today = local_today()
    best = None
    for kind in ("gunicorn", "granian"):
        with Server(env, kind=kind) as server:
            minimal = throughput(server, people, lambda p, n: get(p, MINIMAL_PAGE))
            print(f"  {kind}: minimal page {minimal.throughput:.0f} req/s, {minimal.errors} errors", flush=True)
            if best is None or minimal.throughput > best[1]:
                best = (kind, minimal.throughput)
    kind = best[0]
    print(f"server: {kind} (the faster of gunicorn and granian on the minimal page)", flush=True)
    with Server(env, kind=kind) as server:
        # Interleave: minimal, dashboard, minimal, check-in — so all see the same conditions.
        minimal = throughput(server, people, lambda p, n: get(p, MINIMAL_PAGE))
        dashboard = throughput(server, people, lambda p, n: get(p, DASHBOARD))
        minimal_again = throughput(server, people, lambda p, n: get(p, MINIMAL_PAGE))
        checkins = throughput(server, people, lambda p, n: checkin_post(p, today))
        base = (minimal.throughput + minimal_again.throughput) / 2
        for name, result in (("dashboard", dashboard), ("check-in submit", checkins)):
            if result.errors:
                print(f"  {name}: {result.errors} errors, e.g. {result.error_samples[:1]}")
        line("dashboard throughput / minimal page throughput", dashboard.throughput / base, ">= 0.5")
        line("check-in submit throughput / minimal page throughput", checkins.throughput / base, ">= 0.3")
        line("dashboard JS+CSS transferred, gzip", compressed_assets(server, people[0]) / 1024, "<= 60", " KB")
    return kind


def main() -> None:
    with throwaway_database("tandem_bench_run") as postgres:
        if postgres:  # the server's figures and the load test use it; each bench gets its own
            os.environ["DATABASE_URL"] = postgres
        run_all()


def run_all() -> None:
    started = time.monotonic()
    only = sys.argv[1:]  # bench/run.py bench_journal bench_api: only those, without the server's figures
    print(f"Tandem bench — {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    if not only:
        with tempfile.TemporaryDirectory(prefix="tandem-bench-") as tmp:
            env = environment(Path(tmp))
            print(f"database: {env['DATABASE_URL'].split('@')[-1]}")
            prepare(env)
            kind = web_figures(env)
            from bench import load_test

            load_test.run(env, kind)
    for module_name in only or (
        "bench_recovery",
        "bench_caseload",
        "bench_fellowship",
        "bench_journal",
        "bench_api",
        "bench_reminders",
        "bench_picture",
        "bench_access_log",
        "bench_request_floor",
    ):
        try:
            module = __import__(f"bench.{module_name}", fromlist=["run"])
        except ModuleNotFoundError:
            continue
        shared = os.environ.get("DATABASE_URL")
        with throwaway_database(f"tandem_run_{module_name}") as own:  # PostgreSQL: each bench its own
            if own:  # (its data encrypted with its own key, say)
                os.environ["DATABASE_URL"] = own
            try:
                lines = module.run()
            finally:
                if shared is not None:
                    os.environ["DATABASE_URL"] = shared
        for text in lines:
            print(text, flush=True)
    print(f"bench finished in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
