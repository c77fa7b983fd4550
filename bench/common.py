"""Shared pieces of the benchmark runs: people with sessions, and request builders."""

import contextlib
import datetime
import json
import os
import subprocess
import sys
import uuid
import zoneinfo
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent


def make_people(env: dict, count: int, days: int, prefix: str) -> list[dict]:
    result = subprocess.run(
        [sys.executable, "bench/setup_data.py", str(count), str(days), prefix],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-4000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


def headers(person: dict, *, post: bool = False) -> dict:
    h = {"Cookie": f"sid={person['sid']}; csrftoken={person['csrf']}", "Host": "127.0.0.1"}
    if post:
        h["X-CSRFToken"] = person["csrf"]
        h["Content-Type"] = "application/x-www-form-urlencoded"
    return h


def get(person: dict, path: str):
    return ("GET", path, headers(person), None)


BENCH_ZONE = "America/Chicago"  # the time zone of every generated person (setup_data.py)


def local_now() -> datetime.datetime:
    return datetime.datetime.now(zoneinfo.ZoneInfo(BENCH_ZONE)) - datetime.timedelta(minutes=2)


def local_today() -> str:
    return local_now().date().isoformat()


def urge_post(person: dict, note: str, day: str | None = None) -> tuple:
    """Log an urge that passed (an ordinary, frequent write with encrypted text)."""
    now = local_now()
    body = urlencode(
        {
            "intensity": "4",
            "outcome": "passed",
            "date": day or now.date().isoformat(),
            "time": now.strftime("%H:%M"),
            "note": note,
            "nonce": str(uuid.uuid4()),
        }
    ).encode()
    return ("POST", "/pause/log/", headers(person, post=True), body)


def checkin_post(person: dict, day: str) -> tuple:
    body = urlencode(
        {"stayed_out": "yes", "urge_level": "3", "meetings": "1", "calls": "1", "gratitude": "a quiet morning"}
    ).encode()
    return ("POST", f"/checkin/{person['program']}/{day}/", headers(person, post=True), body)


def on_postgresql() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


@contextlib.contextmanager
def throwaway_database(name: str):
    """With a PostgreSQL DATABASE_URL: a new, empty database `name` on the same server, dropped
    afterwards; yields its URL. Otherwise yields None (the caller uses SQLite)."""
    if not on_postgresql():
        yield None
        return
    import psycopg

    parts = urlsplit(os.environ["DATABASE_URL"])
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_in_child(script: Path, prefix: str, timeout: int, *, postgres_ok: bool = False) -> dict | str:
    """Run `script --child` on a throw-away database: SQLite, or with a PostgreSQL DATABASE_URL
    a database of its own on that server (named after `prefix`); return its last JSON line, or
    the error text. In-process benchmarks use this so both sides of a ratio share one database.
    With `postgres_ok` the PostgreSQL DATABASE_URL itself is passed on (the child then makes its
    own throw-away database there: see bench_caseload.py)."""
    import tempfile

    given = os.environ.get("DATABASE_URL", "")
    name = prefix.strip("-").replace("-", "_")
    with (
        tempfile.TemporaryDirectory(prefix=prefix) as tmp,
        throwaway_database(name) if on_postgresql() and not postgres_ok else contextlib.nullcontext() as own,
    ):
        env = dict(os.environ)
        env.update(
            DJANGO_SETTINGS_MODULE="tandem.settings_test",
            TANDEM_ENV="development",
            TANDEM_VAR_DIR=tmp,
            DATABASE_URL=own or (given if on_postgresql() else f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"),
            PYTHONPATH=str(ROOT),
        )
        env.pop("TANDEM_ENCRYPTION_KEYS", None)
        result = subprocess.run(
            [sys.executable, str(script), "--child"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=timeout,
        )
    if result.returncode != 0:
        return result.stderr.strip()[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])
