"""The recovery picture in a browser: the client reads it on a phone (summary, table, the weeks
scrolling in their labelled box, nothing wider than the screen); their therapist sees only the
layers shared with them."""

import re

import pytest
from playwright.sync_api import expect

from tandem.accounts.models import Practice
from tandem.history.tests.picture_data import seed_history
from tandem.sharing.models import Grant
from tests.support.world import link, make_user

from .conftest import check_page, login

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_client_reads_the_picture_on_a_phone_and_the_therapist_sees_only_what_is_shared(phone_page, page, site):
    practice = Practice.objects.create(name="Harbour Counselling")
    lee = make_user("lee@example.test", "Dr Lee", "therapist", practice=practice, mfa=True)
    robin = make_user("robin@example.test", "Robin", "client")
    made = link(robin, lee, "therapist")
    seed_history(robin, 120, therapist=lee)
    Grant.objects.filter(link=made, scope="urges").delete()

    login(phone_page, site, robin)
    phone_page.goto(f"{site}/picture/")
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Your picture over time")
    weeks = phone_page.get_by_role("region", name="Week by week (scrolls sideways)")
    expect(weeks).to_be_visible()
    expect(phone_page.locator("figcaption").filter(has_text="In the weeks from")).to_be_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    phone_page.get_by_text("Show the numbers").last.click()
    table = phone_page.locator("section[aria-labelledby=picture-weeks] table")
    expect(table.locator("th", has_text="Urges logged")).to_have_count(1)
    expect(table.locator("tbody tr")).to_have_count(12)
    expect(phone_page.get_by_text(re.compile(r"In the weeks with three or more meetings, your PHQ-9"))).to_be_visible()
    check_page(phone_page)
    phone_page.select_option("#id_period", "6m")
    phone_page.get_by_role("button", name="Show").click()
    expect(phone_page.locator("section[aria-labelledby=picture-weeks] table tbody tr")).to_have_count(26)

    login(page, site, lee)
    page.goto(f"{site}/picture/of/{robin.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Robin's picture over time")
    page.get_by_text("Show the numbers").last.click()
    headers = page.locator("section[aria-labelledby=picture-weeks] table th")
    expect(headers.filter(has_text="Meetings attended")).to_have_count(1)
    expect(headers.filter(has_text="Urges logged")).to_have_count(0)
    expect(headers.filter(has_text="FANOS held")).to_have_count(0)
    expect(page.get_by_text(re.compile(r"Robin's PHQ-9 was on average"))).to_be_visible()
    check_page(page)
