"""`GET /api/v1/shared/{owner_id}/`: every scope has a real summary, the one its person-page panel
shows — the owner's words where the panel shows them, never what it keeps back (notes beside the
numbers, step answers, a questionnaire's note); exactly the granted scopes; each read logged; a
bounded number of queries however much the owner has written."""

import datetime
import json

import pytest
from django.utils import timezone

from tandem.api.routers.shared import SUMMARIES
from tandem.assessments.tests.markers import seed as seed_assessment
from tandem.couple.models import TrustRating
from tandem.fellowship.models import StepProgress
from tandem.fellowship.tests.markers import seed_meetings, seed_outreach, seed_stepwork
from tandem.history.models import Condition
from tandem.history.tests.markers import seed_genogram, seed_timeline
from tandem.journal.tests.markers import seed_journal
from tandem.recovery.tests.markers import (
    seed_checkins,
    seed_circles,
    seed_plan,
    seed_safety_plan,
    seed_sobriety,
    seed_urges,
)
from tandem.sharing import scopes
from tandem.sharing import services as sharing
from tandem.sharing.models import AccessLogEntry, Grant
from tandem.therapy.models import Homework, HomeworkStatus
from tandem.therapy.tests.markers import seed_homework

from .conftest import bearer, issue

MARK = "QXSHARED42"
EXTRA = ("safety_plan", "journal", "trust")
"""Off by default for every link: the tests turn them on for the therapist."""


def _seed_everything(owner):
    for seed in (
        seed_sobriety,
        seed_checkins,
        seed_urges,
        seed_circles,
        seed_plan,
        seed_safety_plan,
        seed_meetings,
        seed_outreach,
        seed_stepwork,
        seed_assessment,
        seed_homework,
        seed_timeline,
        seed_genogram,
        seed_journal,
    ):
        seed(owner, MARK)
    StepProgress.objects.create(owner=owner, step=1, status="working", started_on=owner.local_today())
    TrustRating.objects.create(
        owner=owner, week_of=owner.local_today() - datetime.timedelta(days=7), safety=6, trust=4, note=f"n {MARK}"
    )


def _grant_everything(world):
    for key in EXTRA:
        sharing.grant(world.links["therapist"], key, by=world.owner)
    world.shares["therapist"] = world.shares["therapist"] | set(EXTRA)


@pytest.fixture
def seeded(world):
    _seed_everything(world.owner)
    _grant_everything(world)
    return world


def _sections(client, owner) -> dict:
    response = client.get(f"/api/v1/shared/{owner.pk}/")
    assert response.status_code == 200, response.content
    return {s["scope"]: s["data"] for s in response.json()["sections"]}


def _text(data) -> str:
    return json.dumps(data)


def test_every_registered_scope_has_a_summary():
    assert {s.key for s in scopes.all_scopes()} <= set(SUMMARIES)


def test_each_granted_scope_answers_what_its_panel_shows(seeded):
    world = seeded
    therapist = bearer(issue(world.therapist, scopes=["shared:read"])[1])
    sections = _sections(therapist, world.owner)
    assert set(sections) == world.shares["therapist"] == set(SUMMARIES)
    assert all(data is not None for data in sections.values())

    # the owner's words where the panel shows them
    for key in ("checkins", "urges", "circles", "plan", "safety_plan", "timeline", "genogram", "journal"):
        assert MARK in _text(sections[key]), key
    assert sections["plan"]["plan"]["people"] == [{"name": f"Sponsor {MARK}", "phone": "555 0100"}]
    assert sections["plan"]["plan"]["high_risk"][0]["situation"] == f"Hotel rooms {MARK}"
    assert sections["safety_plan"]["plan"]["warning_signs"] == [f"Not sleeping {MARK}"]
    assert sections["journal"]["entries"][0]["text"] == f"Hard evening. {MARK}"
    assert sections["journal"]["entries"][0]["mood"] == "Low"
    assert sections["timeline"]["events"][0]["description"] == f"What happened: {MARK}"
    relative = next(p for p in sections["genogram"]["people"] if p["name"] == "Maternal grandfather")
    assert relative["notes"] == f"Drank heavily. {MARK}"
    assert relative["years"] == "b. 1931"

    # numbers and names where the panel shows only those; never the notes beside them
    for key in ("sobriety", "meetings", "outreach", "stepwork", "assessments", "trust", "homework"):
        assert MARK not in _text(sections[key]), key
    assert sections["sobriety"]["programs"][0]["slip_dates"]
    meetings = sections["meetings"]
    assert meetings["attended_30_days"] == 1
    assert meetings["days_since_last"] == 0
    assert meetings["schedule"] == [
        {"name": "Tuesday night group", "day": 2, "time": "19:30:00", "time_zone": world.owner.time_zone}
    ]
    assert meetings["recent"][0]["label"] == "Tuesday night group"
    assert sections["outreach"]["recent"][0]["kind"] == "Phone call"
    assert sections["outreach"]["last_7_days"] == [{"kind": "Phone call", "count": 1}]
    assert sections["stepwork"] == {"steps": [{"number": 1, "status": "working", "messages": 0}]}
    phq9 = sections["assessments"]["instruments"][0]
    assert (phq9["instrument"], phq9["total"], phq9["count"]) == ("phq9", 1, 1)
    assert phq9["history"][0]["total"] == 1
    assert "safety_flag" in phq9  # a linked therapist, as on the panel
    assert sections["trust"]["weeks"][0]["safety"] == 6
    assert sections["trust"]["weeks"][0]["trust"] == 4
    homework = sections["homework"]
    assert homework["open"][0]["title"] == "Looking back on the week"
    assert homework["open"][0]["started"] is True
    assert homework["done"] == []
    assert "Came after scrolling" not in _text(sections["urges"])  # the note beside it is kept back

    logged = set(AccessLogEntry.objects.filter(viewer=world.therapist).values_list("scope", "object_kind"))
    assert logged == {(key, "panel") for key in sections}


