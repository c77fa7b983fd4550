"""The therapist's home leads the day: safety answers first, then flags, drafts, homework back."""

import datetime

import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tandem.assessments.models import AlertSource, SafetyAlert
from tandem.sharing.models import AccessLogEntry, Link
from tandem.therapy.models import Homework, HomeworkStatus, SessionNote
from tests.support.caseload import populate
from tests.support.world import make_user

from .helpers import DAY, revoke, slip, text

NOON = datetime.datetime(2026, 5, 6, 12, 0, tzinfo=datetime.UTC)


def home(world) -> str:
    response = world.client_for("therapist").get("/")
    assert response.status_code == 200
    return text(response)


def alert(world):
    Link.objects.filter(pk=world.links["therapist"].pk).update(safety_alerts=True)
    return SafetyAlert.objects.create(owner=world.owner, therapist=world.therapist, source=AlertSource.CHECKIN)


@time_machine.travel(NOON, tick=False)
def test_a_safety_answer_comes_first_with_its_date_and_a_link_to_the_client(world):
    slip(world.owner, days_ago=1)
    alert(world)
    page = home(world)
    client_url = f'href="/caseload/clients/{world.owner.pk}/"'
    assert "Safety answers to look at" in page
    assert "answered on 6 May 2026" in page
    assert client_url in page.split("Safety answers to look at")[1].split("</li>")[0]
    assert page.index("Safety answers to look at") < page.index("Clients with a flag")
    assert "Slip in the last 7 days" in page.split("Clients with a flag")[1]


def test_a_seen_alert_or_an_ended_consent_leaves_the_home(world):
    made = alert(world)
    assert "Safety answers to look at" in home(world)
    SafetyAlert.objects.filter(pk=made.pk).update(seen_at=timezone.now())
    assert "Safety answers to look at" not in home(world)
    SafetyAlert.objects.filter(pk=made.pk).update(seen_at=None)
    Link.objects.filter(pk=world.links["therapist"].pk).update(safety_alerts=False)
    assert "Safety answers to look at" not in home(world)


def test_flags_follow_the_grant_and_their_read_is_logged(world):
    slip(world.owner, days_ago=1)
    assert "Slip in the last 7 days" in home(world).split("Clients with a flag")[1]
    assert AccessLogEntry.objects.filter(owner=world.owner, viewer=world.therapist, object_kind="home").exists()
    revoke(world, "sobriety")
    assert "Slip in the last 7 days" not in home(world)


def test_draft_notes_and_homework_sent_back(world):
    today = world.owner.local_today()
    SessionNote.objects.create(owner=world.therapist, client=world.owner, session_on=today, body="draft")
    signed = SessionNote.objects.create(
        owner=world.therapist, client=world.owner, session_on=today - DAY, body="done", signed_name="Dr Lee"
    )
    SessionNote.objects.filter(pk=signed.pk).update(signed_at=timezone.now(), signature="x")
    Homework.objects.create(
        owner=world.owner,
        assigned_by=world.therapist,
        kind="task",
        title="Call two people",
        due_on=today,
        status=HomeworkStatus.DONE,
        completed_at=timezone.now(),
    )
    page = home(world)
    drafts = page.split("Notes not yet signed")[1].split("</ul>")[0]
    assert drafts.count("<li>") == 1
    assert "Call two people" in page.split("Homework sent back")[1]
    revoke(world, "homework")
    assert "Call two people" not in home(world)


def test_nothing_waiting_says_so(world):
    assert "Nothing is waiting for you right now." in home(world)


@time_machine.travel(NOON)
def test_the_home_costs_the_same_queries_for_5_or_300_clients(world):
    small = make_user("small@example.test", "Dr Small", "therapist", practice=world.practice_a, mfa=True)
    large = make_user("large@example.test", "Dr Large", "therapist", practice=world.practice_a, mfa=True)
    populate(small, 5, days=10, label="s")
    populate(large, 300, days=10, label="l")

    def cost(browser) -> tuple[int, list[str]]:
        """(queries, the verbs of those on the flag memory) of one look at the home."""
        with CaptureQueriesContext(connection) as ctx:
            assert browser.get("/").status_code == 200
        memory = [q["sql"].split()[0] for q in ctx.captured_queries if "therapy_flagmemory" in q["sql"]]
        return len(ctx.captured_queries), memory

    def signed_in(therapist) -> Client:
        browser = Client()
        browser.force_login(therapist)
        return browser

    same_day, first_next_day, next_day = {}, {}, {}
    for therapist in (small, large):
        browser = signed_in(therapist)
        browser.get("/")
        same_day[therapist] = cost(browser)
    with time_machine.travel(NOON + DAY):
        for therapist in (small, large):
            browser = signed_in(therapist)
            first_next_day[therapist] = cost(browser)
            next_day[therapist] = cost(browser)
    assert same_day[small] == same_day[large] == next_day[small] == next_day[large], (same_day, next_day)
    assert first_next_day[small] == first_next_day[large], first_next_day
    # What was seen: read on every look, written on the first look of a day (flags changed or not).
    assert same_day[small][1] == ["SELECT"]
    assert first_next_day[small][1] == ["SELECT", "UPDATE"]


