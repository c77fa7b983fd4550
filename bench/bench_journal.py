"""Journal search: what decrypt-then-search costs, for 1,000 entries against 100.

    .venv/bin/python bench/bench_journal.py

Every journal entry is encrypted (title, text and tags), so search cannot be done in SQL: it
fetches the person's entries, decrypts each and matches in Python (tandem/journal/search.py).
The cost should therefore grow in a straight line with the number of entries — about 10x for
10x the entries — and stay small at personal scale. This measures it, side by side in one run,
against a throw-away SQLite database in a child process, the two searches interleaved so both
see the same machine conditions. Entries are ~1,200 characters each (a long-ish page).

`run(server_url)` accepts the common bench signature; the measurement is always in process.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 15
SIZES = (100, 1000)


def run(server_url: str | None = None) -> list[str]:
    sys.path.insert(0, str(ROOT))
    from bench.common import throwaway_database  # PostgreSQL when DATABASE_URL is

    with (
        tempfile.TemporaryDirectory(prefix="tandem-bench-journal-") as tmp,
        throwaway_database("tandem_bench_journal") as postgres,
    ):
        env = dict(os.environ)
        env.update(
            DJANGO_SETTINGS_MODULE="tandem.settings_test",
            TANDEM_ENV="development",
            TANDEM_VAR_DIR=tmp,
            DATABASE_URL=postgres or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}",
            PYTHONPATH=str(ROOT),
        )
        env.pop("TANDEM_ENCRYPTION_KEYS", None)
        result = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--child"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=900,
        )
    if result.returncode != 0:
        return [f"journal bench failed: {result.stderr.strip()[-2000:]}"]
    data = json.loads(result.stdout.strip().splitlines()[-1])
    small, large = (statistics.median(data[str(n)]) for n in SIZES)
    page_small, page_large = (statistics.median(data[f"page-{n}"]) for n in SIZES)
    ratio = large / small
    lines = [
        f"journal search, {SIZES[0]:,} entries: {small * 1000:.1f} ms (median of {ROUNDS})",
        f"journal search, {SIZES[1]:,} entries: {large * 1000:.1f} ms",
        f"journal search {SIZES[1]:,}/{SIZES[0]:,} ratio: {ratio:.1f}x "
        f"(linear would be {SIZES[1] / SIZES[0]:.0f}x; about {large / SIZES[1] * 1e6:.0f} µs per entry)",
        f"journal list page (20 entries, no search): {page_small * 1000:.1f} ms at {SIZES[0]:,}, "
        f"{page_large * 1000:.1f} ms at {SIZES[1]:,}",
    ]
    if server_url:
        lines.append("(measured in process; the server at the given URL was not used)")
    return lines


WORDS = [
    "today",
    "meeting",
    "called",
    "sponsor",
    "urge",
    "passed",
    "walked",
    "evening",
    "tired",
    "lonely",
    "work",
    "family",
    "partner",
    "honest",
    "gratitude",
    "coffee",
    "step",
    "inventory",
    "therapist",
    "session",
    "morning",
    "angry",
    "hungry",
    "calm",
    "slept",
    "long",
    "quiet",
]


def _child() -> None:
    import datetime
    import random

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0, interactive=False)

    from tandem.journal.models import JournalEntry
    from tandem.journal.search import search
    from tests.support.world import make_user

    rng = random.Random(7)
    users = {}
    for size in SIZES:
        user = make_user(f"bench-journal-{size}@example.test", f"Bench {size}", "client")
        today = datetime.date(2026, 1, 1)
        JournalEntry.objects.bulk_create(
            [
                JournalEntry(
                    owner=user,
                    written_on=today - datetime.timedelta(days=i),
                    title=f"Day {i}",
                    text=" ".join(rng.choice(WORDS) for _ in range(170)),
                    mood=rng.randint(1, 5),
                    tags=[rng.choice(WORDS), rng.choice(WORDS)],
                )
                for i in range(size)
            ]
        )
        client = Client()
        client.force_login(user)
        users[size] = (user, client)
    times = {str(n): [] for n in SIZES} | {f"page-{n}": [] for n in SIZES}
    for user, _ in users.values():
        search(user, "sponsor honest")  # warm up
    for i in range(ROUNDS):
        for size in SIZES if i % 2 == 0 else reversed(SIZES):
            user, client = users[size]
            started = time.perf_counter()
            search(user, "sponsor honest")
            times[str(size)].append(time.perf_counter() - started)
            started = time.perf_counter()
            assert client.get("/journal/").status_code == 200
            times[f"page-{size}"].append(time.perf_counter() - started)
    print(json.dumps(times))


if __name__ == "__main__":
    if "--child" in sys.argv:
        _child()
    else:
        for line in run():
            print(line)
