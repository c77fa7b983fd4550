"""A client adds three timeline events and a small family map, sees both pictures, downloads a report."""

import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.support.world import make_user

from .conftest import check_page, login, open_from_menu

pytestmark = pytest.mark.django_db(transaction=True)

EVENTS = (
    ("Parents split up", "family", "7", "-4"),
    ("First saw pornography", "first_exposure", "11", "1"),
    ("First SAA meeting", "recovery", "38", "4"),
)


def add_person(page, name, gender, birth_year, **extra):
    page.get_by_role("link", name="Add a person").first.click()
    page.get_by_label("Name or role").fill(name)
    page.get_by_label("Sex or gender").select_option(gender)
    page.get_by_label("Year of birth").fill(birth_year)
    if extra.get("me"):
        page.get_by_label("This is me").check()
    for label, status in extra.get("conditions", {}).items():
        page.get_by_label(label, exact=True).select_option(status)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("Saved to your family map")


def test_timeline_family_map_and_report(page, phone_page, site):
    robin = make_user("robin@example.test", "Robin", "client")
    login(page, site, robin)

    # The life timeline: three events, the notice above the editor, the picture and the list.
    open_from_menu(page, "Timeline")
    check_page(page)
    for title, kind, age, rating in EVENTS:
        page.get_by_role("link", name="Add an event").click()
        notice = page.get_by_role("complementary", name="Limits of confidentiality")
        assert "legal duties to report" in notice.inner_text()
        check_page(page)
        page.get_by_label("In a few words").fill(title)
        page.get_by_label("Kind of event").select_option(kind)
        page.get_by_label("Or your age then").fill(age)
        page.get_by_label("How it felt").select_option(rating)
        page.get_by_label("What happened").fill(f"Notes about: {title}")
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".messages")).to_contain_text("Saved to your timeline")
    chart = page.locator("svg.timeline-chart")
    expect(chart).to_be_visible()
    expect(chart.locator("g.event")).to_have_count(3)
    expect(page.locator("ol.event-list > li")).to_have_count(3)
    check_page(page)

    # The family map: three people, a couple, a child, a relationship line.
    open_from_menu(page, "Family map")
    check_page(page)
    add_person(page, "Me", "female", "1986", me=True)
    add_person(page, "Mum", "female", "1960", conditions={"Alcohol addiction": "confirmed"})
    add_person(page, "Dad", "male", "1957", conditions={"Compulsive sexual behaviour": "suspected"})
    page.get_by_role("link", name="Add a couple").click()
    check_page(page)
    page.get_by_label("One partner").select_option(label="Dad, b. 1957")
    page.get_by_label("The other partner").select_option(label="Mum, b. 1960")
    page.get_by_label("They are, or were").select_option("divorced")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Add a child").click()
    page.get_by_label("Child", exact=True).select_option(label="Me (you), b. 1986")
    page.get_by_label("Parent", exact=True).select_option(label="Mum, b. 1960")
    page.get_by_label("Other parent").select_option(label="Dad, b. 1957")
    page.get_by_role("button", name="Save").click()
    # An impossible link is a message on the page, not an error page.
    page.get_by_role("link", name="Add a child").click()
    page.get_by_label("Child", exact=True).select_option(label="Mum, b. 1960")
    page.get_by_label("Parent", exact=True).select_option(label="Me (you), b. 1986")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".errorlist").first).to_contain_text(re.compile("their own ancestor|older than"))
    page.get_by_role("link", name="Cancel").click()
    family = page.locator("svg.genogram-chart")
    expect(family).to_be_visible()
    expect(family.locator("g.person")).to_have_count(3)
    for name in ("Me", "Mum", "Dad"):
        expect(family.locator("text", has_text=re.compile(f"^{name}$"))).to_have_count(1)
    page.get_by_text("Key to the shapes and lines").click()
    expect(page.locator("svg.genogram-legend")).to_be_visible()
    check_page(page)

    # On a phone, the pictures scroll inside their frame; the page itself does not.
    login(phone_page, site, robin)
    for path in ("/timeline/", "/family/"):
        phone_page.goto(f"{site}{path}")
        overflow = phone_page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{path} is wider than the phone by {overflow}px"

    # The report: both pictures in a PDF.
    open_from_menu(page, "Reports")
    check_page(page)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download PDF").click()
    download = download_info.value
    assert download.suggested_filename.startswith("report-")
    assert download.suggested_filename.endswith(".pdf")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(Path(download.path()).read_bytes())).pages)
    for words in ("My progress", "Parents split up", "First SAA meeting", "Age (years)", "Mum", "Dad"):
        assert words in text, words
    page.get_by_role("button", name="Show the report").click()
    page.wait_for_url(re.compile(r"/reports/progress/\?"))
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="My progress", level=1)).to_be_visible()
    expect(page.locator(".report svg.timeline-chart")).to_have_count(1)
    expect(page.locator(".report svg.genogram-chart")).to_have_count(1)
    check_page(page)
