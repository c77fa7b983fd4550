"""The safety question works with JavaScript off: a yes in the client's or the partner's check-in
opens the crisis card and a safety plan in the page that answers the POST. PHQ-9 "Save and
finish later" with item 9 answered does the same. Axe stays clean on every page changed."""

import re

import pytest

from tandem.assessments.models import SafetyAlert
from tandem.core.safety import QUESTION
from tandem.recovery.tests.conftest import make_program
from tests.support.world import build_world

from .conftest import _finish, _new_page, check_page, login, settled_html

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def no_js_page(browser, site):
    context, page, watch = _new_page(browser, site, viewport={"width": 390, "height": 844}, java_script_enabled=False)
    yield page
    _finish(context, watch)


def _card_is_open(page):
    card = page.locator("#safety-card")
    assert card.is_visible()
    assert card.get_by_role("link", name="Call 988").is_visible()
    return card


def test_the_clients_check_in_question_opens_the_card_without_javascript(no_js_page, page, site):
    world = build_world()
    link = world.links["therapist"]
    link.safety_alerts = True
    link.save(update_fields=["safety_alerts"])
    make_program(world.owner)
    login(no_js_page, site, world.owner)
    no_js_page.goto(f"{site}/checkin/")
    group = no_js_page.get_by_role("group", name=QUESTION)
    group.get_by_label("Yes", exact=True).check()
    no_js_page.get_by_role("group", name=re.compile("Did you stay out")).get_by_label("Yes", exact=True).check()
    no_js_page.get_by_role("group", name=re.compile("Strongest urge")).get_by_label("0", exact=True).check()
    no_js_page.get_by_role("button", name="Save check-in").click()
    no_js_page.wait_for_load_state()
    assert no_js_page.get_by_role("heading", level=1).inner_text() == "Your check-in is saved"
    card = _card_is_open(no_js_page)
    assert card.locator("#minimal-safety-plan, #open-safety-plan").first.is_visible()
    assert "Dr Lee" in card.inner_text()
    assert [a.therapist for a in SafetyAlert.objects.all()] == [world.therapist]

    # the same pages with JavaScript on: axe stays clean
    login(page, site, world.owner)
    page.goto(f"{site}/checkin/")
    check_page(page)
    page.get_by_role("group", name=QUESTION).get_by_label("Yes", exact=True).check()
    page.get_by_role("group", name=re.compile("Did you stay out")).get_by_label("Yes", exact=True).check()
    page.get_by_role("group", name=re.compile("Strongest urge")).get_by_label("0", exact=True).check()
    page.get_by_role("button", name="Save check-in").click()
    page.wait_for_load_state()
    _card_is_open(page)
    check_page(page)
    page.goto(f"{site}/me/")
    check_page(page)


def test_the_partners_check_in_question_and_feeling_unsafe_open_help_without_javascript(no_js_page, page, site):
    world = build_world()
    login(no_js_page, site, world.partner)
    no_js_page.goto(f"{site}/partner/checkin/")
    no_js_page.locator("#id_safety_6").check()  # how safe I feel today
    no_js_page.get_by_role("group", name=QUESTION).get_by_label("Yes", exact=True).check()
    no_js_page.get_by_role("button", name="Save").click()
    no_js_page.wait_for_load_state()
    card = _card_is_open(no_js_page)
    assert "not safe at home" in card.inner_text()

    login(page, site, world.partner)
    page.goto(f"{site}/partner/checkin/")
    check_page(page)
    page.locator("#id_safety_1").check()  # how safe I feel today: near the bottom
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert "your partner is not told" in _card_is_open(page).inner_text()
    check_page(page)


def test_phq9_save_and_finish_later_opens_the_card_without_javascript(no_js_page, site):
    world = build_world()
    login(no_js_page, site, world.owner)
    no_js_page.goto(f"{site}/questionnaires/take/phq9/")
    assert no_js_page.locator("#safety-card").is_hidden()
    no_js_page.locator("#q-9").get_by_label("Several days", exact=True).check()
    no_js_page.get_by_role("button", name="Save and finish later").click()
    no_js_page.wait_for_load_state()
    _card_is_open(no_js_page)
    assert "Saved." in settled_html(no_js_page)


def test_the_grant_confirmation_page_is_clean(page, site):
    world = build_world()
    login(page, site, world.owner)
    page.goto(f"{site}/privacy/")
    page.locator(f"#scope-{world.links['sponsor'].pk}").select_option("journal")
    page.locator(f"#scope-{world.links['sponsor'].pk}").locator("xpath=..").get_by_role(
        "button", name="Also share"
    ).click()
    page.wait_for_load_state()
    assert "owes you no confidentiality" in settled_html(page)
    check_page(page)
    page.get_by_role("button", name=re.compile("Yes, share")).click()
    page.wait_for_url(re.compile(r"/privacy/$"))
