"""FHIR export: Questionnaire, QuestionnaireResponse and Observation in a Bundle, validated by
fhir.resources (R4B models: the same shape as R4 4.0.1 for these resources)."""

import json

import pytest

from tandem.assessments import definitions, fhir
from tandem.assessments.models import Response

from .helpers import complete

pytest.importorskip("fhir.resources", reason="fhir.resources is in requirements-dev.txt")
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.questionnaire import Questionnaire

# Status codes allowed by the R4 value sets (fhir.resources checks types, not value sets).
R4_STATUS = {
    "Questionnaire": {"draft", "active", "retired", "unknown"},
    "QuestionnaireResponse": {"in-progress", "completed", "amended", "entered-in-error", "stopped"},
    "Observation": {
        "registered",
        "preliminary",
        "final",
        "amended",
        "corrected",
        "cancelled",
        "entered-in-error",
        "unknown",
    },
}


@pytest.mark.parametrize("key", sorted(definitions.builtins()))
def test_each_instrument_is_a_valid_questionnaire(key):
    instrument = definitions.builtin(key)
    resource = fhir.questionnaire(instrument)
    parsed = Questionnaire.model_validate(resource)
    choice = [i for i in parsed.item if i.type == "choice" and i.required]
    assert [i.linkId for i in choice] == [i["id"] for i in instrument.items]
    assert [i.text for i in choice] == [i["text"] for i in instrument.items]
    first = choice[0].answerOption
    assert [(o.valueCoding.code, o.valueCoding.display) for o in first] == [
        (str(o["value"]), o["label"]) for o in instrument.items[0]["options"]
    ]
    assert instrument.licence["text"] in parsed.copyright
    assert parsed.status in R4_STATUS["Questionnaire"]


def bundle_from(client, owner):
    response = client.get(f"/questionnaires/people/{owner.pk}/fhir/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/fhir+json")
    assert "attachment" in response["Content-Disposition"]
    return json.loads(response.content)


def test_the_owner_downloads_a_valid_bundle(world):
    complete(world.owner, "phq9", [0, 0, 0, 0, 0, 0, 0, 0, 1], note="private words")
    complete(world.owner, "pcl5", [2] * 20)
    complete(world.owner, "pcl5", [1] * 20)
    data = bundle_from(world.client_for("owner"), world.owner)
    bundle = Bundle.model_validate(data)
    assert bundle.type == "collection"
    kinds = [e.resource.get_resource_type() for e in bundle.entry]
    assert kinds.count("Patient") == 1
    assert kinds.count("Questionnaire") == 2  # one per instrument version used
    assert kinds.count("QuestionnaireResponse") == 3
    assert kinds.count("Observation") == 3
    urls = {e.fullUrl for e in bundle.entry}
    assert len(urls) == len(bundle.entry)
    by_url = {e["fullUrl"]: e["resource"]["resourceType"] for e in data["entry"]}
    for entry in data["entry"]:
        resource = entry["resource"]
        assert resource.get("status", "active") in R4_STATUS.get(resource["resourceType"], {"active"})
    # every answer set and every score is about the person, and every score comes from its answers
    for entry in data["entry"]:
        resource = entry["resource"]
        if resource["resourceType"] in ("QuestionnaireResponse", "Observation"):
            assert by_url[resource["subject"]["reference"]] == "Patient"
        if resource["resourceType"] == "Observation":
            assert [by_url[d["reference"]] for d in resource["derivedFrom"]] == ["QuestionnaireResponse"]
    assert "private words" not in json.dumps(data)


def test_responses_and_scores_match_what_was_stored(world):
    stored = complete(world.owner, "pcl5", [4] * 5 + [0] * 15)
    data = bundle_from(world.client_for("owner"), world.owner)
    questionnaires = {
        f"{e['resource']['url']}|{e['resource']['version']}": e["resource"]
        for e in data["entry"]
        if e["resource"]["resourceType"] == "Questionnaire"
    }
    (qr,) = [e["resource"] for e in data["entry"] if e["resource"]["resourceType"] == "QuestionnaireResponse"]
    (obs,) = [e["resource"] for e in data["entry"] if e["resource"]["resourceType"] == "Observation"]
    questionnaire = questionnaires[qr["questionnaire"]]
    options = {
        i["linkId"]: {o["valueCoding"]["code"] for o in i.get("answerOption", [])} for i in questionnaire["item"]
    }
    answers = {i["linkId"]: i["answer"][0]["valueCoding"]["code"] for i in qr["item"]}
    assert answers == {k: str(v) for k, v in stored.answers.items()}
    assert all(code in options[link] for link, code in answers.items())
    assert obs["valueInteger"] == 20 == stored.total
    assert obs["interpretation"][0]["text"] == "Below the cut-off"
    assert {c["code"]["text"]: c["valueInteger"] for c in obs["component"]} == {
        "Criterion B – Intrusion": 20,
        "Criterion C – Avoidance": 0,
        "Criterion D – Negative alterations in cognitions and mood": 0,
        "Criterion E – Alterations in arousal and reactivity": 0,
    }


def test_phq9_and_gad7_scores_carry_their_loinc_codes(world):
    complete(world.owner, "phq9", 1)
    complete(world.owner, "gad7", 1)
    data = bundle_from(world.client_for("owner"), world.owner)
    codes = {
        c["code"]
        for e in data["entry"]
        if e["resource"]["resourceType"] == "Observation"
        for c in e["resource"]["code"]["coding"]
        if c["system"] == "http://loinc.org"
    }
    assert codes == {"44261-6", "70274-6"}


def test_a_linked_therapist_with_the_scope_downloads_it_others_cannot(world):
    complete(world.owner, "phq9", 1)
    bundle = Bundle.model_validate(bundle_from(world.client_for("therapist"), world.owner))
    assert len(bundle.entry) == 4
    for persona in ("partner", "sponsor", "other_client", "other_therapist"):
        assert world.client_for(persona).get(f"/questionnaires/people/{world.owner.pk}/fhir/").status_code == 404
    world.revoke_all()
    assert world.client_for("therapist").get(f"/questionnaires/people/{world.owner.pk}/fhir/").status_code == 404


def test_a_partner_granted_the_scope_still_cannot_download_the_export(world):
    from tandem.sharing import services as sharing

    sharing.grant(world.links["partner"], "assessments", by=world.owner)
    assert world.client_for("partner").get(f"/questionnaires/people/{world.owner.pk}/fhir/").status_code == 404


def test_an_empty_bundle_is_still_valid(world):
    Bundle.model_validate(bundle_from(world.client_for("owner"), world.owner))
    assert Response.objects.count() == 0
