"""What one request costs: queries and CPU milliseconds of the busiest pages (docs/scale.md).

    .venv/bin/python bench/request_cost.py               (DATABASE_URL=postgresql://… works too)
    .venv/bin/python bench/request_cost.py --profile /privacy/code/     (cProfile of one page;
        BENCH_COST_SORT=tottime to sort otherwise, BENCH_COST_LINES=300 for more lines)

Runs in a child process under production settings (DEBUG off, the cached template loader, the
whole middleware stack) on a throw-away SQLite database, or on DATABASE_URL. Each page is
requested in process through Django's request handler (the test Client, no template
instrumentation), warmed once, then ROUNDS times; the table gives the queries of one request and
the median CPU time (process time: the database's own work is in it for SQLite, not for
PostgreSQL, which runs in another process). No network, no WSGI server: see
bench_request_floor.py for that.

Then, from the table: how many clients one app core serves, under the assumptions printed with it.
"""

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROUNDS = int(os.environ.get("BENCH_COST_ROUNDS", "40"))

# (label, persona, path or a name resolved in the child, share of a client's daily requests)
PAGES = [
    ("client: today (dashboard)", "owner", "/today/"),
    ("client: check-in page", "owner", "/checkin/"),
    ("client: urge help (pause)", "owner", "/pause/"),
    ("therapist: caseload", "therapist", "/caseload/"),
    ("therapist: a client's page", "therapist", "client_page"),
    ("partner: home", "partner", "/partner/"),
    ("sponsor: a sponsee's shared page", "sponsor", "sponsor_page"),
    ("meeting finder", "owner", "/meetings/"),
    ("client: privacy and who has looked (access log)", "owner", "/privacy/"),
    ("sign-in page (signed out)", None, "/account/login/"),
    ("minimal signed-in page", "owner", "/privacy/code/"),
    ("bare 'ok' view (signed out)", None, "/healthz/"),
]
SERVED = [
    ("minimal signed-in page, as served (WSGI handler)", "owner", "/privacy/code/"),
    ("bare 'ok' view, as served (WSGI handler)", None, "/healthz/"),
]
"""The last two again through Django's WSGI handler itself, as a server calls it: the test Client
leaves out the request_started/request_finished handling of database connections (it keeps them
open), so only these rows show what opening and closing connections costs (docs/scale.md: that
was most of the floor, unseen by the rows above)."""

# Assumptions for the capacity line (stated in the output and in docs/scale.md).
REQUESTS_PER_CLIENT_PER_DAY = 40
"""A client opening the app a few times a day: today, a check-in, the pause page now and then,
the finder, a few other rooms; each page view is one request (static files are served by
WhiteNoise from memory and cached by the browser for a year)."""
PEAK_FACTOR = 4
"""The busiest hour carries this many times the day's average hourly traffic (mornings and
evenings, when people check in)."""
CORE_BUSY = 0.6
"""A core is planned to be at most this busy at the peak, leaving room for bursts."""


def run(server_url: str | None = None) -> list[str]:
    from bench.server import environment, prepare

    with tempfile.TemporaryDirectory(prefix="tandem-bench-cost-") as tmp:
        env = environment(Path(tmp))
        prepare(env)
        import subprocess

        result = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--child", *sys.argv[1:]],
            cwd=Path(__file__).resolve().parent.parent,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=1800,
        )
    if result.returncode != 0:
        return [f"request cost bench failed: {result.stderr.strip()[-2000:]}"]
    output = result.stdout.strip().splitlines()
    if "--profile" in sys.argv:
        return output
    return table(json.loads(output[-1]))


