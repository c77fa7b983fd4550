"""Whole-site check in the browser: every page each persona can reach — with every person's data
seeded, as in the leak test — passes axe (no serious or critical violation), has one <h1>, crisis
help and quick exit, no CSP violation, no request to another origin (the page fixture fails on
those), a neutral title, and shows no marker of data the viewer may not see. Each page is then
looked at once more at a phone's width (390 px, in the same visit): nothing makes the page
scroll sideways, and whatever scrolls inside it can be reached by keyboard (axe's
"scrollable-region-focusable")."""

import pytest
from playwright.sync_api import Error as PlaywrightError

from tandem.core.routes import all_routes
from tandem.core.tests.test_leaks import seed_everyone
from tandem.core.tests.test_pages import REVEALING
from tandem.sharing.models import Grant
from tests.support.matrix import route_url
from tests.support.world import build_world

from .conftest import check_page, login, settled_html

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}  # the page fixture's size
SCROLL_CHECK = """async () => {
  // a box that scrolls and is itself focusable passes the rule: axe runs only when another scrolls
  const scrolls = [...document.querySelectorAll("body *:not([tabindex])")].some(
    (e) => e.scrollWidth > e.clientWidth + 1 && /auto|scroll/.test(getComputedStyle(e).overflowX));
  if (!scrolls) return [];
  const found = await axe.run({runOnly: {type: "rule", values: ["scrollable-region-focusable"]},
                               resultTypes: ["violations"]});
  return found.violations.flatMap((v) => v.nodes.map((n) => n.target.join(" ")));
}"""


def check_phone_width(page, name):
    """At 390 px the page is no wider than the screen, and every region that scrolls is focusable."""
    page.set_viewport_size(PHONE)
    try:
        wide, shown = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert wide <= shown, f"{name}: the page is {wide} px wide on a {shown} px screen"
        # axe is already on the page (check_page put it there): run only this rule, and only
        # where something scrolls sideways at this width.
        found = page.evaluate(SCROLL_CHECK)
        assert found == [], f"{name}: scrollable-region-focusable: {found}"
    finally:
        page.set_viewport_size(DESKTOP)


GET_ROUTES = [route for _, route in sorted(all_routes().items()) if route.method == "GET"]


@pytest.mark.parametrize("persona", ["owner", "partner", "therapist", "sponsor", "practice_admin", "site_admin"])
def test_every_reachable_page_passes_the_whole_site_checks(page, site, persona):
    world = build_world()
    # The scopes no link turns on by default, turned on for the therapist: their pages get drawn too.
    for scope in ("safety_plan", "journal"):
        Grant.objects.create(link=world.links["therapist"], scope=scope, created_by=world.owner)
        world.shares["therapist"].add(scope)
    markers = seed_everyone(world)
    viewer = world.persona(persona)
    login(page, site, viewer)
    visited, seen = 0, set()
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
        check_phone_width(page, route.name)
        title = page.title()
        assert not REVEALING.search(title), f"{route.name}: title {title!r}"
        html = settled_html(page)
        for marker, (owner, scope) in markers.items():
            if marker in html:
                assert world.may_see(persona, owner, scope), f"{route.name} shows {owner}'s {scope} to {persona}"
                seen.add((owner.pk, scope))
        visited += 1
    assert visited >= 15, f"only {visited} pages reached as {persona}"
    if persona == "owner":
        assert len({scope for owner_pk, scope in seen if owner_pk == viewer.pk}) >= 10  # pages drawn with data
    if persona == "therapist":
        assert {(world.owner.pk, "safety_plan"), (world.owner.pk, "checkins")} <= seen
