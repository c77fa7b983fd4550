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
    "api_token_revoke": _token_of_owner,
    "api_v1:shared_person": lambda world: f"/api/v1/shared/{world.owner.pk}/",
    # FHIR (tandem/api/fhir.py)
    "fhir_questionnaire": lambda world: "/fhir/Questionnaire/phq9",
    "fhir_questionnaire_responses": lambda world: f"/fhir/QuestionnaireResponse?patient={world.owner.pk}",
    "fhir_observations": lambda world: f"/fhir/Observation?patient={world.owner.pk}",
    "fhir_unknown": lambda world: f"/fhir/Patient/{world.owner.pk}",
}
