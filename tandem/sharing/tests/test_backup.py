"""Backups are consistent and restore every row, decryptable."""

import pytest
from django.core.management import call_command
from django.db import connection

from tandem.accounts.models import User
from tandem.core.models import KeyCanary
from tandem.sharing.backup import BackupError, backup, restore
from tandem.sharing.models import Grant, Link

pytestmark = pytest.mark.django_db(transaction=True)


def counts():
    return {
        "users": User.objects.count(),
        "links": Link.objects.count(),
        "grants": Grant.objects.count(),
        "canaries": KeyCanary.objects.count(),
    }


def test_backup_and_restore_round_trip(world, tmp_path):
    KeyCanary.objects.create(value="round trip ✓")
    before = counts()
    target = tmp_path / "snapshot.backup"
    call_command("backup", str(target), stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert target.stat().st_size > 0

    User.objects.filter(pk=world.other_client.pk).delete()
    KeyCanary.objects.all().delete()
    assert counts() != before

    restore(target)
    assert counts() == before
    assert KeyCanary.objects.filter(value="round trip ✓").exists() or any(
        c.value == "round trip ✓" for c in KeyCanary.objects.all()
    )
    assert User.objects.get(pk=world.other_client.pk).display_name == "Jordan"


def test_restore_refuses_a_missing_file(tmp_path):
    with pytest.raises(BackupError):
        restore(tmp_path / "missing.backup")


def test_backup_while_writing_is_consistent(world, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the concurrent-writer check is for the SQLite online backup")
    import sqlite3
    import threading

    stop = threading.Event()

    def writer():
        from django.db import connection as thread_connection

        while not stop.is_set():
            KeyCanary.objects.create(value="written during backup")
        thread_connection.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        target = backup(tmp_path / "live.backup")
    finally:
        stop.set()
        thread.join()
    snapshot = sqlite3.connect(target)
    assert snapshot.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    snapshot.close()
