"""The per-request floor's cuts keep behaviour: the kept parts of the frame ({% kept %}), the kept
menu, the session read without the ORM, no session write on every page, and SQLite connections
kept (docs/scale.md, "What one request costs")."""

import datetime
import re

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.template import Context, Engine, TemplateSyntaxError
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tandem.core import nav
from tandem.core.middleware import SessionLifetimeMiddleware

MINIMAL_PAGE = "/privacy/code/"
ENGINE = Engine(libraries={"kept": "tandem.core.templatetags.kept"})


def _render(text: str, **values) -> str:
    return ENGINE.from_string("{% load kept %}" + text).render(Context(values))


def _nonces(page: str) -> set[str]:
    return set(re.findall(r'nonce="([^"]+)"', page))


# --- {% kept %} -------------------------------------------------------------------------------


def test_a_kept_part_sees_only_what_it_names():
    template = "{% kept a %}{{ a }}/{{ secret }}{% endkept %}|{{ secret }}"
    assert _render(template, a="x", secret="robin's") == "x/|robin&#x27;s"


def test_a_kept_part_is_rendered_once_per_value_and_reused():
    shown = []

    class Value:
        def __init__(self, name):
            self.name = name

        def __hash__(self):
            return hash(self.name)

        def __eq__(self, other):
            return self.name == other.name

        def __str__(self):
            shown.append(self.name)
            return self.name

    template = ENGINE.from_string("{% load kept %}{% kept v=value %}<b>{{ v }}</b>{% endkept %}")
    assert template.render(Context({"value": Value("one")})) == "<b>one</b>"
    assert template.render(Context({"value": Value("one")})) == "<b>one</b>"
    assert template.render(Context({"value": Value("two")})) == "<b>two</b>"
    assert shown == ["one", "two"]


def test_a_hole_is_filled_on_every_render_from_the_page():
    template = ENGINE.from_string(
        '{% load kept %}{% kept %}<p data-n="{% hole %}{{ n }}{% endhole %}">{{ n }}</p>{% endkept %}'
    )
    assert template.render(Context({"n": 1})) == '<p data-n="1"></p>'
    assert template.render(Context({"n": "<2>"})) == '<p data-n="&lt;2&gt;"></p>'


def test_a_block_or_a_buried_hole_inside_kept_is_refused():
    with pytest.raises(TemplateSyntaxError):
        ENGINE.from_string("{% load kept %}{% kept %}{% block b %}{% endblock %}{% endkept %}")
    with pytest.raises(TemplateSyntaxError):
        ENGINE.from_string("{% load kept %}{% kept %}{% if 1 %}{% hole %}x{% endhole %}{% endif %}{% endkept %}")


def _one_template(text: str):
    """One compiled template rendered again and again, as a page's is (each compile keeps apart)."""
    template = ENGINE.from_string("{% load kept %}" + text)
    return lambda **values: template.render(Context(values))


def test_a_value_that_cannot_be_a_key_is_rendered_each_time():
    render = _one_template("{% kept d=d %}{{ d.a }}{% endkept %}")
    assert render(d={"a": 1}) == "1"
    assert render(d={"a": 2}) == "2"


def test_values_equal_but_of_another_type_are_kept_apart():
    render = _one_template("{% kept x=x %}{{ x }}{% endkept %}")
    assert render(x=1) == "1"
    assert render(x=True) == "True"
    assert render(x=1.0) == "1.0"


@pytest.mark.django_db
def test_a_person_is_never_part_of_a_key_so_a_new_name_shows_at_once(world):
    """A model instance compares by its primary key alone: kept under it, a renamed person would
    keep their old name."""
    render = _one_template("{% kept p=p %}{{ p.display_name }}{% endkept %}")
    person = world.owner
    assert render(p=person) == "Robin"
    person.display_name = "Robin R."
    assert render(p=person) == "Robin R."


# --- the frame and the menu on real pages -------------------------------------------------------


def test_each_page_gets_its_own_nonce_and_csrf_token_in_the_kept_frame(world):
    client = world.client_for("owner")
    first, second = (client.get(MINIMAL_PAGE) for _ in range(2))
    one, two = _nonces(first.content.decode()), _nonces(second.content.decode())
    assert len(one) == len(two) == 1
    assert one != two
    assert one == {re.search(r"'nonce-([^']+)'", first["Content-Security-Policy"]).group(1)}
    lock = re.search(
        r'action="/lock/"[^>]*><input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"', first.content.decode()
    )
    assert len(lock.group(1)) == 64


