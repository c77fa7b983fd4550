"""A client invites a partner; the partner sees the sobriety summary only; a revoke holds at once."""

import re

import pytest

from tandem.core.testing import make_user

from .conftest import _finish, _new_page, check_page, login

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
    boxes = page.locator("input[name='scopes']:checked")
    assert [boxes.nth(i).get_attribute("value") for i in range(boxes.count())] == ["sobriety"]
    page.get_by_role("button", name="Create invitation").click()
    check_page(page)
    invitation_url = page.get_by_label("Invitation link").input_value()

    context, partner_page, watch = _new_page(browser, site, viewport={"width": 390, "height": 844})
    try:
        login(partner_page, site, sam)
        partner_page.goto(invitation_url)
        check_page(partner_page)
        assert "Sobriety summary" in partner_page.content()
        partner_page.get_by_role("button", name="Accept").click()
        partner_page.get_by_role("link", name=re.compile("What others share")).click()
        partner_page.get_by_role("link", name=re.compile("Open what Robin shares")).click()
        check_page(partner_page)
        assert partner_page.get_by_role("heading", name="Sobriety summary").count() == 1
        assert partner_page.get_by_role("heading", name="Daily check-ins").count() == 0
        assert "Shared with you in confidence" in partner_page.content()
        person_url = partner_page.url

        page.goto(f"{site}/privacy/")
        assert "Sam" in page.locator("main").inner_text()
        log = page.locator("table").last.inner_text()
        assert "Sam" in log and "sobriety" in log
        page.get_by_role("button", name=re.compile("Stop sharing")).first.click()
        assert "Stopped sharing" in page.content()

        partner_page.goto(person_url)
        assert partner_page.get_by_role("heading", name="Sobriety summary").count() == 0
        assert "isn't sharing anything with you right now" in partner_page.content()
        check_page(partner_page)
    finally:
        _finish(context, watch)