def table(rows: list[dict]) -> list[str]:
    out = [f"{'page':<50} {'queries':>7} {'CPU ms':>8}"]
    for row in rows:
        out.append(f"{row['label']:<50} {row['queries']:>7} {row['cpu_ms']:>8.1f}")
    busiest = [row for row in rows if not row["label"].startswith(("minimal", "bare"))]
    mean = statistics.mean(row["cpu_ms"] for row in busiest)
    per_second = 1000 / mean * CORE_BUSY
    peak_per_client = REQUESTS_PER_CLIENT_PER_DAY * PEAK_FACTOR / 86400
    out += [
        f"mean CPU of the ten busiest pages: {mean:.1f} ms -> one core at {CORE_BUSY:.0%} busy: {per_second:.0f} req/s",
        f"assumptions: {REQUESTS_PER_CLIENT_PER_DAY} requests per client per day, peak hour {PEAK_FACTOR}x the "
        f"average -> {peak_per_client * 1000:.2f} req/s per 1,000 clients at the peak",
        f"clients one app core serves at the peak: {per_second / peak_per_client:,.0f}",
    ]
    return out


def _child(argv: list[str]) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from tandem.recovery.demo import build_history
    from tests.support.world import build_world

    world = build_world()
    build_history(world.owner, 120, seed=1)
    paths = {"client_page": f"/caseload/clients/{world.owner.pk}/", "sponsor_page": f"/shared/{world.owner.pk}/"}
    clients = {}

    def client_for(persona):
        if persona not in clients:
            clients[persona] = Client(HTTP_HOST="127.0.0.1")
            if persona:
                clients[persona].force_login(getattr(world, persona))
        return clients[persona]

    if "--profile" in argv:
        import cProfile
        import pstats

        path = argv[argv.index("--profile") + 1]
        client = client_for("owner")
        client.get(path)
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(ROUNDS * 5):
            client.get(path)
        profile.disable()
        pstats.Stats(profile).sort_stats(os.environ.get("BENCH_COST_SORT", "cumulative")).print_stats(
            int(os.environ.get("BENCH_COST_LINES", "70"))
        )
        return

    rows = []
    for label, persona, path in PAGES:
        path = paths.get(path, path)
        client = client_for(persona)
        first = client.get(path)
        if first.status_code != 200:
            rows.append({"label": f"{label} [{path}: {first.status_code}]", "queries": -1, "cpu_ms": 0.0})
            continue
        connection.force_debug_cursor = True
        connection.queries_log.clear()
        client.get(path)
        queries = len(connection.queries_log)
        connection.force_debug_cursor = False
        times = []
        for _ in range(ROUNDS):
            started = time.process_time()
            client.get(path)
            times.append((time.process_time() - started) * 1000)
        rows.append({"label": label, "queries": queries, "cpu_ms": statistics.median(times)})
    rows += [_served(label, path, client_for(persona)) for label, persona, path in SERVED]
    print(json.dumps(rows))


def _served(label: str, path: str, client) -> dict:
    """One page through WSGIHandler with the client's cookies: the full request cycle, signals and
    connection handling included, as granian or gunicorn run it."""
    import io

    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection

    handler = WSGIHandler()
    cookie = "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())

    def call() -> int:
        environ = {
            "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1", "HTTP_COOKIE": cookie, "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr, "wsgi.url_scheme": "http",
        }  # fmt: skip
        status = []
        b"".join(handler(environ, lambda line, headers, *rest: status.append(line)))
        return int(status[0].split()[0])

    if call() != 200:
        return {"label": f"{label} [{path}: not 200]", "queries": -1, "cpu_ms": 0.0}
    connection.force_debug_cursor = True
    connection.queries_log.clear()
    call()
    queries = len(connection.queries_log)
    connection.force_debug_cursor = False
    times = []
    for _ in range(ROUNDS):
        started = time.process_time()
        call()
        times.append((time.process_time() - started) * 1000)
    return {"label": label, "queries": queries, "cpu_ms": statistics.median(times)}


if __name__ == "__main__":
    if "--child" in sys.argv:
        _child(sys.argv)
    else:
        for text in run():
            print(text, flush=True)