def test_the_kept_top_bar_follows_the_person_and_the_language(world):
    owner = world.client_for("owner").get(MINIMAL_PAGE).content.decode()
    partner = world.client_for("partner").get(MINIMAL_PAGE).content.decode()
    assert "urge-button" in owner  # a client has "Urge help" beside the crisis link
    assert "urge-button" not in partner
    world.partner.language = "es"
    world.partner.save(update_fields=["language"])
    spanish = world.client_for("partner").get(MINIMAL_PAGE).content.decode()
    assert '<html lang="es">' in spanish
    assert "Crisis help" in partner
    assert "Crisis help" not in spanish
    signed_out = world.client_for("anonymous").get("/account/login/").content.decode()
    assert "data-signed-in" in owner
    assert "data-signed-in" not in signed_out
    assert 'id="quick-exit"' in signed_out
    assert 'class="button crisis-link"' in signed_out


@override_settings(TANDEM_SITE_NAME="Harbour Steps", TANDEM_QUICK_EXIT_URL="https://example.org/weather")
def test_a_changed_setting_is_shown_not_the_kept_frame(world):
    page = world.client_for("owner").get(MINIMAL_PAGE).content.decode()
    assert '<a class="brand" href="/">Harbour Steps</a>' in page
    assert 'data-quick-exit-url="https://example.org/weather"' in page


def test_the_kept_menu_marks_the_current_page_and_counts_afresh(world, monkeypatch):
    waiting = [2]
    monkeypatch.setattr(nav, "_ITEMS", list(nav._ITEMS))
    monkeypatch.setattr(nav, "_ROUTES", {})
    nav.register("Crisis help page", "crisis", roles={"client"}, order=1, count=lambda user: waiting[0])
    client = world.client_for("owner")
    entry = re.compile(r'<a href="/help/"( aria-current="page")?>Crisis help page(?: <span class="nav-count">(\d+))?')
    assert entry.search(client.get(MINIMAL_PAGE).content.decode()).groups() == (None, "2")
    waiting[0] = 5
    assert entry.search(client.get(MINIMAL_PAGE).content.decode()).groups() == (None, "5")
    waiting[0] = 0
    assert entry.search(client.get("/help/").content.decode()).groups() == (' aria-current="page"', None)
    assert entry.search(client.get(MINIMAL_PAGE).content.decode()).groups() == (None, None)


# --- queries: exactly the session, the user, the roles; no write on every page -------------------


def _tables(queries) -> list[str]:
    return [re.search(r'FROM "?(\w+)"?', q["sql"]).group(1) for q in queries]


def test_the_minimal_page_reads_the_session_the_user_and_the_roles_only(world):
    client = world.client_for("owner")
    client.get(MINIMAL_PAGE)  # stamps the session
    with CaptureQueriesContext(connection) as queries:
        assert client.get(MINIMAL_PAGE).status_code == 200
    assert _tables(queries.captured_queries) == ["django_session", "accounts_user", "accounts_roleassignment"]
    assert all(q["sql"].startswith("SELECT") for q in queries.captured_queries)


def test_the_session_is_written_at_most_every_thirty_seconds(world):
    start = timezone.now()
    client = world.client_for("owner")
    with time_machine.travel(start, tick=False):
        client.get(MINIMAL_PAGE)
    for seconds, writes in (
        (10, 0),
        (SessionLifetimeMiddleware.WRITE_EVERY - 1, 0),
        (SessionLifetimeMiddleware.WRITE_EVERY + 1, 1),
    ):
        moment = start + datetime.timedelta(seconds=seconds)
        with time_machine.travel(moment, tick=False), CaptureQueriesContext(connection) as queries:
            assert client.get(MINIMAL_PAGE).status_code == 200
        written = [q for q in queries.captured_queries if not q["sql"].startswith("SELECT")]
        assert len([q for q in written if "django_session" in q["sql"]]) == writes, seconds
    # the idle timeout runs from the last stamp written, as before
    with time_machine.travel(
        start
        + datetime.timedelta(seconds=SessionLifetimeMiddleware.WRITE_EVERY + 1 + settings.SESSION_IDLE_TIMEOUT + 1),
        tick=False,
    ):
        response = client.get(MINIMAL_PAGE)
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]


def test_an_expired_or_unknown_session_is_not_read(world):
    client = world.client_for("owner")
    assert client.get(MINIMAL_PAGE).status_code == 200
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get(MINIMAL_PAGE).status_code == 302
    stranger = world.client_for("anonymous")
    stranger.cookies[settings.SESSION_COOKIE_NAME] = "x" * 32
    assert stranger.get(MINIMAL_PAGE).status_code == 302


def test_database_connections_are_kept_between_requests():
    if settings.TANDEM_DB_POOL:
        pytest.skip("Django's pool keeps them instead")
    for alias in settings.DATABASES.values():
        assert alias["CONN_MAX_AGE"] > 0, alias["ENGINE"]
