"""The therapist's own records in a client summary: the plan always, notes only when ticked."""

import datetime

from tandem.reports.builder import Period, build
from tandem.therapy.services import notes, plans


def _period(person):
    """The last thirty days, by the day of the person the report is about."""
    today = person.local_today()
    return Period(today - datetime.timedelta(days=30), today + datetime.timedelta(days=1))


def _plan_and_note(world):
    link = world.links["therapist"]
    plan = plans.plan_for(world.therapist, link, create=True)
    plans.save_goal(
        plan,
        {
            "problem": "Evenings alone",
            "goal": "Ninety days of steady evenings",
            "target_on": None,
            "review_on": None,
            "status": "in_progress",
        },
    )
    note = notes.new_note(
        world.therapist,
        link,
        template="dap",
        session_on=world.therapist.local_today(),
        sections={"data": "NOTEMARKER talked about evenings", "assessment": "steady", "plan": "next week"},
    )
    notes.sign_note(note, world.therapist)


def test_a_client_summary_carries_the_treatment_plan(world):
    _plan_and_note(world)
    built = {s.key: s for s in build(world.therapist, world.owner, _period(world.owner), [], clinical_keys=[])}
    assert "Ninety days of steady evenings" in [g.goal for g in built["treatment_plan"].context["goals"]]
    assert "session_notes" not in built, "notes only when the therapist ticks them"


def test_session_notes_appear_only_when_ticked(world):
    _plan_and_note(world)
    built = {
        s.key: s for s in build(world.therapist, world.owner, _period(world.owner), [], clinical_keys=["session_notes"])
    }
    assert "NOTEMARKER" in built["session_notes"].context["notes"][0].data


def test_the_clients_own_report_never_has_clinical_sections(world):
    _plan_and_note(world)
    built = build(world.owner, world.owner, _period(world.owner), [], clinical_keys=None)
    assert not any(s.clinical for s in built)


def test_another_therapist_gets_nothing_of_lees_records(world):
    _plan_and_note(world)
    built = {
        s.key: s
        for s in build(world.other_therapist, world.owner, _period(world.owner), [], clinical_keys=["session_notes"])
    }
    assert built["treatment_plan"].context.get("empty")
    assert built["session_notes"].context["notes"] == []
