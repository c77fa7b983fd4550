"""The FHIR R4 endpoints, mounted at /fhir/ (tandem/urls.py). No trailing slashes, as FHIR spells them."""

from django.urls import path, re_path

from . import fhir

urlpatterns = [
    path("metadata", fhir.metadata, name="fhir_metadata"),
    path("Questionnaire/<str:fhir_id>", fhir.questionnaire, name="fhir_questionnaire"),
    path("QuestionnaireResponse", fhir.questionnaire_responses, name="fhir_questionnaire_responses"),
    path("Observation", fhir.observations, name="fhir_observations"),
    re_path(r"^(?P<rest>.*)$", fhir.unknown, name="fhir_unknown"),
]
