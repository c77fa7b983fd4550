"""The therapist's side in a browser: a flagged client, a signed note, homework; a group check-in
with feedback from another member."""

import datetime
import re

import pytest
from django.utils import timezone

from tandem.accounts.models import Practice
from tandem.therapy.models import Group, GroupReply, Homework, Membership, SessionNote
from tests.support.world import link, make_user

from .conftest import _finish, _new_page, check_page, login, settled_html

pytestmark = pytest.mark.django_db(transaction=True)


def therapist_and_client():
    practice = Practice.objects.create(name="Harbour Counselling")
    lee = make_user("lee@example.test", "Dr Lee", "therapist", practice=practice, mfa=True)
    robin = make_user("robin@example.test", "Robin", "client")
    made = link(robin, lee, "therapist")
    made.practice = practice
    made.save(update_fields=["practice"])
    return practice, lee, robin, made


def test_a_therapist_sees_a_flag_writes_and_signs_a_note_and_gives_homework(page, site):
    from tandem.recovery.services import create_program, ensure_profile, log_slip

    _practice, lee, robin, _link = therapist_and_client()
    ensure_profile(robin, started_on=robin.local_today() - datetime.timedelta(days=60))
    program = create_program(
        robin, kind="sex", fellowship="saa", sobriety_date=robin.local_today() - datetime.timedelta(days=40)
    )
    log_slip(robin, program, timezone.now() - datetime.timedelta(days=2), behaviour=None, chain_trigger="alone")

    login(page, site, lee)
    page.goto(f"{site}/caseload/")
    check_page(page)
    row = page.locator("tr", has=page.get_by_role("link", name="Robin"))
    assert "Slip in the last 7 days" in row.inner_text()

    page.get_by_role("link", name="Robin").click()
    check_page(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Robin"
    assert page.get_by_role("heading", name="Sobriety summary").count() == 1
    assert "Slip in the last 7 days" in page.locator("main").inner_text()

    page.get_by_label("Template").select_option("soap")
    page.get_by_role("button", name="Write a note").click()
    check_page(page)
    page.get_by_label("Subjective").fill("Robin says the slip came after a lonely weekend.")
    page.get_by_label("Objective").fill("Tired, open, engaged.")
    page.get_by_label("Assessment").fill("A slip, not a relapse; isolation is the pattern.")
    page.get_by_label("Plan").fill("Two calls a day; review next week.")
    page.get_by_role("button", name="Save draft").click()
    check_page(page)
    assert "Draft" in page.locator("main").inner_text()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Sign and lock").click()
    page.wait_for_load_state()
    check_page(page)
    assert "Signed by Dr Lee" in page.locator("main").inner_text()
    assert page.get_by_role("button", name="Save draft").count() == 0
    note = SessionNote.objects.get(owner=lee)
    assert note.is_signed
    assert note.signature_valid
    assert note.template == "soap"

    page.get_by_role("link", name=re.compile("All notes for this client")).click()
    check_page(page)
    page.goto(f"{site}/caseload/clients/{robin.pk}/")
    page.get_by_role("link", name="Give homework").click()
    check_page(page)
    page.get_by_label("Task").check()
    page.get_by_label("Title").fill("Call a program friend twice")
    page.get_by_label("Instructions").fill("Before the weekend, if you can.")
    page.get_by_label("Due").fill((robin.local_today() + datetime.timedelta(days=5)).isoformat())
    page.get_by_role("button", name="Give homework").click()
    page.wait_for_load_state()
    check_page(page)
    assert "Homework given to Robin" in settled_html(page)
    homework = Homework.objects.get(owner=robin)
    assert homework.kind == "task"
    assert homework.assigned_by == lee


def test_a_client_posts_a_group_check_in_and_another_member_replies(phone_page, browser, site):
    practice, lee, robin, _link = therapist_and_client()
    jordan = make_user("jordan@example.test", "Jordan", "client")
    made = link(jordan, lee, "therapist")
    made.practice = practice
    made.save(update_fields=["practice"])
    group = Group.objects.create(owner=lee, practice=practice, kind="therapy", name="Tuesday evening")
    Membership.objects.create(owner=robin, group=group, status="active", shown_name="Robin")
    Membership.objects.create(owner=jordan, group=group, status="active", shown_name="J")

    page = phone_page
    login(page, site, robin)
    page.goto(f"{site}/groups/")
    check_page(page)
    page.get_by_role("link", name="Tuesday evening").click()
    check_page(page)
    page.get_by_label("Days sober").fill("12")
    page.get_by_label("Slips or middle-circle behaviours since last time").fill("Two late nights online.")
    page.get_by_label("How I'm feeling").fill("Tired, a bit ashamed, hopeful.")
    page.get_by_label("Recovery work I've done").fill("Three meetings and the first step.")
    page.get_by_label("What I need from the group").fill("Ideas for the evenings.")
    page.get_by_role("button", name="Post my check-in").click()
    page.wait_for_load_state()
    check_page(page)
    assert "Ideas for the evenings." in page.locator("main").inner_text()

    context, other, watch = _new_page(browser, site, viewport={"width": 1280, "height": 900})
    try:
        login(other, site, jordan)
        other.goto(f"{site}/groups/{group.pk}/")
        check_page(other)
        assert "Two late nights online." in other.locator("main").inner_text()
        other.get_by_label("Your feedback").fill("A walk after dinner helps me. Call me on Thursday?")
        other.get_by_role("button", name="Send feedback").click()
        other.wait_for_load_state()
        check_page(other)
        assert "A walk after dinner helps me." in other.locator("main").inner_text()
    finally:
        _finish(context, watch)

    page.reload()
    check_page(page)
    assert "A walk after dinner helps me." in page.locator("main").inner_text()
    assert GroupReply.objects.get().owner == jordan
