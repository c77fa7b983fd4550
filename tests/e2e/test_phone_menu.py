"""On a phone the menu is one line: the first pages, and "More" opens the rest."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.support.world import make_user

from .conftest import check_page, login

pytestmark = pytest.mark.django_db(transaction=True)


def test_every_page_is_two_taps_away_on_a_phone(phone_page, site):
    page = phone_page
    robin = make_user("robin.phone@example.test", "Robin", "client")
    login(page, site, robin)
    menu = page.get_by_role("navigation", name="Main")
    expect(menu.get_by_role("link", name="Today")).to_be_visible()
    journal = menu.get_by_role("link", name="Journal")
    expect(journal).to_be_hidden()
    summary = menu.locator(".nav-more summary")
    summary.click()
    expect(journal).to_be_visible()
    page.keyboard.press("Escape")  # folds away, focus back on "More"
    expect(journal).to_be_hidden()
    expect(summary).to_be_focused()
    summary.click()
    page.mouse.click(5, 800)  # a tap elsewhere (below the open list) folds it too
    expect(journal).to_be_hidden()
    summary.click()
    expect(journal).to_be_visible()
    check_page(page)
    journal.click()
    expect(page).to_have_url(re.compile(r"/journal/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Journal")
    expect(menu.locator(".nav-more summary")).to_contain_text("Journal")  # where you are, though folded away
    # The whole menu fits the screen: nothing runs off to the side.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_wide_screen_groups_the_menu_by_what_people_do(page, site):
    robin = make_user("robin.wide@example.test", "Robin", "client")
    robin.date_joined -= datetime.timedelta(days=60)  # settled in: the full menu, not the first-run path
    robin.save(update_fields=["date_joined"])
    login(page, site, robin)
    menu = page.get_by_role("navigation", name="Main")
    wide = menu.locator(".nav-wide")
    tops = wide.locator(":scope > li > a, :scope > li > details > summary")
    expect(tops).to_have_text(["Today", "Meetings & people", "My work", "Therapy", "Privacy"])
    expect(menu.get_by_text("More")).to_be_hidden()
    journal = menu.get_by_role("link", name="Journal")
    expect(journal).to_be_hidden()
    my_work = wide.locator("summary", has_text="My work")
    my_work.click()
    expect(journal).to_be_visible()
    check_page(page)
    page.keyboard.press("Escape")
    expect(journal).to_be_hidden()
    expect(my_work).to_be_focused()
    my_work.click()
    journal.click()
    expect(page).to_have_url(re.compile(r"/journal/$"))
    expect(wide.locator("summary.current")).to_contain_text("My work")  # where you are, though folded


def test_a_new_person_sees_a_short_first_run_path(page, site):
    robin = make_user("robin.new@example.test", "Robin", "client")
    login(page, site, robin)
    wide = page.get_by_role("navigation", name="Main").locator(".nav-wide")
    tops = wide.locator(":scope > li > a, :scope > li > details > summary")
    expect(tops).to_have_text(["Today", "Meetings", "My work", "Privacy", "Everything else"])
    wide.locator("summary", has_text="Everything else").click()
    expect(wide.get_by_role("link", name="Journal")).to_be_visible()
    check_page(page)
