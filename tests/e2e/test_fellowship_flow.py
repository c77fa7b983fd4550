"""Fellowship, on a phone: find a meeting, add it, mark it attended, log a call to a program
friend, and see "days since I last reached out" come down to zero."""

import datetime
import re

import pytest

from tandem.fellowship.models import Attendance, Feed, Meeting, Outreach, ScheduleEntry
from tests.support.world import make_user

from .conftest import check_page, login, settled_html

pytestmark = pytest.mark.django_db(transaction=True)


def a_meeting_later_today(user) -> Meeting:
    feed = Feed.objects.create(
        name="Harbour intergroup", program="SAA", default_time_zone=user.time_zone, time_zones=[user.time_zone]
    )
    today = user.local_today()
    return Meeting.objects.create(
        feed=feed,
        program="SAA",
        slug="lighthouse",
        name="Lighthouse Freedom Group",
        day=(today.weekday() + 1) % 7,
        time=datetime.time(23, 45),
        time_zone=user.time_zone,
        types=["O", "ST"],
        type_codes="|O|ST|",
        attendance="hybrid",
        is_in_person=True,
        is_online=True,
        conference_url="https://zoom.us/j/5550100",
        location="Harbour Church Hall",
        formatted_address="1 Harbour Rd, Lewes, DE 19958, USA",
        search="lighthouse freedom group harbour church hall",
        content_hash="e2e",
    )


def test_find_add_attend_and_reach_out(phone_page, site):
    page = phone_page
    user = make_user("robin@example.test", "Robin", "client")
    meeting = a_meeting_later_today(user)
    login(page, site, user)

    # Find it: today is the finder's default day.
    page.goto(f"{site}/meetings/")
    check_page(page)
    page.get_by_label("Name, place or words").fill("lighthouse")
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=2, name=re.compile("1 meeting")).is_visible()
    check_page(page)
    assert page.get_by_role("link", name="Join online").get_attribute("href") == "https://zoom.us/j/5550100"

    # Add it to my meetings.
    page.get_by_role("button", name="Add to my meetings").click()
    page.wait_for_load_state()
    assert "Added to your meetings: Lighthouse Freedom Group." in settled_html(page)
    assert page.get_by_text("In your meetings").first.is_visible()
    assert ScheduleEntry.objects.filter(owner=user, meeting=meeting).count() == 1

    # Its page says everything the feed said.
    page.get_by_role("link", name="Lighthouse Freedom Group").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Lighthouse Freedom Group"
    assert "Harbour Church Hall" in settled_html(page)
    assert "Step study" in settled_html(page)
    check_page(page)

    # Today's schedule: one tap, "I went".
    page.goto(f"{site}/schedule/")
    check_page(page)
    page.get_by_role("button", name="I went").click()
    page.wait_for_load_state()
    assert "Well done for showing up" in settled_html(page)
    assert page.get_by_text("You went ✓").is_visible()
    assert Attendance.objects.filter(owner=user, date=user.local_today()).count() == 1
    check_page(page)

    # A program friend in the network.
    page.goto(f"{site}/network/")
    check_page(page)
    page.get_by_label("First name or nickname").fill("Jamie")
    page.get_by_label("Who they are to you").select_option("friend")
    page.get_by_label("Phone (optional)").fill("+1 302 555 0100")
    page.get_by_role("button", name="Add to my network").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name=re.compile("^Call")).get_attribute("href") == "tel:+13025550100"

    # Nothing logged yet, then one tap to log the call.
    page.goto(f"{site}/outreach/")
    check_page(page)
    days = page.locator(".days-since").first
    assert "days since I last reached out" in days.inner_text()
    assert days.locator(".stat").inner_text() == "—"
    assert page.get_by_role("link", name="Text").get_attribute("href") == "sms:+13025550100"
    page.get_by_role("button", name="Called Jamie").click()
    page.wait_for_load_state()
    assert "Logged: phone call with Jamie today." in settled_html(page)
    assert page.locator(".days-since .stat").first.inner_text() == "0"
    assert Outreach.objects.filter(owner=user, kind="call", date=user.local_today()).count() == 1
    check_page(page)

    # The home page carries both: today's meeting (attended) and the outreach count.
    page.goto(f"{site}/")
    home = page.locator("section", has=page.get_by_role("heading", name="Today's meetings"))
    assert "Lighthouse Freedom Group" in home.inner_text()
    assert "You went ✓" in home.inner_text()
    assert home.locator(".days-since .stat").inner_text() == "0"
    check_page(page)
