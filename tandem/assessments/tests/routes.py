"""URLs of the questionnaire routes in the test world (tests/support/matrix.py)."""

import json
import uuid

from tandem.assessments import definitions, services
from tandem.assessments.models import Assignment, InstrumentDefinition, SafetyAlert


def _completed(world, *, safety=False):
    instrument = definitions.builtin("phq9")
    answers = {item["id"]: 0 for item in instrument.items}
    if safety:
        answers["9"] = 1
    return services.complete(world.owner, instrument, uuid.uuid4(), answers)


def _result_url(world):
    return f"/questionnaires/results/{_completed(world).pk}/"


def _draft_url(world):
    draft = services.save_draft(world.owner, definitions.builtin("gad7"), uuid.uuid4(), {"1": 1}, {}, "")
    return f"/questionnaires/drafts/{draft.pk}/discard/"


def _assignment_url(world):
    assignment = Assignment.objects.create(
        owner=world.owner, assigned_by=world.therapist, instrument_key="phq9", every_days=14, starts_on="2026-01-01"
    )
    return f"/questionnaires/assignments/{assignment.pk}/end/"


def _alert_url(world):
    link = world.links["therapist"]
    link.safety_alerts = True
    link.save(update_fields=["safety_alerts"])
    _completed(world, safety=True)
    return f"/questionnaires/alerts/{SafetyAlert.objects.get(therapist=world.therapist).pk}/seen/"


def _pack_url(world):
    data = json.loads((definitions.INSTRUMENT_DIR / "gad7.json").read_text())
    data["id"] = "practice-gad"
    row = InstrumentDefinition.objects.create(
        ref="practice-test",
        key=data["id"],
        version=data["version"],
        sha256="0" * 64,
        source="pack",
        definition=data,
        practice=world.practice_a,
    )
    return f"/questionnaires/packs/{row.pk}/withdraw/"


URLS = {
    "assessments_take": lambda world: "/questionnaires/take/phq9/",
    "assessments_history": lambda world: "/questionnaires/history/phq9/",
    "assessments_result": _result_url,
    "assessments_discard": _draft_url,
    "assessments_fhir": lambda world: f"/questionnaires/people/{world.owner.pk}/fhir/",
    "assessments_client": lambda world: f"/questionnaires/clients/{world.owner.pk}/",
    "assessments_assign": lambda world: f"/questionnaires/clients/{world.owner.pk}/assign/",
    "assessments_end_assignment": _assignment_url,
    "assessments_alert_seen": _alert_url,
    "assessments_pack_withdraw": _pack_url,
}
