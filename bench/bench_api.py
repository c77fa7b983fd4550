"""The JSON API: is the check-in list as fast with ten years of history as with thirty days, and
how does an API read compare with the minimal signed-in page?

    .venv/bin/python bench/bench_api.py

Side by side in one run, in a child process on a throw-away SQLite database, through Django's
test Client with a bearer token (the rate limit raised out of the way): the median time of
`GET /api/v1/checkins/?size=30` (one page, the same length for both) for a person with 30 days
of daily check-ins and for one with 10 years, requests interleaved. Targets: 10y / 30d <= 1.3
with equal query counts, and API read throughput / minimal signed-in page throughput >= 0.7:
the minimal API read (one check-in, `?size=1`) against the minimal page (/privacy/code/), as
the issue's figure; the 30-item page against the same page is printed beside it (each item
decrypts its note, gratitude and feelings).
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import run_in_child

ROUNDS = 60
TARGET = 1.3
PAGE_TARGET = 0.7
MINIMAL_PAGE = "/privacy/code/"


def run(server_url: str | None = None) -> list[str]:
    data = run_in_child(Path(__file__).resolve(), "tandem-bench-api-", timeout=900)
    if isinstance(data, str):
        return [f"API bench failed: {data}"]
    short, long = statistics.median(data["30d"]), statistics.median(data["10y"])
    page = statistics.median(data["page"])
    one = statistics.median(data["one"])
    ratio = long / short
    page_ratio = page / one  # throughput is 1 / time: API throughput / page throughput
    queries = data["queries"]
    return [
        f"API check-in list median, 30 days of history: {short * 1000:.1f} ms",
        f"API check-in list median, 10 years of history: {long * 1000:.1f} ms",
        f"API check-in list 10y/30d median ratio: {ratio:.2f} (target <= {TARGET})"
        + ("" if ratio <= TARGET else "  ** over target **"),
        f"API check-in list queries: {queries['30d']} (30 days) vs {queries['10y']} (10 years)"
        + ("" if queries["30d"] == queries["10y"] else "  ** not equal **"),
        f"API read throughput / minimal signed-in page: {page_ratio:.2f} (target >= {PAGE_TARGET})"
        + ("" if page_ratio >= PAGE_TARGET else "  ** under target **"),
        f"API 30-check-in page throughput / minimal signed-in page: {page / short:.2f} (for information)",
    ]


def _child() -> None:
    os.environ["TANDEM_API_RATE_PER_MINUTE"] = "1000000"
    import django

    django.setup()
    import datetime

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.utils import timezone

    setup_test_environment()
    call_command("migrate", verbosity=0, interactive=False)

    from tandem.api.models import ApiToken
    from tandem.recovery.demo import build_history
    from tests.support.world import make_user

    clients = {}
    page_client = None
    for label, days in (("30d", 30), ("10y", 3650)):
        user = make_user(f"bench-api-{label}@example.test", f"Bench {label}", "client")
        build_history(user, days)
        _, secret = ApiToken.issue(
            user, name="bench", scopes=["recovery:read"], expires_at=timezone.now() + datetime.timedelta(days=1)
        )
        clients[label] = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
        if page_client is None:
            page_client = Client()
            page_client.force_login(user)
    url = "/api/v1/checkins/?size=30"  # one page of the same length for both histories
    queries = {}
    for label, client in clients.items():
        for _ in range(3):  # warm up
            assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        queries[label] = len(ctx.captured_queries)
    for _ in range(3):
        assert page_client.get(MINIMAL_PAGE).status_code == 200
    paths = {"30d": url, "10y": url, "page": MINIMAL_PAGE, "one": "/api/v1/checkins/?size=1"}
    times = {label: [] for label in paths}
    for i in range(ROUNDS):
        order = ("30d", "10y", "page", "one") if i % 2 == 0 else ("one", "page", "10y", "30d")
        for label in order:
            client = page_client if label == "page" else clients["30d" if label == "one" else label]
            path = paths[label]
            started = time.perf_counter()
            response = client.get(path)
            times[label].append(time.perf_counter() - started)
            assert response.status_code == 200
    print(json.dumps({**times, "queries": queries}))


if __name__ == "__main__":
    if "--child" in sys.argv:
        _child()
    else:
        for line in run():
            print(line)
