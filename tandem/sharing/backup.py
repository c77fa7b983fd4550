"""Consistent backups while the site is in use, and restores.

SQLite: the online backup API (a consistent snapshot even with writers). PostgreSQL: pg_dump in
its custom format and pg_restore. The password travels in PGPASSWORD, never on a command line.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connections

PG_CLIENT_PACKAGE = "postgresql-client"  # Debian/Ubuntu: pg_dump and pg_restore


class BackupError(Exception):
    pass


def missing_pg_tools() -> list[str]:
    """Of pg_dump and pg_restore, those not installed (a PostgreSQL backup or restore runs them)."""
    return [tool for tool in ("pg_dump", "pg_restore") if not shutil.which(tool)]


def _settings(alias="default") -> dict:
    return connections[alias].settings_dict


def _pg_env(db: dict) -> dict:
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_args(db: dict) -> list[str]:
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    return args


def backup(target: Path, alias: str = "default") -> Path:
    db = _settings(alias)
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    engine = db["ENGINE"]
    if engine.endswith("sqlite3"):
        connection = connections[alias]
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            with destination:
                connection.connection.backup(destination)
        finally:
            destination.close()
        return target
    if engine.endswith("postgresql"):
        if not shutil.which("pg_dump"):
            raise BackupError(f"pg_dump is not installed (Debian/Ubuntu package {PG_CLIENT_PACKAGE})")
        command = ["pg_dump", "--format=custom", "--no-owner", "--file", str(target), *_pg_args(db), db["NAME"]]
        subprocess.run(command, check=True, env=_pg_env(db), capture_output=True)  # noqa: S603
        return target
    raise BackupError(f"no backup method for {engine}")


def restore(source: Path, alias: str = "default") -> None:
    db = _settings(alias)
    source = Path(source)
    if not source.exists():
        raise BackupError(f"{source} does not exist")
    engine = db["ENGINE"]
    if engine.endswith("sqlite3"):
        connection = connections[alias]
        connection.ensure_connection()
        origin = sqlite3.connect(source)
        try:
            origin.backup(connection.connection)
        finally:
            origin.close()
        return
    if engine.endswith("postgresql"):
        if not shutil.which("pg_restore"):
            raise BackupError(f"pg_restore is not installed (Debian/Ubuntu package {PG_CLIENT_PACKAGE})")
        connections[alias].close()
        command = [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            *_pg_args(db),
            "--dbname",
            db["NAME"],
            str(source),
        ]
        subprocess.run(command, check=True, env=_pg_env(db), capture_output=True)  # noqa: S603
        return
    raise BackupError(f"no restore method for {engine}")
