"""The questionnaire resources of /api/v1/: what is due, an instrument, sending answers, results.

Answers sent here go through the page's engine: the same score, the same safety rules and the
same alert to the therapist the person agreed may be told, or a JSON refusal with nothing stored."""

import datetime
import json
import uuid

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from tandem.api.models import ApiToken
from tandem.assessments.models import Assignment, Response, SafetyAlert
from tandem.assessments.tests.helpers import answers_for, complete
from tandem.assessments.tests.test_taking import form_data

pytestmark = pytest.mark.django_db

READ, WRITE = "questionnaires:read", "questionnaires:write"
RESULTS = "/api/v1/questionnaires/results/"


def token(person, *scopes, expires_in=datetime.timedelta(days=30)) -> str:
    _token, secret = ApiToken.issue(person, name="test", scopes=scopes, expires_at=timezone.now() + expires_in)
    return secret


def call(method: str, url: str, secret: str | None = None, body=None, *, raw: str | None = None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"} if secret else {}
    if body is not None or raw is not None:
        data = raw if raw is not None else json.dumps(body)
        return getattr(Client(), method)(url, data=data, content_type="application/json", **headers)
    return getattr(Client(), method)(url, **headers)


def answer(response, status: int):
    assert response.status_code == status, response.content[:400]
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def problems(response) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for problem in answer(response, 422)["detail"]:
        found.setdefault(problem["loc"][-1], []).append(problem["msg"])
    return found


def phq9(values, **more) -> dict:
    return {"instrument": "phq9", "answers": answers_for("phq9", values), **more}


def consent(world, agreed=True):
    link = world.links["therapist"]
    link.safety_alerts = agreed
    link.save(update_fields=["safety_alerts"])


# --- Who may call -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("get", "/api/v1/questionnaires/due/", None),
        ("get", "/api/v1/questionnaires/instruments/phq9/", None),
        ("get", RESULTS, None),
        ("post", RESULTS, phq9(0)),
    ],
)
def test_no_token_is_a_json_401_and_the_wrong_scope_a_json_403(world, method, url, body):
    assert "detail" in answer(call(method, url, body=body), 401)
    expired = token(world.owner, READ, WRITE, expires_in=datetime.timedelta(seconds=-1))
    answer(call(method, url, expired, body=body), 401)
    wrong = token(world.owner, "fellowship:read", "fellowship:write", READ if method == "post" else WRITE)
    assert "questionnaires:" in answer(call(method, url, wrong, body=body), 403)["detail"]
    assert not Response.objects.exists()


# --- Due, instruments, results ------------------------------------------------------------------


def test_due_lists_what_the_persons_therapist_asked(world):
    today = world.owner.local_today()
    Assignment.objects.create(owner=world.owner, assigned_by=world.therapist, instrument_key="gad7", starts_on=today)
    Assignment.objects.create(owner=world.other_client, instrument_key="pcl5", starts_on=today)
    due = answer(call("get", "/api/v1/questionnaires/due/", token(world.owner, READ)), 200)
    assert [(d["instrument"], d["is_due"], d["due_on"]) for d in due] == [("gad7", True, str(today))]


def test_an_instrument_gives_the_values_to_send_and_an_unknown_one_is_not_found(world):
    secret = token(world.owner, READ)
    phq = answer(call("get", "/api/v1/questionnaires/instruments/phq9/", secret), 200)
    assert [item["id"] for item in phq["items"]] == [str(n) for n in range(1, 10)]
    assert [o["value"] for o in phq["items"][0]["options"]] == [0, 1, 2, 3]
    answer(call("get", "/api/v1/questionnaires/instruments/phq10/", secret), 404)


def test_answers_are_scored_as_on_the_page_and_read_back(world):
    secret = token(world.owner, READ, WRITE)
    body = phq9([1, 2, 0, 0, 3, 0, 0, 1, 0], unscored={"difficulty": "somewhat-difficult"}, note="Long week")
    sent = answer(call("post", RESULTS, secret, body), 201)
    assert (sent["total"], sent["band"], sent["at_or_above_cutoff"], sent["safety"]) == (7, "Mild", False, None)
    page_client = world.client_for("other_client")
    page_client.post("/questionnaires/take/phq9/", form_data(page_client, values=[1, 2, 0, 0, 3, 0, 0, 1, 0]))
    by_page = Response.objects.get(owner=world.other_client)
    by_api = Response.objects.get(owner=world.owner)
    assert by_api.result == by_page.result
    assert by_api.answers == {**by_page.answers, "difficulty": "somewhat-difficult"}
    listed = answer(call("get", RESULTS, secret), 200)
    assert [item["id"] for item in listed["items"]] == [sent["id"]]
    one = answer(call("get", f"{RESULTS}{sent['id']}/", secret), 200)
    assert (one["note"], one["answers"]["difficulty"]) == ("Long week", "somewhat-difficult")
    answer(call("get", f"{RESULTS}{by_page.pk}/", secret), 404)  # someone else's


