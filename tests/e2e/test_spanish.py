"""A Spanish-speaking client, with a browser set to Spanish: signs in, sees the dashboard, checks
in, opens the urge screen and starts its timer (whose words come from the JavaScript catalogue).
Every page says lang="es", shows our Spanish (read from the catalogues at test time) and none of
the English it stands for, and passes axe."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from tandem.recovery import services
from tests.support.i18n import spanish, spanish_js
from tests.support.world import PASSWORD, make_user

from .conftest import _finish, _new_page, check_page

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def spanish_page(browser, site):
    context, page, watch = _new_page(
        browser,
        site,
        viewport={"width": 1280, "height": 900},
        locale="es-ES",
        extra_http_headers={"Accept-Language": "es-ES,es;q=0.9"},
    )
    yield page
    _finish(context, watch)


def in_spanish(page, *msgids: str):
    """The page is in Spanish: lang="es", each msgid's Spanish is shown and its English is not."""
    expect(page.locator("html")).to_have_attribute("lang", "es")
    text = " ".join(page.locator("body").inner_text().split())
    for msgid in msgids:
        assert spanish(msgid) in text, f"{page.url}: {spanish(msgid)!r} (for {msgid!r}) not shown"
        assert msgid not in text, f"{page.url}: {msgid!r} shown in English"
    check_page(page)


def test_a_spanish_speaking_client_checks_in_and_opens_the_urge_screen(spanish_page, site):
    page = spanish_page
    lucia = make_user("lucia@example.test", "Lucía", "client")
    services.ensure_profile(lucia)
    services.create_program(
        lucia, kind="sex", fellowship="saa", sobriety_date=lucia.local_today() - datetime.timedelta(days=12)
    )

    page.goto(f"{site}/account/login/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    check_page(page)
    page.locator("input[name='login']").fill(lucia.email)
    page.locator("input[name='password']").fill(PASSWORD)
    page.locator("input[name='password']").press("Enter")
    page.wait_for_url(lambda url: "/account/login/" not in url)

    page.goto(f"{site}/today/")
    in_spanish(page, "Today", "Check in for today", "Urge help", "Quick exit")

    page.get_by_role("link", name=spanish("Check in for today")).click()
    page.wait_for_url(re.compile("/checkin/"))
    in_spanish(page, "Check in", "Triggers", "Feelings")
    page.locator("input[name='stayed_out'][value='yes']").check()
    page.locator("input[name='urge_level'][value='2']").check()
    for other in page.locator("input[type='radio'][value='no']:not([name='stayed_out'])").all():
        other.check()
    page.get_by_role("button", name=spanish("Save check-in")).click()
    expect(page.get_by_text(spanish("Checked in. Thank you for showing up for yourself today."))).to_be_visible()
    in_spanish(page, "Checked in. Thank you for showing up for yourself today.")

    page.locator("a.urge-button").click()
    page.wait_for_url(re.compile("/pause/"))
    assert page.locator("h1").inner_text() == spanish("Urge help")
    in_spanish(page, "Urge help")

    # The timer's words come from the JavaScript catalogue, in Spanish too.
    page.get_by_role("button", name=spanish("Start the timer")).click()
    first = "Notice the urge. Where do you feel it in your body? You don't have to act on it."
    expect(page.get_by_text(spanish_js(first))).to_be_visible()
    page.get_by_role("button", name=spanish("Pause")).click()
    expect(page.get_by_role("button", name=spanish_js("Carry on"))).to_be_visible()
    assert first not in page.locator("body").inner_text()
    check_page(page)
