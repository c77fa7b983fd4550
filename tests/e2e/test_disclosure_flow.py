"""A formal disclosure in the browser: the therapist opens it, the client writes two versions,
the therapist comments and marks one ready, the partner prepares and gives questions, the
session is marked held, and only then does the partner see the final text — never a draft."""

import re

import pytest

from tandem.couple.models import Disclosure
from tests.support.world import build_world

from .conftest import _finish, _new_page, check_page, login, settled_html

pytestmark = pytest.mark.django_db(transaction=True)

FIRST = "# Opening\n\nI have not been honest with you. FIRSTDRAFT\n\n# What happened\n\nThe first account."
SECOND = "# Opening\n\nI have not been honest with you, for years. FINALWORDS\n\n# What happened\n\nThe whole account."


def _tick_everything(page):
    boxes = page.locator("input[name='items']")
    for index in range(boxes.count()):
        boxes.nth(index).check()
    page.get_by_role("button", name="Save").click()


def test_a_disclosure_from_opening_to_the_partner_reading_the_final_text(page, browser, site):
    world = build_world()
    contexts = []

    def person(user, **viewport):
        context, other, watch = _new_page(browser, site, **viewport)
        contexts.append((context, watch))
        login(other, site, user)
        return other

    try:
        therapist = page
        login(therapist, site, world.therapist)

        # 1. Dr Lee opens a process for Robin.
        therapist.goto(f"{site}/process/new/")
        check_page(therapist)
        therapist.get_by_label("For which client?").select_option(label="Robin")
        therapist.get_by_role("button", name="Open the process").click()
        check_page(therapist)
        d = Disclosure.objects.get()
        process_url = f"{site}/process/{d.pk}/"
        assert therapist.url == process_url

        # 2. Robin (on a phone) includes Sam and works through the checklist.
        robin = person(world.owner, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
        robin.goto(process_url)
        check_page(robin)
        robin.get_by_label("Your partner", exact=True).select_option(label="Sam")
        robin.get_by_role("button", name="Yes, include them").click()
        assert "now takes part" in settled_html(robin)
        robin.get_by_role("link", name="Go through your checklist").click()
        check_page(robin)
        _tick_everything(robin)

        # 3. Dr Lee moves on to writing.
        therapist.reload()
        therapist.get_by_role("button", name=re.compile("Move on to .Writing the disclosure")).click()
        assert "Moved on to" in settled_html(therapist)

        # 4. Robin writes version 1 under the confidentiality notice, and sends it.
        robin.goto(process_url)
        robin.get_by_role("link", name="Write a new version").click()
        check_page(robin)
        assert "legal duties to report" in settled_html(robin)
        robin.get_by_label("Your disclosure").fill(FIRST)
        robin.get_by_role("button", name="Save version 1").click()
        check_page(robin)
        robin.get_by_role("button", name=re.compile("Send version 1")).click()
        assert "is with Dr Lee now" in settled_html(robin)

        # 5. Dr Lee reads it and comments on the first paragraph.
        therapist.goto(process_url)
        therapist.get_by_role("link", name="Version 1").click()
        check_page(therapist)
        assert "FIRSTDRAFT" in settled_html(therapist)
        therapist.get_by_label("About", exact=True).select_option("p0")
        therapist.get_by_label("Comment", exact=True).fill("Say how long, please.")
        therapist.get_by_role("button", name="Add comment").click()
        assert "Comment added" in settled_html(therapist)

        # 6. Robin sees the comment, writes version 2, looks at the changes, and sends it.
        robin.goto(process_url)
        robin.get_by_role("link", name="Version 1").click()
        assert "Say how long, please." in settled_html(robin)
        robin.goto(process_url)
        robin.get_by_role("link", name="Write a new version").click()
        robin.get_by_label("Your disclosure").fill(SECOND)
        robin.get_by_role("button", name="Save version 2").click()
        robin.get_by_role("link", name=re.compile("What changed since version 1")).click()
        check_page(robin)
        assert robin.locator(".diff ins").count() >= 1
        assert robin.locator(".diff del").count() >= 1
        robin.get_by_role("link", name="Back to version 2").click()
        robin.get_by_role("button", name=re.compile("Send version 2")).click()

        # 7. Dr Lee marks version 2 ready, schedules the session, moves on to the questions.
        therapist.goto(process_url)
        therapist.get_by_role("link", name="Version 2").click()
        therapist.get_by_role("button", name="Mark version 2 ready").click()
        assert "is marked ready" in settled_html(therapist)
        therapist.goto(process_url)
        therapist.get_by_role("link", name="Schedule the session").click()
        check_page(therapist)
        therapist.get_by_label("Date and time of the session").fill("2030-03-04T15:00")
        therapist.get_by_role("button", name="Save the date").click()
        therapist.get_by_role("button", name=re.compile("Move on to .The partner's questions")).click()
        assert "Moved on to" in settled_html(therapist)

        # 8. Sam, in their own room, prepares: checklist and questions, then gives them.
        sam = person(world.partner, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
        sam.goto(f"{site}/partner/")
        check_page(sam)
        sam.get_by_role("link", name="Open the process").click()
        check_page(sam)
        assert "FIRSTDRAFT" not in settled_html(sam)
        assert "FINALWORDS" not in settled_html(sam)
        sam.get_by_role("link", name="Go through your checklist").click()
        check_page(sam)  # the private question about feeling afraid, with domestic-violence help
        sam.get_by_label("I'd rather not say").check()
        _tick_everything(sam)
        sam.get_by_role("link", name="Your questions").click()
        check_page(sam)
        sam.get_by_label("A question").fill("How long did it go on?")
        sam.get_by_role("button", name="Add").click()
        sam.get_by_label("A question").fill("Is there anything you still haven't told me?")
        sam.get_by_role("button", name="Add").click()
        sam.get_by_role("button", name=re.compile("Give my questions")).click()
        assert "Your questions are with Dr Lee now" in settled_html(sam)
        check_page(sam)

        # 9. Dr Lee reads the questions, moves on to the session, and marks it held.
        therapist.goto(f"{process_url}questions/")
        check_page(therapist)
        assert "How long did it go on?" in settled_html(therapist)
        therapist.goto(process_url)
        therapist.get_by_role("button", name=re.compile("Move on to .The session")).click()
        assert "Moved on to" in settled_html(therapist)
        sam.goto(process_url)
        assert "FINALWORDS" not in settled_html(sam)  # not before the session is held
        therapist.get_by_role("button", name="Mark the session held").click()
        assert "The session is marked held" in settled_html(therapist)
        check_page(therapist)

        # 10. Now Sam sees the final text — and still no draft, anywhere.
        sam.goto(process_url)
        check_page(sam)
        assert "FINALWORDS" in settled_html(sam)
        assert "FIRSTDRAFT" not in settled_html(sam)
        first = d.versions.get(number=1)
        response = sam.goto(f"{site}/process/versions/{first.pk}/")
        assert response.status == 404
    finally:
        for context, watch in contexts:
            _finish(context, watch)


def test_the_partners_own_room_on_a_phone(phone_page, site):
    world = build_world()
    page = phone_page
    login(page, site, world.partner)
    page.goto(f"{site}/partner/")
    check_page(page)
    page.get_by_role("link", name="Check in with yourself").first.click()
    check_page(page)
    page.get_by_text("Hurt", exact=True).click()
    page.locator("input[name='safety'][value='4']").check(force=True)
    page.get_by_role("button", name="Save").click()
    check_page(page)
    assert "Safety: 4" in page.locator("main").inner_text()
    page.goto(f"{site}/trust/")
    page.locator("input[name='safety'][value='3']").check(force=True)
    page.locator("input[name='trust'][value='2']").check(force=True)
    page.get_by_role("button", name="Save this week").click()
    check_page(page)
    assert page.locator("svg.chart").count() == 1
    for path in (
        "/fanos/",
        "/agreements/",
        "/together/",
        "/partner/reading/",
        "/partner/reading/when-trust-is-broken/",
    ):
        page.goto(f"{site}{path}")
        check_page(page)
