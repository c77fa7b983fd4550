"""A client invites a partner; the partner sees the sobriety summary only; a slip reaches the partner only
after the client marks it told ("I told Sam"); a revoke holds at once."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.support.world import make_user

from .conftest import _finish, _new_page, check_page, login, settled_html

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_partner_sees_only_what_is_shared_and_loses_it_on_revoke(page, browser, site):
    robin = make_user("robin@example.test", "Robin", "client")
    sam = make_user("sam@example.test", "Sam", "partner")

    login(page, site, robin)
    page.goto(f"{site}/privacy/")
    check_page(page)
    page.get_by_role("link", name="Invite someone").click()
    check_page(page)
    page.get_by_label("Who are you inviting?").select_option("partner")
    # A partner link starts with nothing shared; each choice says what it shows.
    assert page.locator("input[name='scopes']:checked").count() == 0
    assert "A partner sees a slip only once you mark that you told them" in settled_html(page)
    page.locator("input[name='scopes'][value='sobriety']").check()
    page.get_by_role("button", name="Create invitation").click()
    check_page(page)
    invitation_url = page.get_by_label("Invitation link").input_value()

    context, partner_page, watch = _new_page(browser, site, viewport={"width": 390, "height": 844})
    try:
        login(partner_page, site, sam)
        partner_page.goto(invitation_url)
        check_page(partner_page)
        assert "Sobriety summary" in settled_html(partner_page)
        partner_page.get_by_role("button", name="Accept").click()
        partner_page.get_by_role("link", name=re.compile("What others share")).click()
        partner_page.get_by_role("link", name=re.compile("Open what Robin shares")).click()
        check_page(partner_page)
        assert partner_page.get_by_role("heading", name="Sobriety summary").count() == 1
        assert partner_page.get_by_role("heading", name="Daily check-ins").count() == 0
        assert "Shared with you in confidence" in settled_html(partner_page)
        person_url = partner_page.url

        # Robin has a slip. Nothing of it reaches Sam's screen until Robin has told Sam.
        from tandem.recovery.services import create_program, ensure_profile, log_slip

        ensure_profile(robin)
        program = create_program(
            robin, kind="sex", fellowship="saa", sobriety_date=robin.local_today() - datetime.timedelta(days=40)
        )
        slip, _ = log_slip(robin, program, timezone.now() - datetime.timedelta(hours=3), behaviour=None)
        slip_day = f"{slip.local_date.day} {slip.local_date:%b %Y}"
        partner_page.goto(person_url)
        assert "Sobriety summary" in settled_html(partner_page)
        assert slip_day not in partner_page.locator("main").inner_text()
        assert "shows what Robin has shared with you" in partner_page.locator("main").inner_text()

        page.goto(f"{site}/together/told/")
        check_page(page)
        page.get_by_role("link", name=re.compile("^I told Sam")).click()
        check_page(page)
        told_at = (timezone.now() - datetime.timedelta(hours=1)).astimezone(robin.zone)
        page.get_by_label("When I told my partner").fill(told_at.strftime("%Y-%m-%dT%H:%M"))
        page.get_by_role("button", name="Save").click()
        assert "Saved" in settled_html(page)

        partner_page.goto(person_url)
        check_page(partner_page)
        assert f"Slips Robin told you of: {slip_day}" in partner_page.locator("main").inner_text()

        # Who has looked: Sam opened Robin's page four times in a few minutes, which is one visit,
        # told in Robin's own time zone and in the words Robin reads elsewhere.
        page.goto(f"{site}/privacy/")
        check_page(page)
        assert "Sam" in page.locator("main").inner_text()
        assert "Times are in your own time zone, America/New York." in page.locator("main").inner_text()
        visits = page.locator("ul.visit-list > li")
        expect(visits).to_have_count(1)
        line = visits.first.inner_text()
        assert line.startswith("Sam (your partner) looked at your sobriety summary — "), line
        shown_at = datetime.datetime.fromisoformat(visits.first.locator("time").get_attribute("datetime"))
        local = shown_at.astimezone(robin.zone)
        assert f"— {local:%a} {local.day} {local:%b}, {local:%H:%M}" in line, line
        page.get_by_role("button", name=re.compile("Stop sharing")).first.click()
        assert "Stopped sharing" in settled_html(page)

        partner_page.goto(person_url)
        assert partner_page.get_by_role("heading", name="Sobriety summary").count() == 0
        assert "isn't sharing anything with you right now" in settled_html(partner_page)
        check_page(partner_page)
    finally:
        _finish(context, watch)
