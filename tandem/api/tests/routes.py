"""How the role matrix reaches the API routes (tests/support/matrix.py): URLS maps a route
whose URL needs arguments to `world -> URL`. Append entries for new routers here."""


def _token_of_owner(world):
    from datetime import timedelta

    from django.utils import timezone

    from tandem.api.models import ApiToken

    token, _ = ApiToken.issue(
        world.owner, name="matrix", scopes=["recovery:read"], expires_at=timezone.now() + timedelta(days=30)
    )
    return f"/me/tokens/{token.pk}/revoke/"


URLS = {
    "api_unknown": lambda world: "/api/v2/checkins/",
    "api_token_revoke": _token_of_owner,
    "api_v1:shared_person": lambda world: f"/api/v1/shared/{world.owner.pk}/",
    # Fellowship and questionnaires (routers/fellowship.py, routers/questionnaires.py)
    "api_v1:meeting": lambda world: f"/api/v1/meetings/{_meeting().pk}/",
    "api_v1:schedule_entry": lambda world: f"/api/v1/schedule/{_entry_of_owner(world).pk}/",
    "api_v1:schedule_went": lambda world: f"/api/v1/schedule/{_entry_of_owner(world).pk}/went/",
    "api_v1:questionnaire": lambda world: "/api/v1/questionnaires/instruments/phq9/",
    "api_v1:questionnaire_result": lambda world: f"/api/v1/questionnaires/results/{_result_of_owner(world).pk}/",
    # FHIR (tandem/api/fhir.py)
    "fhir_questionnaire": lambda world: "/fhir/Questionnaire/phq9",
    "fhir_questionnaire_responses": lambda world: f"/fhir/QuestionnaireResponse?patient={world.owner.pk}",
    "fhir_observations": lambda world: f"/fhir/Observation?patient={world.owner.pk}",
    "fhir_unknown": lambda world: f"/fhir/Patient/{world.owner.pk}",
}


def _meeting():
    from tandem.fellowship.tests.conftest import make_meeting

    return make_meeting(slug="matrix")


def _entry_of_owner(world):
    from tandem.fellowship.models import ScheduleEntry

    return ScheduleEntry.objects.create(owner=world.owner, private_name="Matrix group", private_day=1)


def _result_of_owner(world):
    from tandem.assessments.tests.helpers import complete

    return complete(world.owner, "gad7", 1)
