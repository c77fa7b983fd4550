"""The FHIR R4 endpoints (tandem/api/fhir.py): every answer, errors included, is FHIR JSON that
fhir.resources accepts (its R4B models: the same shape as R4 4.0.1 for these resources)."""

import datetime
import json

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import timezone

from tandem.api.models import ApiToken
from tandem.assessments import definitions
from tandem.assessments.models import InstrumentDefinition, Response
from tandem.assessments.tests.helpers import complete
from tandem.assessments.tests.test_fhir import R4_STATUS
from tandem.sharing import services as sharing
from tandem.sharing.models import AccessLogEntry

pytest.importorskip("fhir.resources", reason="fhir.resources is in requirements-dev.txt")
from fhir.resources.R4B import get_fhir_model_class

R4_ISSUE_TYPES = {"invalid", "login", "forbidden", "not-found", "not-supported", "throttled", "processing"}
"""The IssueType codes (a subset of R4's value set) this server answers with."""


@pytest.fixture
def world(module_world):
    return module_world


def token(person, *scopes, expires_in=datetime.timedelta(days=30)) -> str:
    _token, secret = ApiToken.issue(person, name="FHIR test", scopes=scopes, expires_at=timezone.now() + expires_in)
    return secret


def get(url, secret=None, client=None, **headers):
    if secret:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    return (client or Client()).get(url, **headers)


def fhir_json(response, status: int = 200) -> dict:
    """The answer's body, checked: the status, FHIR JSON (never HTML), and a valid resource."""
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/fhir+json; charset=utf-8"
    data = json.loads(response.content)
    get_fhir_model_class(data["resourceType"]).model_validate(data)
    # fhir.resources checks types, not value sets: the codes this server uses, against R4's
    for resource in [data, *(entry["resource"] for entry in data.get("entry", []))]:
        if resource["resourceType"] in R4_STATUS:
            assert resource["status"] in R4_STATUS[resource["resourceType"]]
    if data["resourceType"] == "OperationOutcome":
        assert {issue["code"] for issue in data["issue"]} <= R4_ISSUE_TYPES
    return data


def outcome(response, status: int) -> dict:
    data = fhir_json(response, status)
    assert data["resourceType"] == "OperationOutcome"
    assert data["issue"][0]["severity"] == "error"
    return data


def search(kind: str, patient_id: int, **params) -> str:
    query = "&".join(f"{k}={v}" for k, v in {"patient": patient_id, **params}.items())
    return f"/fhir/{kind}?{query}"


def walk(url: str, secret: str) -> tuple[list[dict], list[dict]]:
    """Follow `next` links to the end: (the pages, every entry in order)."""
    pages, entries = [], []
    while url:
        page = fhir_json(get(url, secret))
        assert page["type"] == "searchset"
        pages.append(page)
        entries.extend(page["entry"])
        url = next((link["url"] for link in page["link"] if link["relation"] == "next"), None)
        assert len(pages) < 50
    return pages, entries


# --- The CapabilityStatement and the Questionnaire ------------------------------------------------


def test_metadata_is_public_and_names_what_is_offered(world):
    data = fhir_json(Client().get("/fhir/metadata"))
    assert data["resourceType"] == "CapabilityStatement"
    assert data["fhirVersion"] == "4.0.1"
    assert "application/fhir+json" in data["format"]
    resources = {r["type"]: r for r in data["rest"][0]["resource"]}
    assert set(resources) == {"Questionnaire", "QuestionnaireResponse", "Observation"}
    assert [i["code"] for i in resources["Questionnaire"]["interaction"]] == ["read"]
    for kind in ("QuestionnaireResponse", "Observation"):
        assert [i["code"] for i in resources[kind]["interaction"]] == ["search-type"]
        assert [p["name"] for p in resources[kind]["searchParam"]] == ["patient"]
    assert data["implementation"]["url"] == "http://testserver/fhir/"


