"""Questionnaires in the browser: a PHQ-9 with item 9 above zero opens crisis help and a safety plan
at once; the linked therapist is flagged only with consent; a phone gets one question per screen."""

import re

import pytest

from tandem.assessments.models import Response, SafetyAlert
from tests.support.world import build_world

from .conftest import check_page, login, settled_html

pytestmark = pytest.mark.django_db(transaction=True)

ITEM9 = "Thoughts that you would be better off dead or of hurting yourself in some way"


def answer(page, question: str, label: str):
    page.get_by_role("group", name=re.compile(re.escape(question))).get_by_label(label, exact=True).check()


def test_item_9_opens_the_crisis_card_and_safety_plan_at_once_and_on_the_result(page, site):
    world = build_world()
    link = world.links["therapist"]
    link.safety_alerts = True
    link.save(update_fields=["safety_alerts"])
    login(page, site, world.owner)
    page.goto(f"{site}/questionnaires/")
    check_page(page)
    page.get_by_role("link", name="Start the PHQ-9").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("PHQ-9")
    check_page(page)
    card = page.locator("#safety-card")
    assert card.is_hidden()
    for number in range(1, 9):
        page.locator(f"#q-{number}").get_by_label("Not at all", exact=True).check()
    assert card.is_hidden()
    answer(page, ITEM9, "Several days")
    # Immediately, before sending: the crisis card with the configured line and a safety plan
    assert card.is_visible()
    assert card.get_by_role("link", name="Call 988").is_visible()
    assert card.get_by_role("link", name="Text 988").is_visible()
    assert card.locator("#minimal-safety-plan, #open-safety-plan").first.is_visible()

    page.get_by_role("button", name="See my result").click()
    page.wait_for_url(re.compile(r"/questionnaires/results/\d+/"))
    check_page(page)
    card = page.locator("#safety-card")
    assert card.is_visible()
    assert card.get_by_role("link", name="Call 988").is_visible()
    assert card.locator("#minimal-safety-plan, #open-safety-plan").first.is_visible()
    assert "Dr Lee" in card.inner_text()  # told, because Robin agreed when linking
    assert page.locator("#score").inner_text().startswith("1")
    assert "None–minimal" in settled_html(page)

    response = Response.objects.get(owner=world.owner)
    assert response.safety_flag
    assert response.total == 1
    assert [a.therapist for a in SafetyAlert.objects.all()] == [world.therapist]  # never the partner


def test_without_consent_nobody_is_told_and_the_person_knows(page, site):
    world = build_world()
    login(page, site, world.owner)
    page.goto(f"{site}/questionnaires/take/phq9/")
    for number in range(1, 9):
        page.locator(f"#q-{number}").get_by_label("Nearly every day", exact=True).check()
    answer(page, ITEM9, "More than half the days")
    page.get_by_role("button", name="See my result").click()
    page.wait_for_url(re.compile(r"/questionnaires/results/\d+/"))
    card = page.locator("#safety-card")
    assert card.is_visible()
    assert "No one has been told about this answer" in card.inner_text()
    assert page.locator("#talk-to-therapist").is_visible()
    assert SafetyAlert.objects.count() == 0


def test_on_a_phone_one_question_per_screen_with_progress_and_back(phone_page, site):
    page = phone_page
    world = build_world()
    login(page, site, world.owner)
    page.goto(f"{site}/questionnaires/take/phq9/")
    check_page(page)
    progress = page.locator("#progress")
    assert progress.is_visible()
    assert "Question 1 of 9" in progress.inner_text()
    assert page.locator("#q-1").is_visible()
    assert page.locator("#q-2").is_hidden()
    page.locator("#q-1").get_by_label("Several days", exact=True).check()
    page.locator("#q-2").wait_for(state="visible")
    assert "Question 2 of 9" in progress.inner_text()
    assert page.locator("#q-1").is_hidden()
    page.get_by_role("button", name="Back").click()
    assert page.locator("#q-1").is_visible()
    assert page.locator("#q-1").get_by_label("Several days", exact=True).is_checked()
    page.get_by_role("button", name="Next").click()
    for number in range(2, 9):
        page.locator(f"#q-{number}").get_by_label("Not at all", exact=True).check()
        page.locator(f"#q-{number + 1}").wait_for(state="visible")
    page.locator("#q-9").get_by_label("Nearly every day", exact=True).check()
    card = page.locator("#safety-card")
    assert card.is_visible()  # opens at once, and the page does not move on under it
    assert page.locator("#q-9").is_visible()
    page.get_by_role("button", name="Last step").click()
    page.get_by_role("button", name="See my result").click()
    page.wait_for_url(re.compile(r"/questionnaires/results/\d+/"))
    check_page(page)
    assert page.locator("#safety-card").is_visible()
    assert page.locator("#score").inner_text().startswith("4")
