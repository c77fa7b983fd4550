"""Settings fail loudly; production refuses to start without secrets; check --deploy passes."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from tandem.core import env
from tandem.core.email_url import email_settings

ROOT = Path(__file__).resolve().parents[3]


def run_manage(*args, **extra_env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("TANDEM_", "DJANGO_", "SECRET_KEY"))}
    environment.update(extra_env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


PRODUCTION_ENV = {
    "TANDEM_ENV": "production",
    "SECRET_KEY": "x" * 30 + "a-long-random-production-secret-value-123",
    "TANDEM_ENCRYPTION_KEYS": "kYpQ2w1p7mWcS3oK8H9yq5a0Zq2cN1pV6sB4dR7tU8E=",
    "ALLOWED_HOSTS": "tandem.example.org",
    "DJANGO_SETTINGS_MODULE": "tandem.settings",
}


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", TANDEM_ENV="production", DJANGO_SETTINGS_MODULE="tandem.settings")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_encryption_keys():
    environment = dict(PRODUCTION_ENV)
    del environment["TANDEM_ENCRYPTION_KEYS"]
    result = run_manage("check", **environment)
    assert result.returncode != 0
    assert "TANDEM_ENCRYPTION_KEYS" in result.stderr


def test_check_deploy_passes_under_production_settings(tmp_path):
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", TANDEM_VAR_DIR=str(tmp_path), **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_passes_with_web_push_turned_on(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        TANDEM_VAR_DIR=str(tmp_path),
        TANDEM_VAPID_PRIVATE_KEY="YkeOQTjb0yljaaDuXjzxvsBKxQC0UlnkHFOprU_XNZ4",
        TANDEM_VAPID_SUBJECT="mailto:admin@tandem.example.org",
        **PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "push." not in result.stdout + result.stderr


def test_a_typo_in_a_boolean_setting_fails_loudly(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "yess")
    with pytest.raises(ImproperlyConfigured):
        env.env_bool("SOME_FLAG")


def test_a_non_number_fails_loudly(monkeypatch):
    monkeypatch.setenv("SOME_NUMBER", "thirty")
    with pytest.raises(ImproperlyConfigured):
        env.env_int("SOME_NUMBER", 30)


def test_email_urls_are_parsed():
    smtp = email_settings("smtp+tls://user%40x:p%2Fw@mail.example.org:2525")
    assert smtp["EMAIL_HOST"] == "mail.example.org"
    assert smtp["EMAIL_PORT"] == 2525
    assert smtp["EMAIL_HOST_USER"] == "user@x"
    assert smtp["EMAIL_HOST_PASSWORD"] == "p/w"
    assert smtp["EMAIL_USE_TLS"] is True
    with pytest.raises(ImproperlyConfigured):
        email_settings("carrier-pigeon://coop")


def test_development_secrets_are_generated_once(tmp_path):
    first = env.dev_secret(tmp_path, "secret_key", env.new_secret_key)
    second = env.dev_secret(tmp_path, "secret_key", lambda: "other")
    assert first == second
    assert len(first) > 50
    assert oct((tmp_path / "secret_key").stat().st_mode)[-3:] == "600"


def test_sqlite_runs_in_wal_with_full_sync_and_secure_delete(db):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        assert cursor.execute("PRAGMA synchronous").fetchone()[0] == 2
        assert cursor.execute("PRAGMA secure_delete").fetchone()[0] == 1
        assert cursor.execute("PRAGMA foreign_keys").fetchone()[0] == 1
