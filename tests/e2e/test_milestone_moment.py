"""A milestone is a quiet moment: on the day, Today opens with a calm card the person can put
away; it stays away, the milestones page still lists it, and nothing on it moves."""

import datetime
import re

import pytest

from tandem.recovery.tests.conftest import make_program
from tests.support.world import make_user

from .conftest import check_page, login

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_person_sees_a_quiet_card_and_puts_it_away(phone_page, site):
    page = phone_page
    casey = make_user("casey@example.test", "Casey", "client")
    make_program(casey, sobriety_date=casey.local_today() - datetime.timedelta(days=30))
    login(page, site, casey)

    page.goto(f"{site}/today/")
    check_page(page)
    card = page.locator("section.moment")
    assert card.count() == 1
    assert card.get_by_role("heading", level=2).inner_text() == "30 days."
    words = card.inner_text()
    assert "Today you reached 30 days." in words
    assert "Nothing to do here but let that be true for a moment." in words
    assert "30 days" not in page.title()
    assert card.evaluate("c => getComputedStyle(c).animationName") == "none"  # still, and readable at once
    # It is the first thing on Today, above the numbers.
    first_card = page.locator("main .card").first
    assert first_card.evaluate("c => c.classList.contains('moment')")

    # The home page shows the same moment; putting it away there puts it away everywhere.
    page.goto(f"{site}/")
    check_page(page)
    assert page.locator("section.moment").count() == 1
    page.get_by_role("button", name="Put this away").click()
    page.wait_for_load_state()
    assert page.locator("section.moment").count() == 0
    page.goto(f"{site}/today/")
    assert page.locator("section.moment").count() == 0
    assert re.search(r"\b30\b", page.locator(".stats").first.inner_text())

    page.goto(f"{site}/milestones/")
    check_page(page)
    assert "30 days — today" in page.locator("main").inner_text()
