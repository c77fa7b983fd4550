"""How the role matrix reaches the API routes (tests/support/matrix.py): URLS maps a route
whose URL needs arguments to `world -> URL`. Append entries for new routers here."""

URLS = {
    "api_v1:shared_person": lambda world: f"/api/v1/shared/{world.owner.pk}/",
    # FHIR (tandem/api/fhir.py)
    "fhir_questionnaire": lambda world: "/fhir/Questionnaire/phq9",
    "fhir_questionnaire_responses": lambda world: f"/fhir/QuestionnaireResponse?patient={world.owner.pk}",
    "fhir_observations": lambda world: f"/fhir/Observation?patient={world.owner.pk}",
    "fhir_unknown": lambda world: f"/fhir/Patient/{world.owner.pk}",
}