def test_a_questionnaire_is_read_by_its_key(world):
    data = fhir_json(get("/fhir/Questionnaire/phq9", token(world.other_client, "recovery:read")))
    assert data["resourceType"] == "Questionnaire"
    assert data["id"] == "phq9"
    assert data["url"] == "urn:tandem:instrument:phq9"
    assert len([i for i in data["item"] if i["type"] == "choice" and i["required"]]) == 9  # and the unscored one


def test_a_questionnaire_read_answers_304_when_unchanged(world):
    secret = token(world.owner, "questionnaires:read")
    first = get("/fhir/Questionnaire/gad7", secret)
    assert first.status_code == 200
    again = get("/fhir/Questionnaire/gad7", secret, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_a_practice_pack_is_read_only_by_its_practice_and_its_id_is_fhir_safe(world):
    data = json.loads((definitions.INSTRUMENT_DIR / "gad7.json").read_text())
    data["id"] = "harbour_gad"
    InstrumentDefinition.objects.create(
        ref="practice-test",
        key=data["id"],
        version=data["version"],
        sha256="0" * 64,
        source="pack",
        definition=data,
        practice=world.practice_a,
    )
    read = fhir_json(get("/fhir/Questionnaire/harbour-gad", token(world.therapist, "shared:read")))
    assert read["id"] == "harbour-gad"
    assert read["url"] == "urn:tandem:instrument:harbour_gad"
    # Robin's therapist is of practice A, so Robin may read it; practice B's therapist may not
    fhir_json(get("/fhir/Questionnaire/harbour-gad", token(world.owner, "questionnaires:read")))
    outcome(get("/fhir/Questionnaire/harbour_gad", token(world.owner, "questionnaires:read")), 404)  # not an id
    outcome(get("/fhir/Questionnaire/harbour-gad", token(world.other_therapist, "shared:read")), 404)


def test_an_unknown_questionnaire_is_a_404_outcome(world):
    data = outcome(get("/fhir/Questionnaire/nope", token(world.owner, "questionnaires:read")), 404)
    assert data["issue"][0]["code"] == "not-found"


def test_signed_out_callers_get_a_401_outcome(world):
    response = Client().get("/fhir/Questionnaire/phq9")
    outcome(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")
    outcome(Client().get(search("Observation", world.owner.pk)), 401)


@pytest.mark.parametrize("kind", ["wrong", "expired", "revoked"])
def test_a_wrong_expired_or_revoked_token_gets_401(world, kind):
    complete(world.owner, "phq9", 1)
    secret = token(world.owner, "questionnaires:read")
    if kind == "wrong":
        secret = secret[:-4] + "abcd"
    elif kind == "expired":
        ApiToken.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    else:
        ApiToken.objects.update(revoked_at=timezone.now())
    outcome(get(search("QuestionnaireResponse", world.owner.pk), secret), 401)
    # a signed-in session does not rescue a bad token
    outcome(get(search("QuestionnaireResponse", world.owner.pk), secret, world.client_for("owner")), 401)


# --- Searches: paging ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["QuestionnaireResponse", "Observation"])
def test_paging_follows_next_to_the_end_with_no_gaps_or_repeats(world, kind):
    made = [complete(world.owner, key, 1) for key in ("phq9", "gad7", "pcl5") * 3]
    # two results at the same moment: the cursor still orders them (by id)
    same = made[3].completed_at
    Response.objects.filter(pk__in=[made[4].pk, made[5].pk]).update(completed_at=same)
    complete(world.other_client, "phq9", 2)  # someone else's never shows
    secret = token(world.owner, "questionnaires:read")
    pages, entries = walk(search(kind, world.owner.pk, _count=2), secret)
    assert len(pages) == 5
    assert [len(p["entry"]) for p in pages] == [2, 2, 2, 2, 1]
    assert {p["total"] for p in pages} == {9}
    prefix = "qr" if kind == "QuestionnaireResponse" else "score"
    ids = [e["resource"]["id"] for e in entries]
    assert len(ids) == len(set(ids))
    assert set(ids) == {f"{prefix}-{r.pk}" for r in made}
    assert all(e["fullUrl"] == f"http://testserver/fhir/{kind}/{e['resource']['id']}" for e in entries)
    assert all(e["resource"]["subject"]["reference"] == f"Patient/{world.owner.pk}" for e in entries)
    times = [e["resource"].get("authored") or e["resource"].get("effectiveDateTime") for e in entries]
    assert times == sorted(times, reverse=True)


def test_a_result_written_while_paging_neither_shifts_nor_repeats_a_page(world):
    made = [complete(world.owner, "phq9", 1) for _ in range(4)]
    secret = token(world.owner, "questionnaires:read")
    first = fhir_json(get(search("QuestionnaireResponse", world.owner.pk, _count=2), secret))
    complete(world.owner, "gad7", 1)  # newer than everything: belongs before the first page
    (following,) = [link["url"] for link in first["link"] if link["relation"] == "next"]
    _pages, rest = walk(following, secret)
    ids = [e["resource"]["id"] for e in first["entry"] + rest]
    assert ids == [f"qr-{r.pk}" for r in reversed(made)]


def test_observations_carry_loinc_codes_only_where_the_instrument_has_one(world):
    for key in ("phq9", "gad7", "pcl5"):
        complete(world.owner, key, 1)
    _pages, entries = walk(search("Observation", world.owner.pk), token(world.owner, "questionnaires:read"))
    loinc = {}
    for entry in entries:
        score = entry["resource"]
        assert score["category"][0]["coding"][0]["code"] == "survey"
        assert score["derivedFrom"][0]["reference"].startswith("QuestionnaireResponse/qr-")
        codes = [c["code"] for c in score["code"]["coding"] if c["system"] == "http://loinc.org"]
        loinc[score["code"]["text"]] = codes
    assert loinc == {"PHQ-9 total score": ["44261-6"], "GAD-7 total score": ["70274-6"], "PCL-5 total score": []}


def test_a_search_answers_304_until_a_new_result_arrives(world):
    complete(world.owner, "phq9", 1)
    secret = token(world.owner, "questionnaires:read")
    url = search("QuestionnaireResponse", world.owner.pk)
    first = get(url, secret)
    assert get(url, secret, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    complete(world.owner, "gad7", 1)
    assert fhir_json(get(url, secret, HTTP_IF_NONE_MATCH=first["ETag"]))["total"] == 2


def test_the_note_stays_in_tandem(world):
    complete(world.owner, "phq9", 1, note="words only for me")
    secret = token(world.owner, "questionnaires:read")
    for kind in ("QuestionnaireResponse", "Observation"):
        assert b"words only for me" not in get(search(kind, world.owner.pk), secret).content


# --- Searches: who may read -----------------------------------------------------------------------


def reads_by(viewer) -> int:
    return AccessLogEntry.objects.filter(viewer=viewer, scope="assessments").count()


def test_the_therapist_reads_while_shared_each_read_logged_and_a_revoke_holds_next_request(world):
    for _ in range(3):
        complete(world.owner, "phq9", 1)
    secret = token(world.therapist, "shared:read")
    url = search("Observation", world.owner.pk, _count=2)
    first = fhir_json(get(url, secret))
    assert len(first["entry"]) == 2
    assert reads_by(world.therapist) == 1
    entry = AccessLogEntry.objects.get(viewer=world.therapist)
    assert (entry.owner, entry.link_role, entry.object_kind) == (
        world.owner,
        "therapist",
        "questionnaire scores (FHIR)",
    )
    fhir_json(get(search("QuestionnaireResponse", world.owner.pk), secret))
    assert reads_by(world.therapist) == 2
    (following,) = [link["url"] for link in first["link"] if link["relation"] == "next"]
    world.revoke_all()
    outcome(get(following, secret), 404)
    outcome(get(url, secret), 404)
    assert reads_by(world.therapist) == 2


def test_the_therapist_reads_through_the_session_too(world):
    complete(world.owner, "gad7", 1)
    data = fhir_json(world.client_for("therapist").get(search("QuestionnaireResponse", world.owner.pk)))
    assert data["total"] == 1
    assert reads_by(world.therapist) == 1


def test_without_a_therapist_link_or_the_share_it_is_404_like_a_missing_id(world):
    complete(world.owner, "phq9", 1)
    complete(world.other_client, "phq9", 1)
    sharing.grant(world.links["partner"], "assessments", by=world.owner)  # shared, but no therapist link
    missing = outcome(get(search("Observation", 999999), token(world.therapist, "shared:read")), 404)
    for persona in ("partner", "sponsor", "other_client", "other_therapist", "practice_admin", "site_admin"):
        viewer = world.persona(persona)
        secret = token(viewer, "shared:read", "questionnaires:read")
        for kind in ("QuestionnaireResponse", "Observation"):
            assert outcome(get(search(kind, world.owner.pk), secret), 404) == missing
        assert reads_by(viewer) == 0
    # the therapist of Robin is not Jordan's
    outcome(get(search("Observation", world.other_client.pk), token(world.therapist, "shared:read")), 404)


def test_reading_another_person_needs_shared_read_and_ones_own_questionnaires_read(world):
    complete(world.owner, "phq9", 1)
    outcome(get(search("Observation", world.owner.pk), token(world.therapist, "questionnaires:read")), 403)
    # the scope is checked before the gate: nothing said about whether the person exists
    outcome(get(search("Observation", 999999), token(world.therapist, "questionnaires:read")), 403)
    outcome(get(search("Observation", world.owner.pk), token(world.owner, "shared:read")), 403)
    data = fhir_json(get(search("Observation", f"Patient/{world.owner.pk}"), token(world.owner, "questionnaires:read")))
    assert data["total"] == 1
    assert reads_by(world.therapist) == 0


# --- Bad requests -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "",
        "patient={owner}&code=44261-6",
        "patient={owner}&_sort=date",
        "patient={owner}&patient={owner}",
        "patient={owner},{owner}",
        "patient=Group/{owner}",
        "patient=robin",
        "patient={owner}&_count=0",
        "patient={owner}&_count=ten",
        "patient={owner}&cursor=not-a-cursor",
    ],
)
def test_unknown_or_malformed_search_parameters_are_400(world, query):
    url = "/fhir/Observation?" + query.format(owner=world.owner.pk)
    data = outcome(get(url, token(world.owner, "questionnaires:read")), 400)
    assert data["issue"][0]["diagnostics"]


def test_a_large_count_is_capped(world):
    complete(world.owner, "phq9", 1)
    data = fhir_json(
        get(search("Observation", world.owner.pk, _count=100000), token(world.owner, "questionnaires:read"))
    )
    assert data["total"] == 1


@override_settings(TANDEM_API_RATE_PER_MINUTE=2)
def test_past_the_rate_limit_a_token_gets_429(world):
    cache.clear()
    secret = token(world.owner, "questionnaires:read")
    url = search("Observation", world.owner.pk)
    for _ in range(2):
        fhir_json(get(url, secret))
    response = get(url, secret)
    outcome(response, 429)
    assert int(response["Retry-After"]) >= 1
    cache.clear()


def test_other_answers_are_outcomes_never_html(world):
    secret = token(world.owner, "questionnaires:read")
    outcome(get(f"/fhir/Patient/{world.owner.pk}", secret), 404)
    outcome(get("/fhir/", secret), 404)
    outcome(Client().get("/fhir/Questionnaire/phq9/extra"), 404)
    outcome(get("/fhir/Questionnaire/phq9?_format=xml", secret), 406)
    fhir_json(get("/fhir/Questionnaire/phq9?_format=json", secret))
    response = world.client_for("owner").post(search("Observation", world.owner.pk))
    outcome(response, 405)
    assert response["Allow"] == "GET, HEAD"
