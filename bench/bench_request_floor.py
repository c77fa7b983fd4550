"""The per-request floor: the minimal signed-in page ÷ a bare Django view returning "ok".

    .venv/bin/python bench/bench_request_floor.py          (DATABASE_URL=postgresql://… works too)

Both are served by the same WSGI server process(es) — granian, production settings, the whole
middleware stack — and measured side by side in requests per second, interleaved (page, bare,
page, bare, …) ROUNDS times; the ratio of the medians is the figure. Target: >= 0.35.

- the minimal signed-in page: `/privacy/code/` (one short form under the full base template:
  crisis link, quick exit, the nav), requested with a signed-in client's session cookie;
- the bare view: `/healthz/`, which returns "ok" with no template and no query, requested without a
  session (the floor of Django itself under these settings: the same middleware runs).

The difference is what every signed-in page pays before it does its own work: the session and
user reads, the role read, the nav, the base template, and (the largest part until it was cut) a
database connection opened and closed per request. `bench/request_cost.py` breaks it down; its
"as served" rows go through the WSGI handler, so connection handling is in them (the test Client
keeps connections open). docs/scale.md, "What one request costs", has the figures.
"""

import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import http_load
from bench.common import get, make_people
from bench.server import Server, environment, prepare

MINIMAL_PAGE = "/privacy/code/"
BARE_VIEW = "/healthz/"
TARGET = 0.35
ROUNDS = int(os.environ.get("BENCH_FLOOR_ROUNDS", "3"))
SECONDS = float(os.environ.get("BENCH_FLOOR_SECONDS", "5"))
CONCURRENCY = 4


def _bare(worker: int, n: int):
    return ("GET", BARE_VIEW, {"Host": "127.0.0.1"}, None)


def measure(env: dict, people: list[dict], kind: str = "granian") -> dict:
    pages, bares, errors = [], [], []
    with Server(env, kind=kind) as server:
        for _ in range(ROUNDS):
            page = http_load.run(
                server.url,
                lambda worker, n: get(people[(worker + n) % len(people)], MINIMAL_PAGE),
                seconds=SECONDS,
                concurrency=CONCURRENCY,
            )
            bare = http_load.run(server.url, _bare, seconds=SECONDS, concurrency=CONCURRENCY)
            pages.append(page.throughput)
            bares.append(bare.throughput)
            errors += page.error_samples[:1] + bare.error_samples[:1]
    return {"page": pages, "bare": bares, "errors": errors}


def lines(data: dict, kind: str) -> list[str]:
    page, bare = statistics.median(data["page"]), statistics.median(data["bare"])
    ratio = page / bare if bare else 0.0
    out = [
        f"per-request floor ({kind}, {ROUNDS} interleaved rounds of {SECONDS:.0f} s): minimal signed-in page "
        f"{page:.0f} req/s, bare 'ok' view {bare:.0f} req/s "
        f"(rounds: {', '.join(f'{p:.0f}/{b:.0f}' for p, b in zip(data['page'], data['bare'], strict=True))})",
        f"{'minimal signed-in page / bare Django view throughput':<58} {ratio:>10.2f}   target >= {TARGET}"
        + ("" if ratio >= TARGET else "  ** under target **"),
    ]
    if data["errors"]:
        out.append(f"  errors, e.g. {data['errors'][:2]}")
    return out


def run(server_url: str | None = None) -> list[str]:
    with tempfile.TemporaryDirectory(prefix="tandem-bench-floor-") as tmp:
        env = environment(Path(tmp))
        prepare(env)
        people = make_people(env, 4, 0, "floor")
        kind = os.environ.get("BENCH_FLOOR_SERVER", "granian")
        try:
            return lines(measure(env, people, kind), kind)
        except RuntimeError as error:
            return [f"per-request floor bench failed: {error}"]


if __name__ == "__main__":
    for text in run():
        print(text, flush=True)
