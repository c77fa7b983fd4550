"""The database settings (core/dbconf.py): a replica, Django's pool, PgBouncer — and without them,
nothing changes."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tandem.core.db_router import PIN_COOKIE
from tandem.core.dbconf import PIN_MIDDLEWARE, ROUTER, database_settings, pool_and_pgbouncer

PG = "postgresql://tandem@127.0.0.1:5432/tandem"


def test_sqlite_alone_is_todays_setup():
    conf = database_settings({}, default_url="sqlite:////srv/tandem.sqlite3")
    assert list(conf["DATABASES"]) == ["default"]
    assert conf["DATABASE_ROUTERS"] == []
    default = conf["DATABASES"]["default"]
    assert default["ENGINE"] == "tandem.core.db.sqlite3"
    assert default["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_postgresql_keeps_persistent_connections_by_default():
    default = database_settings({"DATABASE_URL": PG})["DATABASES"]["default"]
    assert default["CONN_MAX_AGE"] == 60
    assert default["CONN_HEALTH_CHECKS"] is True
    assert default["DISABLE_SERVER_SIDE_CURSORS"] is False
    assert "pool" not in default["OPTIONS"]


def test_a_replica_url_adds_the_alias_as_a_test_mirror_and_the_router():
    conf = database_settings({"DATABASE_URL": PG, "DATABASE_REPLICA_URL": PG.replace("5432", "5433")})
    replica = conf["DATABASES"]["replica"]
    assert replica["PORT"] == 5433
    assert replica["TEST"] == {"MIRROR": "default"}
    assert replica["OPTIONS"]["connect_timeout"] == 2
    assert conf["DATABASE_ROUTERS"] == [ROUTER]
    assert conf["TANDEM_REPLICA_PIN_SECONDS"] == 5
    assert conf["TANDEM_REPLICA_MAX_LAG_SECONDS"] == 30


def test_the_pin_lasts_as_long_as_asked():
    conf = database_settings({"DATABASE_URL": PG, "TANDEM_REPLICA_PIN_SECONDS": "12"})
    assert conf["TANDEM_REPLICA_PIN_SECONDS"] == 12


def test_how_far_behind_a_replica_may_fall_is_a_setting():
    conf = database_settings({"DATABASE_URL": PG, "TANDEM_REPLICA_MAX_LAG_SECONDS": "8"})
    assert conf["TANDEM_REPLICA_MAX_LAG_SECONDS"] == 8
    with pytest.raises(ImproperlyConfigured):
        database_settings({"DATABASE_URL": PG, "TANDEM_REPLICA_MAX_LAG_SECONDS": "soon"})


def test_djangos_pool_replaces_persistent_connections():
    conf = database_settings({"DATABASE_URL": PG, "DATABASE_REPLICA_URL": PG, "TANDEM_DB_POOL": "1"})
    for alias in ("default", "replica"):
        db = conf["DATABASES"][alias]
        assert db["OPTIONS"]["pool"] == {"min_size": 2, "max_size": 10, "timeout": 10}
        assert db["CONN_MAX_AGE"] == 0  # Django refuses a pool with persistent connections
    assert conf["TANDEM_DB_POOL"] is True


def test_the_pool_needs_postgresql():
    with pytest.raises(ImproperlyConfigured, match="TANDEM_DB_POOL"):
        database_settings({"TANDEM_DB_POOL": "yes"}, default_url="sqlite:////srv/tandem.sqlite3")


def test_pgbouncer_turns_off_server_side_cursors():
    conf = database_settings({"DATABASE_URL": PG, "DATABASE_REPLICA_URL": PG, "TANDEM_PGBOUNCER": "true"})
    assert conf["DATABASES"]["default"]["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert conf["DATABASES"]["replica"]["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert "pool" not in conf["DATABASES"]["default"]["OPTIONS"]


@pytest.mark.parametrize("name", ["TANDEM_DB_POOL", "TANDEM_PGBOUNCER"])
def test_a_flag_that_is_not_a_yes_or_no_fails_loudly(name):
    with pytest.raises(ImproperlyConfigured, match=name):
        database_settings({"DATABASE_URL": PG, name: "maybe"})


def test_the_check_refuses_the_pool_and_pgbouncer_at_once(settings):
    settings.TANDEM_DB_POOL, settings.TANDEM_PGBOUNCER = True, True
    assert [error.id for error in pool_and_pgbouncer(None)] == ["tandem.E010"]
    settings.TANDEM_PGBOUNCER = False
    assert pool_and_pgbouncer(None) == []
    settings.TANDEM_DB_POOL, settings.TANDEM_PGBOUNCER = False, True
    assert pool_and_pgbouncer(None) == []


def test_without_a_replica_nothing_changes(world, settings):
    assert "replica" not in settings.DATABASES
    assert settings.DATABASE_ROUTERS == []
    assert PIN_MIDDLEWARE not in settings.MIDDLEWARE
    client = world.client_for("owner")
    with CaptureQueriesContext(connections["default"]) as primary:
        response = client.get(reverse("meeting_finder") + "?attendance=online")
    assert response.status_code == 200
    assert any("fellowship_meeting" in q["sql"] for q in primary.captured_queries)
    assert PIN_COOKIE not in response.cookies
