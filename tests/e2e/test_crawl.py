"""Whole-site check in the browser: every page each persona can reach passes axe (no serious or
critical violation), has one <h1>, crisis help and quick exit, no CSP violation, no request to
another origin (the page fixture fails on those), and a neutral title."""

import pytest
from playwright.sync_api import Error as PlaywrightError

from tandem.core.matrix import route_url
from tandem.core.routes import all_routes
from tandem.core.testing import build_world
from tandem.core.tests.test_pages import REVEALING

from .conftest import check_page, login

pytestmark = pytest.mark.django_db(transaction=True)

GET_ROUTES = [route for _, route in sorted(all_routes().items()) if route.method == "GET"]


@pytest.mark.parametrize("persona", ["owner", "partner", "therapist"])
def test_every_reachable_page_passes_the_whole_site_checks(page, site, persona):
    world = build_world()
    login(page, site, world.persona(persona))
    visited = 0
    for route in GET_ROUTES:
        url = route_url(route, world)
        try:
            response = page.goto(f"{site}{url}")
        except PlaywrightError as error:
            if "Download is starting" in str(error):
                continue  # an export or a calendar file, not a page
            raise
        if response is None or response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        if page.locator("main").count() == 0:
            continue  # a fragment or a download
        check_page(page)
        title = page.title()
        assert not REVEALING.search(title), f"{route.name}: title {title!r}"
        visited += 1
    assert visited >= 15, f"only {visited} pages reached as {persona}"
