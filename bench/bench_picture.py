"""The recovery picture: does five years of history cost more than twelve weeks?

    .venv/bin/python bench/bench_picture.py

Measures, side by side in one run, the median render time of the recovery picture (its default
twelve weeks) for a person with twelve weeks of history and for one with five years (every
layer: questionnaires each week, meetings, calls, step work, urges, slips, middle-circle days,
FANOS, homework; tandem/history/tests/picture_data.py), as the person and as their therapist,
through Django's test Client against a throw-away SQLite database in a child process, the
requests interleaved so all see the same machine conditions. Each layer is one query over the
window (tandem/history/picture.py), so the two should cost the same. Target: 5 years / 12 weeks <= 1.3.

`run(server_url)` accepts the common bench signature; the measurement is always in process.
"""

import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import run_in_child

ROUNDS = 40
SIZES = {"12w": 12 * 7, "5y": 5 * 365}
TARGET = 1.3


def run(server_url: str | None = None) -> list[str]:
    data = run_in_child(Path(__file__).resolve(), "tandem-bench-picture-", timeout=1200)
    if isinstance(data, str):
        return [f"picture bench failed: {data}"]
    lines = []
    for who in ("owner", "therapist"):
        small, big = statistics.median(data[f"{who}-12w"]), statistics.median(data[f"{who}-5y"])
        ratio = big / small
        lines.append(
            f"recovery picture ({who}), 12 weeks of history: {small * 1000:.1f} ms; 5 years: {big * 1000:.1f} ms; "
            f"ratio {ratio:.2f} (target <= {TARGET})" + ("" if ratio <= TARGET else "  ** over target **")
        )
    lines.append(f"recovery picture queries (owner, therapist): {data['queries']}")
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

    setup_test_environment()
    call_command("migrate", verbosity=0, interactive=False)

    from tandem.accounts.models import Practice
    from tandem.history.tests.picture_data import seed_history
    from tests.support.world import link, make_user

    practice = Practice.objects.create(name="Bench practice")
    therapist = make_user("bench-t@example.test", "Bench therapist", "therapist", practice=practice, mfa=True)
    clients, urls = {}, {}
    for label, days in SIZES.items():
        owner = make_user(f"bench-{label}@example.test", f"Bench {label}", "client")
        link(owner, therapist, "therapist")
        seed_history(owner, days, therapist=therapist)
        for who, user in (("owner", owner), ("therapist", therapist)):
            client = Client()
            client.force_login(user)
            clients[f"{who}-{label}"] = client
            urls[f"{who}-{label}"] = "/picture/" if who == "owner" else f"/picture/of/{owner.pk}/"
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    queries = {}
    for key, client in clients.items():
        for _ in range(3):  # warm up: templates, the session's first write, SQLite pages
            assert client.get(urls[key]).status_code == 200
        with CaptureQueriesContext(connection) as ctx:
            client.get(urls[key])
        queries[key] = len(ctx.captured_queries)
    times = {key: [] for key in clients}
    keys = list(clients)
    for i in range(ROUNDS):
        for key in keys if i % 2 == 0 else reversed(keys):
            started = time.perf_counter()
            assert clients[key].get(urls[key]).status_code == 200
            times[key].append(time.perf_counter() - started)
    print(json.dumps({**times, "queries": queries}))


if __name__ == "__main__":
    if "--child" in sys.argv:
        _child()
    else:
        for line in run():
            print(line)
