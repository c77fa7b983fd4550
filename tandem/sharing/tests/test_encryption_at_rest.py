"""No plaintext health text in the database file, its WAL, a backup, or a PostgreSQL dump."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.support.markers import seeders

ROOT = Path(__file__).resolve().parents[3]


def seed_in_subprocess(tmp_path, database_url, backup_path):
    environment = dict(os.environ, DATABASE_URL=database_url, TANDEM_VAR_DIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "tests/scripts/seed_markers.py", str(backup_path)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


NUMBERS_ONLY_SCOPES = {"trust"}  # safety and trust ratings: numbers, no free text to mark


def test_every_scope_has_a_marker_seeder():
    from tandem.sharing import scopes

    registered = {scope.key for scope in scopes.all_scopes()}
    seeded = {scope for scope, _ in seeders()}
    assert registered - NUMBERS_ONLY_SCOPES - seeded == set()


def test_no_marker_reaches_the_sqlite_file_its_wal_or_a_backup(tmp_path):
    database = tmp_path / "tandem.sqlite3"
    backup_file = tmp_path / "snapshot.backup"
    seeded = seed_in_subprocess(tmp_path, f"sqlite:///{database}", backup_file)
    assert seeded["markers"], "no markers were seeded: register seeders in each app"
    files = [database, Path(f"{database}-wal"), backup_file]
    assert files[1].exists(), "the WAL should still be on disk"
    for path in files:
        data = path.read_bytes()
        for marker in seeded["markers"]:
            assert marker.encode() not in data, f"{marker} in {path.name}"
    # And the markers really were written (decryptable) — the test would pass vacuously otherwise.
    import sqlite3

    restored = sqlite3.connect(backup_file)
    assert restored.execute("SELECT count(*) FROM accounts_user").fetchone()[0] >= 8
    restored.close()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs DATABASE_URL pointing at PostgreSQL")
def test_no_marker_reaches_a_postgresql_dump(tmp_path):
    import uuid

    import psycopg

    settings = connection.settings_dict
    name = f"tandem_markers_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        user = settings["USER"] or ""
        auth = f"{user}:{settings['PASSWORD']}@" if settings["PASSWORD"] else (f"{user}@" if user else "")
        url = f"postgresql://{auth}{settings['HOST'] or 'localhost'}:{settings['PORT'] or 5432}/{name}"
        dump = tmp_path / "dump.backup"
        seeded = seed_in_subprocess(tmp_path, url, dump)
        data = dump.read_bytes()
        assert len(data) > 1000
        for marker in seeded["markers"]:
            assert marker.encode() not in data
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
