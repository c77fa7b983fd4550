"""What a person sees, read off the page: the therapist's home leads with a safety answer; a slip
reads the same on Today and in the check-ins, and a sponsor counts the same meetings as the
person; an empty search and an empty schedule say what is missing and where to go next."""

import datetime
import re

import pytest
from django.utils import timezone

from tandem.assessments.models import SafetyAlert
from tandem.core.safety import QUESTION
from tandem.fellowship.models import Attendance, Feed, Meeting
from tandem.recovery import services as recovery
from tandem.recovery.tests.conftest import make_program
from tandem.therapy.models import FlagMemory
from tests.support.world import build_world, make_user

from .conftest import _finish, _new_page, check_page, login

pytestmark = pytest.mark.django_db(transaction=True)

DAY = datetime.timedelta(days=1)


def far_zone() -> str:
    """A zone whose date differs from UTC's at this hour, so a date drawn in UTC shows wrong."""
    return "Pacific/Kiritimati" if timezone.now().hour >= 10 else "Pacific/Pago_Pago"


def test_the_therapists_home_leads_with_a_safety_answer_and_names_the_newly_flagged(page, browser, site):
    world = build_world()
    robin, lee = world.owner, world.therapist
    consent = world.links["therapist"]
    consent.safety_alerts = True
    consent.save(update_fields=["safety_alerts"])
    lee.time_zone = far_zone()
    lee.save(update_fields=["time_zone"])
    program = make_program(robin, sobriety_date=robin.local_today() - 40 * DAY)
    recovery.log_slip(robin, program, timezone.now() - 2 * DAY, behaviour=None)
    # Yesterday the home saw nobody flagged, so Robin's flag is new today.
    FlagMemory.objects.create(owner=lee, day=lee.local_today() - DAY, latest={})

    # Robin answers yes to the safety question in today's check-in.
    login(page, site, robin)
    page.goto(f"{site}/checkin/")
    page.get_by_role("group", name=QUESTION).get_by_label("Yes", exact=True).check()
    page.get_by_role("group", name=re.compile("Did you stay out")).get_by_label("Yes", exact=True).check()
    page.get_by_role("group", name=re.compile("Strongest urge")).get_by_label("2", exact=True).check()
    page.get_by_role("button", name="Save check-in").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Your check-in is saved"
    assert "Dr Lee" in page.locator("#safety-card").inner_text()
    check_page(page)
    alert = SafetyAlert.objects.get(owner=robin, therapist=lee)

    context, home, watch = _new_page(browser, site, viewport={"width": 1280, "height": 900})
    try:
        login(home, site, lee)
        assert home.get_by_role("heading", level=1).inner_text() == "Hello, Dr Lee"
        check_page(home)
        today = home.locator("section[aria-labelledby='home-therapist']")
        headings = today.locator("h3").all_inner_texts()
        assert headings[0] == "Safety answers to look at", headings
        assert headings[1:3] == ["Flagged since yesterday", "Clients with a flag"], headings

        answered_on = alert.created_at.astimezone(lee.zone)
        line = today.get_by_role("list", name="Safety answers to look at").get_by_role("listitem")
        assert line.count() == 1
        assert (
            re.sub(r"\s+", " ", line.inner_text()).strip()
            == f"Safety Robin answered on {answered_on:%-d %b %Y}, through the daily check-in"
        )
        new = today.get_by_role("list", name="Flagged since yesterday").get_by_role("listitem")
        assert new.count() == 1
        assert new.inner_text().startswith("Robin")
        assert "Slip in the last 7 days" in new.inner_text()

        # The menu shows the number without unfolding anything; unfolded, it stands by Caseload.
        menu = home.get_by_role("navigation", name="Main").locator(".nav-wide")
        therapy = menu.locator("summary", has_text="Therapy")
        assert therapy.locator(".nav-count").is_visible()
        assert therapy.locator(".nav-count").text_content() == "1 waiting"
        therapy.click()
        caseload = menu.get_by_role("link", name=re.compile("^Caseload"))
        assert caseload.locator(".nav-count").is_visible()
        assert caseload.locator(".nav-count").text_content() == "1 waiting"
        check_page(home)

        line.get_by_role("link", name="Robin").click()
        home.wait_for_load_state()
        assert home.url == f"{site}/caseload/clients/{robin.pk}/"
        assert home.get_by_role("heading", level=1).inner_text() == "Robin"
        assert "agreed to safety alerts" in home.locator("main").inner_text()
        check_page(home)
    finally:
        _finish(context, watch)


def _stayed_out_today(user, program):
    return recovery.save_checkin(
        user,
        program,
        user.local_today(),
        stayed_out=True,
        urge_level=2,
        items=[],
        triggers=[],
        feelings=[],
        meetings=0,
        calls=0,
        gratitude="A quiet morning",
        note="",
    )[0]


