"""What every signed-in page pays before its own work (docs/scale.md, "What one request costs"):
pinned, so a query added to the middleware, the context processors or the base template shows."""

import re

from tandem.core import nav

MINIMAL_PAGE = "/privacy/code/"  # bench/bench_request_floor.py's minimal signed-in page


def test_the_minimal_signed_in_page_costs_three_queries(world, django_assert_num_queries):
    client = world.client_for("owner")
    client.get(MINIMAL_PAGE)  # the first request after signing in stamps the session (a write)
    # The session, the user, the user's roles; nothing else (the nav, the base template, the
    # context processors and the security middleware read no table for a client).
    with django_assert_num_queries(3):
        response = client.get(MINIMAL_PAGE)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="button crisis-link"' in page
    assert 'id="quick-exit"' in page
    assert 'class="mainnav"' in page
    assert re.search(r'<script [^>]*nonce="[^"]+"', page)
    assert "no-store" in response["Cache-Control"]


def _menu(page: str) -> list[str]:
    wide = page.split('class="nav-wide"')[1].split("</ul>\n  <div")[0]
    return re.findall(r'<a href="([^"]+)"', wide)


def test_the_menu_kept_per_set_of_roles_is_each_persons_own(world):
    owner = _menu(world.client_for("owner").get(MINIMAL_PAGE).content.decode())
    partner = _menu(world.client_for("partner").get(MINIMAL_PAGE).content.decode())
    therapist = _menu(world.client_for("therapist").get(MINIMAL_PAGE).content.decode())
    assert "/today/" in owner
    assert "/caseload/" not in owner
    assert "/caseload/" in therapist
    assert "/today/" not in therapist
    assert "/caseload/" not in partner
    assert _menu(world.client_for("owner").get(MINIMAL_PAGE).content.decode()) == owner


def test_an_entry_registered_later_is_shown(world, monkeypatch):
    client = world.client_for("owner")
    client.get(MINIMAL_PAGE)
    monkeypatch.setattr(nav, "_ITEMS", list(nav._ITEMS))
    monkeypatch.setattr(nav, "_ROUTES", dict(nav._ROUTES))  # the owner's menu, as kept
    assert nav._ROUTES
    nav.register("Crisis help page", "crisis", roles={"client"}, order=99, group="Everything else")
    assert "/help/" in _menu(client.get(MINIMAL_PAGE).content.decode())


def test_a_therapists_minimal_page_adds_only_the_number_waiting_in_the_menu(world, django_assert_num_queries):
    client = world.client_for("therapist")
    client.get(MINIMAL_PAGE)
    # The three above, and the one count beside "Caseload" (safety answers not yet seen).
    with django_assert_num_queries(4):
        response = client.get(MINIMAL_PAGE)
    assert 'href="/caseload/"' in response.content.decode()
