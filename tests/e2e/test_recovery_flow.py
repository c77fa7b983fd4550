"""A new client, on a phone: sets up, draws circles, checks in, presses the urge button (the timer
keeps running offline), writes down a slip, and sees the streak restart with the total kept."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.support.world import make_user

from .conftest import check_page, login, settled_html

pytestmark = pytest.mark.django_db(transaction=True)


def stat(page, label_start: str) -> int:
    """The number shown above a stat label on the dashboard."""
    block = page.locator(".stats > div").filter(has_text=re.compile(label_start))
    return int(block.first.locator(".stat").inner_text())


def test_a_new_client_checks_in_rides_an_urge_and_writes_down_a_slip(phone_page, site):
    page = phone_page
    casey = make_user("casey@example.test", "Casey", "client")
    sober_since = casey.local_today() - datetime.timedelta(days=45)

    login(page, site, casey)
    check_page(page)

    # Set up: a sobriety date in the past, no slip invented.
    page.get_by_role("link", name="Set up").first.click()
    check_page(page)
    page.get_by_label("Pornography").check()
    page.get_by_label("Your fellowship").select_option("saa")
    page.get_by_label("Your sobriety date").fill(sober_since.isoformat())
    page.get_by_label("Use secular wording").check()
    page.get_by_role("button", name="Save and continue").click()

    # Circles: from the library and in my own words.
    assert page.locator("h1").inner_text() == "Draw your three circles"
    check_page(page)
    page.get_by_label("Watching pornography (solo)").check()
    page.get_by_label("Your own behaviour 1").fill("Cam sites late at night")
    page.get_by_label("Kind of behaviour 1").select_option("solo")
    page.locator("textarea[name='new_middle']").fill("Scrolling in bed\nSkipping lunch")
    page.get_by_label("Going to a meeting").check()
    page.get_by_role("button", name="Save my circles").click()
    assert "Saved as version 1" in settled_html(page)
    check_page(page)

    # The dashboard counts from the past sobriety date.
    page.goto(f"{site}/today/")
    check_page(page)
    assert stat(page, "in your current streak") == 45
    assert stat(page, "sober days? in all") == 45

    # Check in, on the phone.
    page.get_by_role("link", name="Check in for today").click()
    check_page(page)
    page.get_by_role("group", name=re.compile("Did you stay out")).get_by_label("Yes").check()
    page.get_by_role("group", name=re.compile("Any thoughts of harming")).get_by_label("No").check()
    page.get_by_label("Scrolling in bed").check()
    page.locator("input[name='urge_level'][value='6']").check()
    page.get_by_role("group", name="Triggers").get_by_label("Lonely").check()
    page.get_by_role("group", name="Feelings").get_by_label("Calm").check()
    page.get_by_label("One thing I'm grateful for").fill("A long walk")
    page.get_by_role("button", name="Save check-in").click()
    assert "Checked in. Thank you" in settled_html(page)
    check_page(page)

    # The urge button, on every page; the timer keeps going with the network gone.
    page.locator("a.urge-button").click()
    assert page.locator("h1").inner_text() == "Urge help"
    check_page(page)
    display = page.locator(".timer-display")
    assert display.inner_text() == "20:00"
    # Before the start: only "Start", no "Reset", and a breathing guide beside the clock.
    expect(page.get_by_role("button", name="Reset")).to_be_hidden()
    expect(page.locator(".breathing-words")).to_be_visible()
    page.context.set_offline(True)
    page.get_by_role("button", name="Start the timer").click()
    expect(page.get_by_role("button", name="Reset")).to_be_visible()
    expect(display).not_to_have_text("20:00", timeout=5000)  # no wait_for_function: the CSP forbids eval
    assert re.fullmatch(r"19:5\d", display.inner_text())
    assert page.locator(".timer-wave").inner_text() != ""
    page.get_by_role("button", name="Pause").click()
    page.context.set_offline(False)

    # Write down a slip.
    page.goto(f"{site}/slips/new/")
    check_page(page)
    page.get_by_label("Cam sites late at night").check()
    page.get_by_label("What set it off").fill("Alone after a hard call")
    page.get_by_label("What I told myself").fill("Just this once")
    page.get_by_label("What I'll do differently next time").fill("Phone out of the bedroom")
    page.get_by_label("Who I told (or will tell)").fill("My sponsor")
    page.get_by_role("button", name="Save").click()
    assert page.locator("h1").inner_text() == "Thank you for writing it down"
    text = page.locator("main").inner_text()
    assert "44 days of sobriety in all stay yours" in text
    assert "failure" not in text.lower()
    check_page(page)

    # The streak restarts; the total stays.
    page.goto(f"{site}/today/")
    check_page(page)
    assert stat(page, "in your current streak") == 0
    assert stat(page, "sober days? in all") == 44
    page.goto(f"{site}/milestones/")
    check_page(page)
    assert "Reached before" in settled_html(page)
    assert "30 days" in settled_html(page)


def test_the_urge_screen_adds_someone_to_call_with_one_tap(phone_page, site):
    from tandem.fellowship.models import Contact

    page = phone_page
    robin = make_user("robin.urge@example.test", "Robin", "client")
    Contact.objects.create(owner=robin, name="Sam", phone="+1 555-0123")
    login(page, site, robin)
    page.goto(f"{site}/pause/")
    people = page.locator("section", has=page.get_by_role("heading", name="People to call"))
    expect(people).to_contain_text("Nobody to call here yet")
    check_page(page)
    people.get_by_role("button", name="Add Sam to my people").click()
    expect(page.get_by_role("link", name="Call Sam")).to_have_attribute("href", "tel:+15550123")
    check_page(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
