"""PostgreSQL backups run pg_dump and pg_restore: `check --deploy` warns when they are missing,
and `backup` says which package to install instead of failing obscurely."""

import shutil

import pytest
from django.core.checks import WARNING
from django.db import connections

from tandem.sharing import backup, checks


@pytest.fixture
def postgresql_without_client(monkeypatch):
    monkeypatch.setitem(connections["default"].settings_dict, "ENGINE", "django.db.backends.postgresql")
    monkeypatch.setattr(shutil, "which", lambda name: None)


def test_check_deploy_warns_without_pg_dump(postgresql_without_client):
    [message] = checks.backup_tools(None)
    assert (message.id, message.level) == ("tandem.W002", WARNING)
    assert "pg_dump and pg_restore" in message.msg
    assert "postgresql-client" in message.msg


def test_backup_says_which_package_to_install(postgresql_without_client, tmp_path):
    with pytest.raises(backup.BackupError, match="postgresql-client"):
        backup.backup(tmp_path / "x.backup")


def test_quiet_with_the_client_installed_or_on_sqlite(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setitem(connections["default"].settings_dict, "ENGINE", "django.db.backends.postgresql")
    assert checks.backup_tools(None) == []
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setitem(connections["default"].settings_dict, "ENGINE", "tandem.core.db.sqlite3")
    assert checks.backup_tools(None) == []
