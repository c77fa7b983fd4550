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
        if not shutil.which("psql"):
            raise BackupError(f"psql is not installed (Debian/Ubuntu package {PG_CLIENT_PACKAGE})")
        partitioned = _partitioned_tables(alias)
        connections[alias].close()
        _pg_restore(db, Path(source), partitioned)
        return
    raise BackupError(f"no restore method for {engine}")


def _partitioned_tables(alias: str) -> list[str]:
    """The partitioned tables of the database now (the access and audit logs, by month)."""
    with connections[alias].cursor() as cursor:
        cursor.execute(
            "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) FROM pg_partitioned_table p "
            "JOIN pg_class c ON c.oid = p.partrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE NOT c.relispartition"
        )
        return [row[0] for row in cursor.fetchall()]


def _pg_restore(db: dict, source: Path, partitioned: list[str]) -> None:
    """pg_restore's script, cleaning first, run by psql in one transaction that stops at the first
    error. `pg_restore --clean` alone cannot clean a partitioned table (it drops each partition's
    inherited key first, which PostgreSQL refuses): the partitioned tables are dropped first, in
    the same transaction, and pg_restore's own drops of their partitions then find nothing."""
    import tempfile

    env = _pg_env(db)
    prefix = "SET client_min_messages = warning;\n"
    prefix += "".join(f"DROP TABLE IF EXISTS {table} CASCADE;\n" for table in partitioned)
    script = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--file", "-", str(source)]
    psql = ["psql", "--no-psqlrc", "--quiet", "--single-transaction", "--set", "ON_ERROR_STOP=1", *_pg_args(db)]
    psql += ["--dbname", db["NAME"], "--file", "-"]
    pipe, quiet = subprocess.PIPE, subprocess.DEVNULL
    with tempfile.TemporaryFile() as script_errors, tempfile.TemporaryFile() as psql_errors:
        runner = subprocess.Popen(psql, stdin=pipe, stdout=quiet, stderr=psql_errors, env=env)  # noqa: S603
        reader = subprocess.Popen(script, stdout=pipe, stderr=script_errors, env=env)  # noqa: S603
        try:
            runner.stdin.write(prefix.encode())
            shutil.copyfileobj(reader.stdout, runner.stdin)
            runner.stdin.close()
        except BrokenPipeError:
            pass  # psql stopped at an error: its return code says so
        finally:
            reader.stdout.close()
            reader.wait()
            runner.wait()
        for process, errors in ((reader, script_errors), (runner, psql_errors)):
            if process.returncode:
                errors.seek(0)
                raise subprocess.CalledProcessError(process.returncode, process.args, stderr=errors.read())
