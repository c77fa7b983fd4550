"""Bounded load on loopback: 100 simulated people for 60 seconds, reads mixed with writes,
against SQLite (or DATABASE_URL) behind the production server. Zero errors, zero "database is
locked", and every write the server acknowledged is in the database afterwards."""

import os
import random
import subprocess
import sys
import uuid

from bench import http_load
from bench.common import ROOT, get, local_today, make_people, urge_post
from bench.server import Server

USERS = int(os.environ.get("BENCH_LOAD_USERS", "100"))
SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "60"))


def run(env: dict, kind: str = "gunicorn") -> bool:
    people = make_people(env, USERS, 30, "load")
    today = local_today()
    acknowledged: list[str] = []
    notes: dict[tuple[int, int], str] = {}

    def make_request(worker: int, n: int):
        person = people[worker % len(people)]
        rng = random.Random(worker * 1_000_003 + n)
        if rng.random() < 0.2:
            note = f"load-{uuid.uuid4().hex}"
            notes[(worker, n)] = note
            return urge_post(person, note, today)
        return get(person, rng.choice(["/today/", "/me/", "/privacy/", "/checkin/"]))

    def on_success(worker, n, request, body):
        if request[0] == "POST":
            acknowledged.append(notes[(worker, n)])

    def ok(status, body):
        return status < 400 and b"database is locked" not in body

    with Server(env, kind=kind, workers=2, threads=8) as server:
        result = http_load.run(
            server.url, make_request, seconds=SECONDS, concurrency=USERS, ok=ok, on_success=on_success
        )
    missing = count_missing(env, acknowledged)
    print(
        f"load: {USERS} people x {SECONDS:.0f} s: {result.count} requests, {result.throughput:.0f} req/s, "
        f"p50 {result.median * 1000:.0f} ms, p95 {result.percentile(95) * 1000:.0f} ms, "
        f"errors {result.errors}, acknowledged writes {len(acknowledged)}, missing afterwards {missing}"
        + (f", e.g. {result.error_samples[:2]}" if result.errors else ""),
        flush=True,
    )
    return result.errors == 0 and missing == 0


def count_missing(env: dict, notes: list[str]) -> int:
    script = (
        "import sys,django,os;sys.path.insert(0,'.');django.setup();"
        "from tandem.recovery.models import UrgeLog;"
        "wanted=set(sys.stdin.read().split());"
        "have={u.note for u in UrgeLog.objects.all()};"
        "print(len(wanted-have))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        input="\n".join(notes),
        capture_output=True,
        text=True,
        check=True,
    )
    return int(result.stdout.strip())
