"""The replica router (core/db_router.py): which reads may go to a replica, and when they may not.

The replica here is a second connection to the test database (a TEST MIRROR of default, as the
settings make it), so the queries each connection ran show where every read went.
"""

import datetime
import logging

import dj_database_url
import pytest
import time_machine
from django.db import connections
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from tandem.accounts.models import User
from tandem.core import db_router
from tandem.core.db_router import PIN_COOKIE, reads_may_lag
from tandem.core.dbconf import PIN_MIDDLEWARE, ROUTER
from tandem.fellowship.records import CODE_LENGTH
from tandem.sharing import gate
from tests.support.world import build_world

PRIMARY_ONLY_TABLES = ("sharing_", "accounts_", "account_", "mfa_", "django_session")


pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture(scope="module", autouse=True)
def _replica_alias(django_db_setup):
    """The "replica" alias exists before each test's database setup looks for it (and points at
    the test database, which django_db_setup has made by then)."""
    _set_replica(dict(connections["default"].settings_dict))
    yield
    connections["replica"].close()
    del connections["replica"]
    del connections.settings["replica"]


def _set_replica(conf: dict) -> None:
    conf["TEST"] = {**conf.get("TEST", {}), "MIRROR": "default"}
    if "replica" in connections.settings:
        connections["replica"].close()
        del connections["replica"]
    both = connections.configure_settings({"default": connections["default"].settings_dict, "replica": conf})
    connections.settings["replica"] = both["replica"]
    db_router.health.reset()


def _route(settings) -> None:
    settings.DATABASE_ROUTERS = [ROUTER]
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, PIN_MIDDLEWARE]
    settings.TANDEM_REPLICA_PIN_SECONDS = 5


@pytest.fixture
def replica(settings):
    """A second connection to the test database, as the settings make it (a TEST MIRROR)."""
    _set_replica(dict(connections["default"].settings_dict))
    _route(settings)
    yield connections["replica"]
    db_router.health.reset()


@pytest.fixture
def dead_replica(settings):
    """A replica nobody answers for (nothing listens on port 1)."""
    conf = dj_database_url.parse("postgresql://nobody@127.0.0.1:1/tandem_replica")
    conf["OPTIONS"] = {"connect_timeout": 1}
    _set_replica(conf)
    _route(settings)
    yield connections["replica"]
    _set_replica(dict(connections["default"].settings_dict))


@pytest.fixture
def people():
    return build_world()


class _Record:
    """The SQL a connection ran (without opening it, unlike CaptureQueriesContext)."""

    def __init__(self):
        self.sql = []

    def __call__(self, execute, sql, params, many, context):
        self.sql.append(sql)
        return execute(sql, params, many, context)


def _get(client, url):
    """The response, with the SQL each connection ran for it."""
    primary, replica = _Record(), _Record()
    with connections["default"].execute_wrapper(primary), connections["replica"].execute_wrapper(replica):
        response = client.get(url)
    return response, primary.sql, replica.sql


FINDER = reverse("meeting_finder") + "?attendance=online&radius=25"


def test_the_finder_reads_meetings_from_the_replica(replica, people):
    client = people.client_for("owner")
    response, primary, lagging = _get(client, FINDER)
    assert response.status_code == 200
    assert any("fellowship_meeting" in sql for sql in lagging)
    assert not any("fellowship_meeting" in sql for sql in primary)
    # who is signed in, and their session, are never read from the replica
    assert not [sql for sql in lagging if any(table in sql for table in PRIMARY_ONLY_TABLES)]


def test_pages_not_marked_read_only_the_primary(replica, people):
    client = people.client_for("owner")
    response, primary, lagging = _get(client, reverse("schedule"))
    assert response.status_code == 200
    assert primary
    assert not lagging


def test_the_sharing_gate_never_reads_the_replica(replica, people):
    lagging = _Record()
    with connections["replica"].execute_wrapper(lagging), reads_may_lag():
        assert db_router.reads_may_lag_now()
        assert gate.may_view(people.therapist, people.owner, "checkins")
        people.revoke_all()
        assert not gate.may_view(people.therapist, people.owner, "checkins")
    assert not [sql for sql in lagging.sql if "sharing_" in sql]


def test_a_therapists_client_report_decides_on_the_primary(replica, people):
    client = people.client_for("therapist")
    response, primary, lagging = _get(client, reverse("report_client", args=[people.owner.pk]))
    assert response.status_code == 200
    assert any("sharing_grant" in sql for sql in primary)
    assert not [sql for sql in lagging if "sharing_" in sql]


