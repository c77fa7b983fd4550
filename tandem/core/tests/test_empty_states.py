"""Every list in the fellowship and recovery rooms says when there is nothing, and what to do next.

A fresh client, a fresh sponsor and a sponsor whose sponsee has written nothing open each list page;
each must show the shared empty state (`core/_empty.html`) with its words — not a bare heading."""

import datetime
import re

import pytest
import time_machine
from django.test import Client

from tests.support.world import make_user, page_text

TUESDAY_EVENING = datetime.datetime(2026, 3, 17, 23, 0, tzinfo=datetime.UTC)


def visit(user, url: str) -> str:
    browser = Client()
    browser.force_login(user)
    response = browser.get(url)
    assert response.status_code == 200, url
    return page_text(response)


def empty_states(page: str) -> list[str]:
    """The text of each empty state on the page, tags dropped and spaces squeezed."""
    found = re.findall(r'<div class="empty-state">(.*?)</div>', page, re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", block)).strip() for block in found]


def assert_says(page: str, message: str, next_step: str | None = None) -> None:
    shown = [text for text in empty_states(page) if message in text]
    assert shown, f"no empty state saying {message!r}; found {empty_states(page)}"
    if next_step:
        assert next_step in shown[0]


@pytest.fixture
def fresh_client(db):
    return make_user("fresh@example.test", "Fresh", "client")


@pytest.fixture
def set_up_client(fresh_client):
    from tandem.recovery.services import create_program, ensure_profile

    ensure_profile(fresh_client)
    create_program(fresh_client, kind="sex", fellowship="saa", sobriety_date=datetime.date(2026, 1, 5))
    return fresh_client


FELLOWSHIP = [
    # url, message, next step (the link's words)
    ("/schedule/", "Nothing in your schedule today.", "Went to one anyway? Log it"),
    ("/schedule/", "Your 90-in-90 count hasn't started yet.", "Find a meeting today"),
    ("/schedule/", "No meetings in the coming week yet.", "Find one near you"),
    ("/schedule/", "No meetings saved yet.", "Find one near you"),
    ("/schedule/attended/", "No meetings logged yet.", "Find a meeting near you"),
    ("/network/", "Nobody in your network yet.", "Add someone"),
    ("/outreach/", "No one in your network yet.", "Add your sponsor or a program friend"),
    ("/outreach/", "Nothing logged yet.", "Log your first one"),
    ("/meetings/places/", "No places saved yet.", "Save home or work"),
    ("/journal/", "No entries yet.", "Write your first one"),
    ("/journal/?q=lighthouse", "No entry has all of the words “lighthouse”.", "Show all entries"),
]


@time_machine.travel(TUESDAY_EVENING, tick=False)
@pytest.mark.parametrize(("url", "message", "next_step"), FELLOWSHIP)
def test_a_fresh_client_sees_what_is_not_there_yet_and_a_next_step(fresh_client, url, message, next_step):
    assert_says(visit(fresh_client, url), message, next_step)


RECOVERY = [
    ("/slips/", "No slips written down.", "Write one down if it happens"),
    ("/checkin/history/", "No check-ins yet.", "Check in for today"),
    ("/pause/history/", "No urges logged yet.", "When one comes, pause here"),
]


@time_machine.travel(TUESDAY_EVENING, tick=False)
@pytest.mark.parametrize(("url", "message", "next_step"), RECOVERY)
def test_recovery_lists_say_they_are_empty_once_set_up(set_up_client, url, message, next_step):
    assert_says(visit(set_up_client, url), message, next_step)


@time_machine.travel(TUESDAY_EVENING, tick=False)
def test_before_setup_the_recovery_lists_ask_for_setup_first(fresh_client):
    for url in ("/checkin/history/", "/circles/"):
        page = visit(fresh_client, url)
        assert "Let's set up your recovery space first" in page
        assert 'href="/today/setup/"' in page


@time_machine.travel(TUESDAY_EVENING, tick=False)
def test_circles_without_a_program_offer_to_add_one(fresh_client):
    from tandem.recovery.services import ensure_profile

    ensure_profile(fresh_client)
    assert_says(visit(fresh_client, "/circles/"), "No active program yet.", "Add what you're working on")


@time_machine.travel(TUESDAY_EVENING, tick=False)
def test_a_fresh_sponsor_is_told_how_sponsees_arrive(db):
    sponsor = make_user("new-sponsor@example.test", "Alex", "sponsor", mfa=True)
    page = visit(sponsor, "/sponsees/")
    assert_says(page, "No one shares anything with you as their sponsor yet.", "Have an invitation code?")
    assert 'href="/privacy/code/"' in page


@time_machine.travel(TUESDAY_EVENING, tick=False)
def test_a_sponsor_whose_sponsee_has_written_nothing_sees_empty_states(world):
    owner = world.owner
    steps = visit(world.sponsor, f"/sponsees/{owner.pk}/steps/")
    assert_says(steps, f"{owner} hasn't marked any step work ready to talk over yet.", "Start a conversation")
    step = visit(world.sponsor, f"/sponsees/{owner.pk}/steps/1/")
    assert_says(step, "No answers ready to read for this step yet.", "Write in the conversation")
    assert_says(step, "No messages yet.")
    person = visit(world.sponsor, f"/shared/{owner.pk}/")
    assert_says(person, "No regular meetings in their schedule yet.")
    assert_says(person, "No step started yet.")


@time_machine.travel(TUESDAY_EVENING, tick=False)
def test_the_empty_state_goes_once_there_is_something(fresh_client):
    from tandem.fellowship.models import Contact

    Contact.objects.create(owner=fresh_client, name="Jamie", role="friend")
    page = visit(fresh_client, "/network/")
    assert "Nobody in your network yet." not in page
    assert "Jamie" in page


@time_machine.travel(TUESDAY_EVENING, tick=False)
def test_a_search_word_is_escaped_in_the_empty_state(fresh_client):
    page = Client()
    page.force_login(fresh_client)
    raw = page.get("/journal/", {"q": "<b>bold</b>"}).content.decode()
    assert "<b>bold</b>" not in raw
    assert "&lt;b&gt;bold&lt;/b&gt;" in raw