def _flagged_since(page: str) -> str:
    return page.split("Flagged since")[1].split("</ul>")[0] if "Flagged since" in page else ""


def _slip_today(user, program) -> None:
    from tandem.recovery.services import log_slip

    log_slip(user, program, timezone.now(), behaviour=None, chain_trigger="test")


def test_a_client_flagged_since_yesterday_leads_the_flags(world):
    revoke(world, "checkins")  # only the slip flag, so nothing else comes and goes from day to day
    with time_machine.travel(NOON, tick=False):
        program = slip(world.owner, days_ago=None)
        assert "Flagged since" not in home(world)  # the first look has nothing to compare with
    with time_machine.travel(NOON + DAY, tick=False):
        _slip_today(world.owner, program)
        page = home(world)
        new = _flagged_since(page)
        assert new.startswith(" yesterday</h3>")
        assert f'href="/caseload/clients/{world.owner.pk}/"' in new
        assert "Slip in the last 7 days" in new
        assert page.index("Flagged since yesterday") < page.index("Clients with a flag")
        assert "Flagged since yesterday" in home(world)  # a second look the same day still says so
    with time_machine.travel(NOON + 2 * DAY, tick=False):
        page = home(world)
        assert "Flagged since" not in page  # flagged yesterday too: no longer new
        assert "Slip in the last 7 days" in page.split("Clients with a flag")[1]


def test_after_days_away_the_home_says_since_when(world):
    revoke(world, "checkins")
    with time_machine.travel(NOON, tick=False):
        home(world)
    with time_machine.travel(NOON + 3 * DAY, tick=False):
        slip(world.owner, days_ago=1)
        new = _flagged_since(home(world))
        assert new.startswith(" 6 May</h3>")
        assert "Slip in the last 7 days" in new


def test_a_new_flag_follows_the_grant(world):
    revoke(world, "checkins")
    with time_machine.travel(NOON, tick=False):
        program = slip(world.owner, days_ago=None)
        home(world)
    with time_machine.travel(NOON + DAY, tick=False):
        _slip_today(world.owner, program)
        assert "Flagged since yesterday" in home(world)
        revoke(world, "sobriety")
        page = home(world)
        assert "Flagged since" not in page
        assert "Slip in the last 7 days" not in page


def test_the_menu_counts_safety_answers_waiting(world):
    browser = world.client_for("therapist")
    assert 'class="nav-count"' not in text(browser.get("/caseload/"))
    alert(world)
    page = text(browser.get("/caseload/"))
    assert '<span class="nav-count">1<span class="sr-only"> waiting</span></span>' in page


def test_questionnaires_due_while_assessments_are_shared(world):
    from tandem.assessments.models import Assignment

    today = world.owner.local_today()
    Assignment.objects.create(
        owner=world.owner, assigned_by=world.therapist, instrument_key="phq9", starts_on=today - 2 * DAY
    )
    Assignment.objects.create(
        owner=world.owner, assigned_by=world.therapist, instrument_key="gad7", starts_on=today + 3 * DAY
    )
    page = home(world)
    due = page.split("Questionnaires due")[1].split("</ul>")[0]
    assert "was due 2 days ago" in due
    assert due.count("<li>") == 1
    assert f'href="/questionnaires/clients/{world.owner.pk}/"' in due
    revoke(world, "assessments")
    assert "Questionnaires due" not in home(world)


def test_a_disclosure_version_sent_to_the_therapist_waits_on_the_home(world):
    from tandem.couple import disclosure as process
    from tandem.couple.models import Disclosure
    from tandem.couple.stages import Stage

    opened = process.open_disclosure(therapist=world.therapist, client=world.owner)
    Disclosure.objects.filter(pk=opened.pk).update(stage=Stage.DRAFTING)
    opened.refresh_from_db()
    version = process.start_version(opened, by=world.owner, text="What I need to say.")
    assert "Disclosure steps waiting for you" not in home(world)  # still being written
    process.send_version(version, by=world.owner)
    page = home(world)
    waiting = page.split("Disclosure steps waiting for you")[1].split("</ul>")[0]
    assert f'href="/process/{opened.pk}/"' in waiting
    assert "sent version 1 for your reading" in waiting
    assert "What I need to say." not in page


def test_an_erased_client_leaves_the_flag_memory(world):
    from tandem.therapy.models import FlagMemory

    revoke(world, "checkins")
    with time_machine.travel(NOON, tick=False):
        slip(world.owner, days_ago=1)
        home(world)
    memory = FlagMemory.objects.get(owner=world.therapist)
    assert memory.latest == {str(world.owner.pk): ["slip"]}
    world.owner.delete()
    memory.refresh_from_db()
    assert memory.latest == {}
