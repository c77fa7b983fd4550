"""The functions the JSON API calls (tandem.assessments.api): the page's engine, safety rules and
alerts, the page's refusals, and only the person's own results."""

import datetime
import uuid

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.http import Http404

from tandem.assessments import api
from tandem.assessments.models import Assignment, Response, SafetyAlert
from tandem.sharing.models import AuditEvent

from .helpers import answers_for, complete

pytestmark = pytest.mark.django_db


def consent(world, agreed=True):
    link = world.links["therapist"]
    link.safety_alerts = agreed
    link.save(update_fields=["safety_alerts"])


def test_a_complete_answer_set_is_scored_by_the_engine_and_stored(world):
    answers = answers_for("phq9", [1, 2, 0, 0, 3, 0, 0, 1, 0])
    response, created = api.submit_answers(
        world.owner, "phq9", answers, unscored={"difficulty": "somewhat-difficult"}, note="Long week"
    )
    assert created
    stored = Response.objects.get(pk=response.pk)
    assert stored.total == 7
    assert stored.result["band_label"] == "Mild"
    assert stored.answers == {**answers, "difficulty": "somewhat-difficult"}
    assert stored.note == "Long week"
    data = api.result_data(stored, safety_detail=True)
    assert data["total"] == 7
    assert data["band"] == "Mild"
    assert data["cutoff"] == 10
    assert data["at_or_above_cutoff"] is False
    assert data["safety"] is None
    assert AuditEvent.objects.filter(action="assessments.completed", actor=world.owner).exists()


def test_a_safety_answer_alerts_the_therapist_the_person_agreed_to(world, django_capture_on_commit_callbacks):
    consent(world)
    with django_capture_on_commit_callbacks(execute=True):
        response, _ = api.submit_answers(world.owner, "phq9", answers_for("phq9", [0] * 8 + [1]))
    alert = SafetyAlert.objects.get()
    assert alert.therapist == world.therapist
    assert alert.response == response
    assert [m.to for m in mail.outbox] == [[world.therapist.email]]
    safety = api.result_data(response, safety_detail=True)["safety"]
    assert safety["therapists_alerted"] == [str(world.therapist)]
    assert "better off dead" in safety["messages"][0]
    assert safety["help_url"] == "/help/"


def test_without_consent_a_safety_answer_alerts_no_one(world):
    consent(world, agreed=False)
    response, _ = api.submit_answers(world.owner, "phq9", answers_for("phq9", [0] * 8 + [2]))
    assert response.safety_flag
    assert SafetyAlert.objects.count() == 0
    assert api.result_data(response, safety_detail=True)["safety"]["therapists_alerted"] == []


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"4": None}, "answers", "unanswered: 4"),
        ({"2": 4}, "answers", "Item 2: 4 is not one of its answers"),
        ({"2": True}, "answers", "Item 2: True"),
        ({"2": "1.0"}, "answers", "Item 2: '1.0'"),
        ({"10": 1}, "answers", "Not items of the PHQ-9: 10"),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_stored(world, change, field, words):
    answers = {**answers_for("phq9", 1), **change}
    answers = {key: value for key, value in answers.items() if value is not None}
    with pytest.raises(ValidationError) as refused:
        api.submit_answers(world.owner, "phq9", answers)
    assert words in " ".join(refused.value.message_dict[field])
    assert Response.objects.count() == 0


def test_bad_unscored_answers_a_long_note_and_a_stale_version_are_refused(world):
    answers = answers_for("phq9", 1)
    for kwargs, field in [
        ({"unscored": {"difficulty": "unbearable"}}, "unscored"),
        ({"unscored": {"mood": "x"}}, "unscored"),
        ({"note": "x" * 2001}, "note"),
        ({"note": "a\x00b"}, "note"),
        ({"version": "1"}, "version"),
    ]:
        with pytest.raises(ValidationError) as refused:
            api.submit_answers(world.owner, "phq9", answers, **kwargs)
        assert field in refused.value.message_dict
    assert Response.objects.count() == 0


def test_an_unknown_instrument_is_refused_or_not_found(world):
    with pytest.raises(ValidationError) as refused:
        api.submit_answers(world.owner, "nope", {})
    assert refused.value.message_dict["instrument"] == ["There is no questionnaire 'nope' to take here."]
    with pytest.raises(Http404):
        api.instrument_data(world.owner, "nope")


def test_a_disabled_instrument_is_not_offered(world, settings):
    settings.TANDEM_DISABLED_INSTRUMENTS = ["gad7"]
    with pytest.raises(ValidationError) as refused:
        api.submit_answers(world.owner, "gad7", answers_for("gad7", 1))
    assert "isn't offered here any more" in refused.value.message_dict["instrument"][0]
    assert api.instrument_data(world.owner, "gad7")["offered"] is False


def test_the_same_token_twice_stores_one_result(world):
    token = uuid.uuid4()
    first, created = api.submit_answers(world.owner, "gad7", answers_for("gad7", 1), token=token)
    again, created_again = api.submit_answers(world.owner, "gad7", answers_for("gad7", 2), token=token)
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert Response.objects.count() == 1
    with pytest.raises(ValidationError):  # someone else's token is never theirs to complete
        api.submit_answers(world.other_client, "gad7", answers_for("gad7", 1), token=token)


def test_results_are_the_persons_own(world):
    mine = complete(world.owner, "gad7", 1)
    theirs = complete(world.other_client, "gad7", 3)
    assert list(api.own_results(world.owner)) == [mine]
    assert api.own_result(world.owner, mine.pk) == mine
    with pytest.raises(Http404):
        api.own_result(world.owner, theirs.pk)
    assert api.result_data(mine)["answers"] == answers_for("gad7", 1)
    assert "safety" not in api.result_data(mine)


def test_due_questionnaires_are_the_pages_asked_of_you(world):
    today = world.owner.local_today()
    Assignment.objects.create(owner=world.owner, assigned_by=world.therapist, instrument_key="gad7", starts_on=today)
    Assignment.objects.create(
        owner=world.owner,
        assigned_by=world.therapist,
        instrument_key="phq9",
        every_days=7,
        starts_on=today + datetime.timedelta(days=3),
    )
    Assignment.objects.create(owner=world.owner, instrument_key="withdrawn-pack", starts_on=today)
    Assignment.objects.create(owner=world.other_client, instrument_key="pcl5", starts_on=today)
    due = api.due_questionnaires(world.owner)
    assert [(d["instrument"], d["is_due"], d["schedule"]) for d in due] == [
        ("gad7", True, "Once"),
        ("phq9", False, "Every week"),
    ]


def test_an_instrument_is_described_with_the_values_to_send(world):
    data = api.instrument_data(world.owner, "phq9")
    assert data["version"] == "2"
    assert [item["id"] for item in data["items"]] == [str(n) for n in range(1, 10)]
    assert data["items"][0]["options"][0] == {"value": 0, "label": "Not at all"}
    assert data["unscored_items"][0]["id"] == "difficulty"