def test_results_page_newest_first_and_filter_by_instrument(world):
    for values in (0, 1, 2):
        complete(world.owner, "gad7", values)
    complete(world.owner, "phq9", 1)
    complete(world.other_client, "gad7", 3)
    secret = token(world.owner, READ)
    first = answer(call("get", f"{RESULTS}?instrument=gad7&size=2", secret), 200)
    assert [item["total"] for item in first["items"]] == [14, 7]
    rest = answer(call("get", first["next"], secret), 200)
    assert ([item["total"] for item in rest["items"]], rest["next"]) == ([0], None)
    assert len(answer(call("get", RESULTS, secret), 200)["items"]) == 4


def test_the_same_token_twice_stores_one_result(world):
    secret = token(world.owner, WRITE)
    body = {**phq9(1), "token": str(uuid.uuid4())}
    first = answer(call("post", RESULTS, secret, body), 201)
    assert answer(call("post", RESULTS, secret, body), 200)["id"] == first["id"]
    assert Response.objects.count() == 1


# --- Safety -------------------------------------------------------------------------------------


def test_a_safety_answer_alerts_the_agreed_therapist_as_the_page_does(world, django_capture_on_commit_callbacks):
    consent(world)
    secret = token(world.owner, WRITE)
    with django_capture_on_commit_callbacks(execute=True):
        sent = answer(call("post", RESULTS, secret, phq9([0, 0, 0, 0, 0, 0, 0, 0, 1])), 201)
    alert = SafetyAlert.objects.get()
    assert (alert.owner, alert.therapist, alert.response_id) == (world.owner, world.therapist, sent["id"])
    assert [m.to for m in mail.outbox] == [[world.therapist.email]]
    assert "http://testserver/questionnaires/alerts/" in mail.outbox[0].body
    assert sent["safety_flag"] is True
    assert sent["safety"]["therapists_alerted"] == [str(world.therapist)]
    assert "better off dead" in sent["safety"]["messages"][0]
    assert sent["safety"]["help_url"] == "/help/"
    # The therapist sees it where the page's alerts show.
    therapist = world.client_for("therapist")
    assert world.owner.display_name in therapist.get("/questionnaires/alerts/").content.decode()


def test_without_consent_a_safety_answer_alerts_no_one(world):
    consent(world, agreed=False)
    sent = answer(call("post", RESULTS, token(world.owner, WRITE), phq9([0] * 8 + [3])), 201)
    assert sent["safety"]["therapists_alerted"] == []
    assert sent["safety"]["messages"]
    assert not SafetyAlert.objects.exists()
    assert mail.outbox == []


# --- Bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"instrument": "phq10", "answers": {"1": 0}}, "instrument"),
        ({**phq9(1), "answers": {**answers_for("phq9", 1), "9": 4}}, "answers"),
        ({**phq9(1), "answers": {**answers_for("phq9", 1), "9": -1}}, "answers"),
        ({**phq9(1), "answers": {**answers_for("phq9", 1), "9": True}}, "answers"),
        ({**phq9(1), "answers": {**answers_for("phq9", 1), "9": 1.5}}, "answers"),
        ({**phq9(1), "answers": {**answers_for("phq9", 1), "10": 1}}, "answers"),
        ({**phq9(1), "answers": {"1": 1}}, "answers"),
        ({**phq9(1), "unscored": {"difficulty": "unbearable"}}, "unscored"),
        ({**phq9(1), "note": "x" * 2001}, "note"),
        ({**phq9(1), "note": "a\x00b"}, "note"),
        ({**phq9(1), "version": "1"}, "version"),
        ({**phq9(1), "mood": "fine"}, "mood"),
        ({"answers": answers_for("phq9", 1)}, "instrument"),
    ],
)
def test_bad_answers_are_refused_with_json_and_nothing_is_stored(world, body, field):
    consent(world)
    assert field in problems(call("post", RESULTS, token(world.owner, WRITE), body))
    assert not Response.objects.exists()
    assert not SafetyAlert.objects.exists()


def test_malformed_json_is_refused(world):
    secret = token(world.owner, WRITE)
    answer(call("post", RESULTS, secret, raw='{"instrument": "phq9", "answers": {'), 400)
    assert not Response.objects.exists()
