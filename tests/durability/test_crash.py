"""Crash and durability: SIGKILL the production server mid-write, 20 times; every write the
client saw acknowledged must survive and the database must pass its integrity check. Also a
backup taken under write load restores every acknowledged row, decryptable, with no plaintext.
"""

import random
import sqlite3
import subprocess
import sys
import threading
import time

import pytest

from bench import http_load
from bench.common import ROOT, local_today, make_people, urge_post
from bench.server import Server, environment, manage, prepare

pytestmark = [
    pytest.mark.durability,
    pytest.mark.skipif(
        __import__("os").environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="the kill-and-check of the database file is for the embedded SQLite mode",
    ),
]
ROUNDS = 20


def present_notes(env: dict) -> set[str]:
    script = (
        "import sys,django;sys.path.insert(0,'.');django.setup();"
        "from tandem.recovery.models import UrgeLog;"
        "print('\\n'.join(u.note for u in UrgeLog.objects.all()))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return set(result.stdout.split())


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("crash")
    env = environment(tmp, database_url=f"sqlite:///{tmp / 'crash.sqlite3'}")
    prepare(env)
    people = make_people(env, 4, 3, "crash")
    return tmp, env, people


def test_acknowledged_writes_survive_sigkill(setup):
    tmp, env, people = setup
    rng = random.Random(20261123)
    acknowledged: list[str] = []
    today = local_today()
    for round_number in range(ROUNDS):
        server = Server(env, kind="gunicorn", workers=2, threads=4).start()
        notes = {}

        def make_request(worker, n, round_number=round_number, notes=notes):
            note = f"crash{round_number}w{worker}n{n}"
            notes[(worker, n)] = note
            return urge_post(people[worker % len(people)], note, today)

        def on_success(worker, n, request, body, notes=notes):
            acknowledged.append(notes[(worker, n)])

        killer = threading.Timer(rng.uniform(0.2, 0.8), server.kill)
        killer.start()
        http_load.run(
            server.url, make_request, seconds=1.5, concurrency=4, on_success=on_success, ok=lambda s, b: s == 302
        )
        killer.join()
        server.kill()
    assert len(acknowledged) > ROUNDS, "too few writes to prove anything"
    missing = set(acknowledged) - present_notes(env)
    assert missing == set()
    database = sqlite3.connect(tmp / "crash.sqlite3")
    assert database.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    database.close()


def test_a_backup_under_write_load_restores_every_acknowledged_row(setup):
    tmp, env, people = setup
    acknowledged: list[str] = []
    today = local_today()
    backup_file = tmp / "under-load.backup"
    with Server(env, kind="gunicorn", workers=2, threads=4) as server:
        notes = {}

        def make_request(worker, n):
            note = f"backupw{worker}n{n}"
            notes[(worker, n)] = note
            return urge_post(people[worker % len(people)], note, today)

        def on_success(worker, n, request, body):
            acknowledged.append(notes[(worker, n)])

        before_backup: list[str] = []

        def take_backup():
            time.sleep(0.8)
            before_backup.extend(acknowledged)
            manage(env, "backup", str(backup_file))

        backup_thread = threading.Thread(target=take_backup)
        backup_thread.start()
        http_load.run(
            server.url, make_request, seconds=3, concurrency=4, on_success=on_success, ok=lambda s, b: s == 302
        )
        backup_thread.join()
    assert before_backup, "no write was acknowledged before the backup"
    data = backup_file.read_bytes()
    assert b"backupw" not in data, "plaintext in the backup"
    restored = tmp / "restored.sqlite3"
    restored.write_bytes(data)
    restored_env = dict(env, DATABASE_URL=f"sqlite:///{restored}")
    missing = set(before_backup) - present_notes(restored_env)
    assert missing == set(), "acknowledged before the backup began, yet missing from it"
    check = sqlite3.connect(restored)
    assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    check.close()
