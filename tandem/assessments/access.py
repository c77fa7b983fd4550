"""Who may reach each questionnaire route (see tandem/core/routes.py for the audiences)."""

from tandem.core.routes import Route

THERAPISTS = {"therapist", "other_therapist"}


def _completed(world, *, safety=False):
    import uuid

    from . import definitions, services

    instrument = definitions.builtin("phq9")
    answers = {item["id"]: 0 for item in instrument.items}
    if safety:
        answers["9"] = 1
    return services.complete(world.owner, instrument, uuid.uuid4(), answers)


def _result_url(world):
    return f"/questionnaires/results/{_completed(world).pk}/"


def _draft_url(world):
    import uuid

    from . import definitions, services

    draft = services.save_draft(world.owner, definitions.builtin("gad7"), uuid.uuid4(), {"1": 1}, {}, "")
    return f"/questionnaires/drafts/{draft.pk}/discard/"


def _assignment_url(world):
    from .models import Assignment

    assignment = Assignment.objects.create(
        owner=world.owner, assigned_by=world.therapist, instrument_key="phq9", every_days=14, starts_on="2026-01-01"
    )
    return f"/questionnaires/assignments/{assignment.pk}/end/"


def _alert_url(world):
    from .models import SafetyAlert

    link = world.links["therapist"]
    link.safety_alerts = True
    link.save(update_fields=["safety_alerts"])
    _completed(world, safety=True)
    return f"/questionnaires/alerts/{SafetyAlert.objects.get(therapist=world.therapist).pk}/seen/"


def _pack_url(world):
    import json

    from . import definitions
    from .models import InstrumentDefinition

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


def _linked_therapist_page(ok_status):
    """A therapist page about one client: the linked therapist (through the gate when grants
    matter), 404 for a therapist without the link, 403 for anyone without the role."""

    def expect(world, persona, grants_on):
        if persona == "therapist":
            return ok_status if grants_on or ok_status == 302 else 404
        if persona in THERAPISTS:
            return 404
        return 403

    return expect


def _owner_or_assigner(world, persona, grants_on):
    return 302 if persona in ("owner", "therapist") else 404


def _alert_recipient(world, persona, grants_on):
    if persona == "therapist":
        return 302
    return 404 if persona in THERAPISTS else 403


ROUTES = [
    Route("assessments_index", "any"),
    Route("assessments_take", "any", url=lambda w: "/questionnaires/take/phq9/"),
    Route("assessments_history", "any", url=lambda w: "/questionnaires/history/phq9/"),
    Route("assessments_schema", "any"),
    Route("assessments_result", "owner", url=_result_url),
    Route("assessments_discard", "owner", url=_draft_url, method="POST", ok_status=302),
    Route(
        "assessments_fhir",
        "shared",
        scope="assessments",
        url=lambda w: f"/questionnaires/people/{w.owner.pk}/fhir/",
    ),
    Route(
        "assessments_client",
        "therapist",
        url=lambda w: f"/questionnaires/clients/{w.owner.pk}/",
        expect=_linked_therapist_page(200),
    ),
    Route(
        "assessments_assign",
        "therapist",
        url=lambda w: f"/questionnaires/clients/{w.owner.pk}/assign/",
        method="POST",
        expect=_linked_therapist_page(302),
    ),
    Route("assessments_end_assignment", "owner", url=_assignment_url, method="POST", expect=_owner_or_assigner),
    Route("assessments_alerts", "therapist", deny_status=403),
    Route("assessments_alert_seen", "therapist", url=_alert_url, method="POST", expect=_alert_recipient),
    Route("assessments_packs", "practice_admin", deny_status=403),
    Route(
        "assessments_pack_withdraw",
        "practice_admin",
        url=_pack_url,
        method="POST",
        ok_status=302,
        deny_status=403,
    ),
]