def test_the_public_record_check_reads_the_primary_so_a_revoked_code_is_not_valid_at_once(replica, people):
    primary, lagging = _Record(), _Record()
    with connections["default"].execute_wrapper(primary), connections["replica"].execute_wrapper(lagging):
        response = Client().post(reverse("record_verify"), {"code": "7K3M" * (CODE_LENGTH // 4)})
    assert response.status_code == 200
    assert any("fellowship_attendancerecord" in sql for sql in primary.sql)
    assert lagging.sql == []


def test_a_write_pins_the_person_to_the_primary_until_the_pin_expires(replica, people):
    client = people.client_for("owner")
    response = client.post(reverse("record_verify"), {"code": "nothing"})
    assert PIN_COOKIE in response.cookies
    response, primary, lagging = _get(client, FINDER)
    assert response.status_code == 200
    assert lagging == []  # pinned: they may be about to read what they just wrote
    assert any("fellowship_meeting" in sql for sql in primary)
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=6)
    with time_machine.travel(later, tick=False):
        response, primary, lagging = _get(client, FINDER)
    assert response.status_code == 200
    assert any("fellowship_meeting" in sql for sql in lagging)


def test_a_write_through_django_in_a_safe_request_pins_too(replica, people):
    def view(request):
        User.objects.filter(pk=people.owner.pk).update(display_name="Robin R.")
        return HttpResponse("ok")

    def quiet(request):
        return HttpResponse("ok")

    request = RequestFactory().get("/")
    assert PIN_COOKIE in db_router.ReplicaPinMiddleware(view)(request).cookies
    assert PIN_COOKIE not in db_router.ReplicaPinMiddleware(quiet)(RequestFactory().get("/")).cookies


def test_writes_inside_a_lagging_block_go_to_the_primary_and_end_the_lag(replica, people):
    with reads_may_lag():
        User.objects.filter(pk=people.owner.pk).update(display_name="Robin R.")
        assert not db_router.reads_may_lag_now()
        assert User.objects.get(pk=people.owner.pk).display_name == "Robin R."


def test_an_unreachable_replica_falls_back_to_the_primary_with_a_warning(dead_replica, people, caplog):
    client = people.client_for("owner")
    with caplog.at_level(logging.WARNING, logger="tandem.db"):
        response, primary, lagging = _get(client, FINDER)
    assert response.status_code == 200
    assert lagging == []
    assert any("fellowship_meeting" in sql for sql in primary)
    assert "replica unreachable" in caplog.text


def test_a_replica_that_dies_mid_request_is_retried_on_the_primary(dead_replica, people, caplog):
    db_router.health.ok, db_router.health.until = True, float("inf")  # it answered a moment ago
    client = people.client_for("owner")
    with caplog.at_level(logging.WARNING, logger="tandem.db"):
        response = client.get(FINDER)
    assert response.status_code == 200
    assert "replica unreachable" in caplog.text
    assert not db_router.health.available()  # remembered: the next reads skip it at once


def test_a_database_error_that_is_not_the_replicas_is_raised_and_the_view_is_not_run_twice(replica, people):
    from django.db import OperationalError

    runs = []

    @reads_may_lag
    def view():
        runs.append(1)
        list(User.objects.filter(pk=people.owner.pk).values_list("pk"))  # accounts: from the primary
        from tandem.fellowship.models import Meeting

        list(Meeting.objects.values_list("pk")[:1])  # from the replica
        raise OperationalError("the primary refused")

    with pytest.raises(OperationalError):
        view()
    assert runs == [1]
    assert db_router.health.available()


# --- a replica far behind ------------------------------------------------------------------------


class _Lag:
    """A fake `replica_lag`: the seconds behind it says, and how often it was asked."""

    def __init__(self, seconds):
        self.seconds, self.asked = seconds, 0

    def __call__(self):
        self.asked += 1
        return self.seconds


@pytest.fixture
def lag(replica, settings, monkeypatch):
    settings.TANDEM_REPLICA_MAX_LAG_SECONDS = 30
    settings.TANDEM_REPLICA_CHECK_SECONDS = 5
    fake = _Lag(0.0)
    monkeypatch.setattr(db_router, "replica_lag", fake)
    return fake


def _next_check():
    db_router.health.until = 0.0  # the kept answer has expired


def test_a_replica_far_behind_is_skipped_with_a_warning_and_used_again_once_caught_up(lag, people, caplog):
    client = people.client_for("owner")
    lag.seconds = 45.0
    with caplog.at_level(logging.WARNING, logger="tandem.db"):
        response, primary, lagging = _get(client, FINDER)
    assert response.status_code == 200
    assert lagging == []
    assert any("fellowship_meeting" in sql for sql in primary)
    assert "replica behind the primary by 45.0 s (more than 30 s)" in caplog.text

    caplog.clear()
    lag.seconds = 0.2
    _next_check()
    with caplog.at_level(logging.WARNING, logger="tandem.db"):
        response, primary, lagging = _get(client, FINDER)
    assert response.status_code == 200
    assert any("fellowship_meeting" in sql for sql in lagging)
    assert not any("fellowship_meeting" in sql for sql in primary)
    assert "replica caught up" in caplog.text


def test_a_replica_a_little_behind_is_still_used(lag, people):
    lag.seconds = 29.0
    response, primary, lagging = _get(people.client_for("owner"), FINDER)
    assert response.status_code == 200
    assert any("fellowship_meeting" in sql for sql in lagging)


def test_a_replica_that_cannot_tell_how_far_behind_it_is_is_skipped(lag, people, caplog):
    lag.seconds = None  # replaying, and no transaction replayed yet
    with caplog.at_level(logging.WARNING, logger="tandem.db"):
        assert not db_router.health.available()
    assert "behind the primary by an unknown time" in caplog.text


def test_the_lag_is_measured_once_per_check_interval_not_once_per_request(lag, people, caplog):
    client = people.client_for("owner")
    lag.seconds = 100.0
    with caplog.at_level(logging.WARNING, logger="tandem.db"):
        for _ in range(4):
            assert _get(client, FINDER)[0].status_code == 200
        assert lag.asked == 1
        _next_check()
        assert _get(client, FINDER)[0].status_code == 200
    assert lag.asked == 2
    assert caplog.text.count("replica behind the primary") == 1  # said once, not at every check


def test_no_lag_limit_means_the_lag_is_never_a_reason_to_skip(lag, settings):
    settings.TANDEM_REPLICA_MAX_LAG_SECONDS = 0
    lag.seconds = 10_000.0
    assert db_router.health.available()


def test_the_lag_measured_on_a_server_that_is_not_a_replica_is_zero(replica):
    """On PostgreSQL the real query runs (a primary is never behind itself); on SQLite the mirror
    is the primary's own file."""
    ran = _Record()
    with connections["replica"].execute_wrapper(ran):
        assert db_router.replica_lag() == 0.0
    if connections["replica"].vendor == "postgresql":
        assert ran.sql == [db_router.LAG_SQL]


@pytest.mark.skipif(connections["default"].vendor != "postgresql", reason="PostgreSQL's replication functions")
def test_the_lag_query_treats_a_caught_up_idle_replica_as_fresh(replica):
    """The query's branches, with the recovery functions replaced by what a replica would answer:
    an idle primary's last replayed transaction an hour old, all WAL replayed and the link to the
    primary alive — fresh; the same with WAL received but not replayed, or with the link silent
    (a replica cut off from its primary replays what it had and stops) — an hour behind."""
    sql = (
        db_router.LAG_SQL.replace("pg_is_in_recovery()", "true")
        .replace("pg_last_xact_replay_timestamp()", "(now() - interval '1 hour')")
        .replace("pg_last_wal_replay_lsn()", "'0/3000060'::pg_lsn")
    )

    def receiver(status: str, silent_for: str) -> str:
        return f"(SELECT '{status}'::text AS status, now() - interval '{silent_for}' AS last_msg_receipt_time)"

    streaming = sql.replace("pg_stat_wal_receiver", receiver("streaming", "5 seconds"))
    with connections["replica"].cursor() as cursor:
        cursor.execute(streaming.replace("pg_last_wal_receive_lsn()", "'0/3000060'::pg_lsn"))
        assert float(cursor.fetchone()[0]) == 0
        cursor.execute(streaming.replace("pg_last_wal_receive_lsn()", "'0/4000000'::pg_lsn"))
        assert float(cursor.fetchone()[0]) == pytest.approx(3600, abs=1)
        for cut_off in (receiver("streaming", "10 minutes"), receiver("waiting", "1 second")):
            cursor.execute(
                sql.replace("pg_stat_wal_receiver", cut_off).replace("pg_last_wal_receive_lsn()", "'0/3000060'::pg_lsn")
            )
            assert float(cursor.fetchone()[0]) == pytest.approx(3600, abs=1)
        cursor.execute(sql.replace("pg_last_wal_receive_lsn()", "'0/3000060'::pg_lsn"))  # no receiver at all
        assert float(cursor.fetchone()[0]) == pytest.approx(3600, abs=1)
