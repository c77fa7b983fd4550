import time

from django.test import override_settings
from django.urls import reverse

from tandem.core.middleware import SessionLifetimeMiddleware


def _signed_in(world):
    client = world.client_for("owner")
    assert client.get(reverse("home")).status_code == 200
    return client


def _age_session(client, *, idle=0, started=0):
    session = client.session
    now = time.time()
    session[SessionLifetimeMiddleware.LAST_SEEN] = now - idle
    session[SessionLifetimeMiddleware.STARTED] = now - started
    session.save()


def test_an_idle_session_ends_after_thirty_minutes(world):
    client = _signed_in(world)
    _age_session(client, idle=31 * 60, started=31 * 60)
    response = client.get(reverse("privacy"))
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]
    assert client.get(reverse("privacy")).status_code == 302


def test_an_active_session_stays(world):
    client = _signed_in(world)
    _age_session(client, idle=29 * 60, started=2 * 60 * 60)
    assert client.get(reverse("privacy")).status_code == 200


def test_a_session_ends_after_twelve_hours_however_active(world):
    client = _signed_in(world)
    _age_session(client, idle=10, started=12 * 60 * 60 + 5)
    response = client.get(reverse("privacy"))
    assert response.status_code == 302


@override_settings(SESSION_IDLE_TIMEOUT=60)
def test_the_idle_timeout_is_configurable(world):
    client = _signed_in(world)
    _age_session(client, idle=61, started=61)
    assert client.get(reverse("privacy")).status_code == 302


def test_lock_now_ends_the_session(world):
    client = _signed_in(world)
    response = client.post(reverse("lock"))
    assert response.status_code == 302
    assert client.get(reverse("privacy")).status_code == 302


def test_quick_exit_ends_the_session_and_sends_the_browser_away(world):
    client = _signed_in(world)
    response = client.get(reverse("quick_exit"))
    assert response.status_code == 302
    assert response["Location"] == "/n/"
    assert client.get(reverse("privacy")).status_code == 302


def test_quick_exit_sends_the_browser_away_even_when_the_database_cannot_end_the_session(world, caplog):
    """Leaving is a safety action: a locked or restarting database must not turn it into an error
    page. The browser's cookie goes; the row expires on its own."""
    from unittest import mock

    from django.conf import settings
    from django.db import OperationalError

    client = _signed_in(world)
    with mock.patch.object(type(client.session), "delete", side_effect=OperationalError("database table is locked")):
        response = client.get(reverse("quick_exit"))
    assert response.status_code == 302
    assert response["Location"] == "/n/"
    assert response.cookies[settings.SESSION_COOKIE_NAME].value == ""  # deleted in the browser
    assert "could not be ended in the database" in caplog.text


def test_the_neutral_page_says_nothing_about_recovery(client, db):
    text = client.get(reverse("neutral")).content.decode().lower()
    for word in ("recovery", "addiction", "tandem", "sobriety", "crisis"):
        assert word not in text