def test_a_slip_reads_the_same_everywhere_and_the_sponsor_counts_the_same_meetings(page, browser, site):
    world = build_world()
    robin = world.owner
    today = robin.local_today()
    program = make_program(robin, sobriety_date=today - 40 * DAY)
    _stayed_out_today(robin, program)
    for days_ago in (3, 9, 16):
        Attendance.objects.create(owner=robin, date=today - days_ago * DAY, label="Lighthouse Freedom Group")

    login(page, site, robin)
    page.goto(f"{site}/checkin/history/")
    check_page(page)
    assert "Stayed out of the inner circle." in page.locator("main").inner_text()

    # The slip, written down through the form (it opens at the person's now).
    page.goto(f"{site}/today/")
    page.get_by_role("link", name="Log a slip").click()
    check_page(page)
    page.get_by_label("Anonymous sex").check()
    page.get_by_label("What set it off").fill("Alone after a long day")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Thank you for writing it down"
    check_page(page)

    page.goto(f"{site}/today/")
    check_page(page)
    signs = page.locator("section[aria-labelledby='signs']")
    assert "No warning signs right now" not in signs.inner_text()
    slip_sign = signs.locator(".sign", has=page.get_by_role("heading", name="A recent slip"))
    assert slip_sign.count() == 1
    assert "A slip was logged today." in slip_sign.inner_text()

    page.goto(f"{site}/checkin/history/")
    check_page(page)
    todays = page.locator(".card", has_text=f"{today:%A} {today.day} {today:%B %Y}")
    assert todays.count() == 1
    assert "A slip was logged this day." in todays.inner_text()
    assert "Stayed out of the inner circle." not in page.locator("main").inner_text()

    # The person's own meeting count.
    page.goto(f"{site}/schedule/")
    check_page(page)
    ninety = page.locator("section[aria-labelledby='ninety']").inner_text()
    assert f"3 meetings since {(today - 16 * DAY).day} {today - 16 * DAY:%B} — day 17 of 90." in ninety
    assert "Your last meeting was 3 days ago." in page.locator("main").inner_text()

    # The sponsor reads the same number.
    context, sponsor_page, watch = _new_page(browser, site, viewport={"width": 1280, "height": 900})
    try:
        login(sponsor_page, site, world.sponsor)
        sponsor_page.goto(f"{site}/shared/{robin.pk}/")
        check_page(sponsor_page)
        shown = sponsor_page.locator("main").inner_text()
        assert "3 meetings in the last 30 days. Last meeting: 3 days ago." in shown
    finally:
        _finish(context, watch)


def test_an_empty_schedule_leads_to_the_finder_and_an_empty_search_says_what_to_try(phone_page, site):
    page = phone_page
    casey = make_user("casey@example.test", "Casey", "client")
    today = casey.local_today()
    feed = Feed.objects.create(
        name="Harbour intergroup", program="SAA", default_time_zone=casey.time_zone, time_zones=[casey.time_zone]
    )
    Meeting.objects.create(
        feed=feed,
        program="SAA",
        slug="lighthouse",
        name="Lighthouse Freedom Group",
        day=(today.weekday() + 1) % 7,
        time=datetime.time(23, 45),
        time_zone=casey.time_zone,
        types=["O"],
        type_codes="|O|",
        attendance="online",
        is_online=True,
        conference_url="https://zoom.us/j/5550100",
        search="lighthouse freedom group",
        content_hash="e2e",
    )
    login(page, site, casey)

    page.goto(f"{site}/schedule/")
    check_page(page)
    saved = page.locator("section[aria-labelledby='all']").locator(".empty-state")
    assert saved.inner_text().startswith("No meetings saved yet. Find one near you")
    assert "You can also add one of your own" in saved.inner_text()
    ninety = page.locator("section[aria-labelledby='ninety']").locator(".empty-state")
    assert ninety.inner_text().startswith("Your 90-in-90 count hasn't started yet. Find a meeting today")
    assert "No meetings logged yet." in page.locator("main").inner_text()

    saved.get_by_role("link", name=re.compile("^Find one near you")).click()
    page.wait_for_load_state()
    assert page.url == f"{site}/meetings/"
    assert page.get_by_role("heading", level=1).inner_text() == "Find a meeting"
    check_page(page)
    assert "Lighthouse Freedom Group" in page.locator("main").inner_text()  # today's online meetings

    page.get_by_label("Name, place or words").fill("sunrise")
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state()
    check_page(page)
    assert page.get_by_role("heading", level=2, name="0 meetings").is_visible()
    status = page.get_by_role("status").filter(has_text="No meeting matches")
    assert status.is_visible()
    said = status.inner_text()
    assert said.startswith(f"No meeting matches “sunrise” on {today:%A}")
    assert "Try fewer or different words" in said
    assert "any day" in said
    assert "Lighthouse Freedom Group" not in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