def test_done_homework_shows_its_answers_as_the_panel_does(seeded):
    world = seeded
    Homework.objects.filter(owner=world.owner).update(status=HomeworkStatus.DONE, completed_at=timezone.now())
    therapist = bearer(issue(world.therapist, scopes=["shared:read"])[1])
    done = _sections(therapist, world.owner)["homework"]["done"][0]
    assert done["answers"] == [{"prompt": "What helped this week?", "answer": f"Calling before the evening {MARK}"}]
    assert done["answer"] == f"It was hard to start {MARK}"


def test_the_family_map_lists_its_lines_by_person_id(seeded):
    world = seeded
    relative = next(r for r in world.owner.relatives.all() if r.name == "Maternal grandfather")
    Condition.objects.create(owner=world.owner, relative=relative, kind="alcohol", status="confirmed")
    therapist = bearer(issue(world.therapist, scopes=["shared:read"])[1])
    people = _sections(therapist, world.owner)["genogram"]["people"]
    conditions = next(p for p in people if p["id"] == relative.pk)["conditions"]
    assert [c["kind"] for c in conditions] == [relative.conditions.get().get_kind_display()]


def test_the_partner_and_the_sponsor_get_exactly_their_grants(seeded):
    world = seeded
    partner = _sections(bearer(issue(world.partner, scopes=["shared:read"])[1]), world.owner)
    assert set(partner) == {"sobriety"}
    assert MARK not in _text(partner)
    sponsor = _sections(bearer(issue(world.sponsor, scopes=["shared:read"])[1]), world.owner)
    assert set(sponsor) == world.shares["sponsor"]
    assert MARK not in _text(sponsor)
    for viewer in (world.partner, world.sponsor):
        logged = set(AccessLogEntry.objects.filter(viewer=viewer).values_list("scope", flat=True))
        assert logged == world.shares["partner" if viewer == world.partner else "sponsor"]


@pytest.mark.parametrize("key", sorted(SUMMARIES))
def test_without_the_grant_the_section_is_absent_on_the_next_request(seeded, key):
    world = seeded
    therapist = bearer(issue(world.therapist, scopes=["shared:read"])[1])
    assert key in _sections(therapist, world.owner)
    grant = Grant.objects.get(link=world.links["therapist"], scope=key, revoked_at__isnull=True)
    sharing.revoke(grant, by=world.owner)
    after = _sections(therapist, world.owner)
    assert key not in after
    assert set(after) == world.shares["therapist"] - {key}


def test_queries_stay_bounded_however_much_is_shared(seeded, django_assert_max_num_queries):
    world = seeded
    therapist = bearer(issue(world.therapist, scopes=["shared:read"])[1])
    url = f"/api/v1/shared/{world.owner.pk}/"
    assert therapist.get(url).status_code == 200  # warm the per-process caches
    with django_assert_max_num_queries(MAX_QUERIES) as first:
        assert therapist.get(url).status_code == 200
    for _ in range(3):
        _seed_everything_more(world.owner)
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert therapist.get(url).status_code == 200


def _seed_everything_more(owner):
    for seed in (seed_checkins, seed_urges, seed_meetings, seed_outreach, seed_timeline, seed_journal, seed_homework):
        seed(owner, MARK)
    seed_assessment(owner, MARK)


MAX_QUERIES = 80
"""Every one of the 15 scopes granted and read (78 when measured): the gate's check and log per
section plus each panel's own few queries; no more after more of everything is written."""
