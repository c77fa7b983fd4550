"""SQLite writers queue on a file lock: the next one goes in as soon as the previous is done,
and a stuck writer still ends in SQLite's own "database is locked" after the timeout."""

import fcntl
import os
import threading
import time

import pytest
from django.db import OperationalError, connection

from tandem.core.db.sqlite3.base import DatabaseWrapper

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite backend's own queue")


def wrapper(path, timeout=5.0) -> DatabaseWrapper:
    settings = {
        **connection.settings_dict,
        "NAME": str(path),
        "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": timeout, "init_command": "PRAGMA journal_mode=WAL"},
    }
    db = DatabaseWrapper(settings, alias="writers-test")
    db.ensure_connection()
    return db


def begin(db):
    db._start_transaction_under_autocommit()


def write(db, value):
    with db.cursor() as cursor:
        cursor.execute("INSERT INTO t VALUES (%s)", [value])


@pytest.fixture(autouse=True)
def own_databases(django_db_blocker):
    """These tests open their own throw-away database files, not the test database."""
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def database(tmp_path):
    path = tmp_path / "queue.sqlite3"
    db = wrapper(path)
    with db.cursor() as cursor:
        cursor.execute("CREATE TABLE t (v integer)")
    db.close()
    return path


def in_thread(target):
    result = {}

    def run():
        try:
            result["value"] = target()
        except Exception as error:
            result["error"] = error

    thread = threading.Thread(target=run)
    thread.start()
    return thread, result


def test_the_next_writer_goes_in_as_soon_as_the_first_commits(database):
    first = wrapper(database)
    begin(first)
    write(first, 1)

    def second_writer():
        db = wrapper(database)
        asked = time.monotonic()
        begin(db)
        entered = time.monotonic()
        held = db._writer_holds
        write(db, 2)
        db.commit()
        db.close()
        return asked, entered, held

    thread, result = in_thread(second_writer)
    time.sleep(0.25)
    assert thread.is_alive()  # waiting for the first
    committed = time.monotonic()
    first.commit()
    thread.join(5)
    asked, entered, held = result["value"]
    assert entered - asked >= 0.2  # it waited for the first writer
    assert entered >= committed
    assert held
    with first.cursor() as cursor:
        cursor.execute("SELECT v FROM t ORDER BY v")
        assert [row[0] for row in cursor.fetchall()] == [1, 2]
    first.close()
    assert (database.parent / "queue.sqlite3-writers.lock").exists()


def lock_is_free(path) -> bool:
    """Whether nobody holds the writers' file lock (tried from a descriptor of our own)."""
    fd = os.open(f"{path}-writers.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return True
    finally:
        os.close(fd)


def test_a_rollback_lets_the_next_writer_in(database):
    first = wrapper(database)
    begin(first)
    write(first, 1)
    assert first._writer_holds
    assert not lock_is_free(database)
    first.rollback()
    assert not first._writer_holds
    assert lock_is_free(database)
    second = wrapper(database, timeout=0.2)
    begin(second)
    assert second._writer_holds, "the second writer went in through the queue, not past it"
    assert not lock_is_free(database)
    write(second, 2)
    second.commit()
    assert lock_is_free(database)
    with second.cursor() as cursor:
        cursor.execute("SELECT v FROM t")
        assert cursor.fetchall() == [(2,)]
    first.close()
    second.close()


def test_a_stuck_writer_still_ends_in_database_is_locked(database):
    stuck = wrapper(database)
    begin(stuck)
    write(stuck, 1)

    def impatient():
        db = wrapper(database, timeout=0.3)
        try:
            begin(db)
        finally:
            assert not db._writer_holds
            db.close()

    thread, result = in_thread(impatient)
    thread.join(10)
    assert isinstance(result.get("error"), OperationalError)
    assert "locked" in str(result["error"])
    stuck.rollback()
    stuck.close()
