"""Reliable change for the PHQ-9 and GAD-7 from a cited source; the PCL-5's optional "which experience" note."""

import re
import uuid

import pytest
from django.db import connection

from tandem.assessments import definitions, fhir, services
from tandem.assessments.api import assessment_flags_for
from tandem.assessments.models import Response

from .helpers import answers_for, complete, tiny_definition

pytestmark = pytest.mark.django_db


# --- Reliable change -----------------------------------------------------------------------------


def test_phq9_and_gad7_reliable_change_carries_its_published_source():
    phq9 = definitions.builtin("phq9").reliable_change
    assert (phq9["points"], phq9["provisional"]) == (5, True)
    for part in ("Löwe B", "Kroenke K", "Medical Care", "2004", "doi:10.1097/00005650-200412000-00006"):
        assert part in phq9["source"], part
    assert "5 points" in phq9["note"]
    assert "two standard errors of measurement" in phq9["note"]

    gad7 = definitions.builtin("gad7").reliable_change
    assert (gad7["points"], gad7["provisional"]) == (6, False)
    for part in ("Bischoff T", "Tambling R", "Psychology, Community & Health", "2020", "doi:10.5964/pch.v8i1.309"):
        assert part in gad7["source"], part
    assert "5.59" in gad7["note"]
    assert "6" in gad7["note"]


def test_a_reliable_worsening_on_the_gad7_and_phq9_is_flagged_for_the_therapist(world):
    complete(world.owner, "gad7", 0)  # 0
    complete(world.owner, "gad7", 1)  # 7: worse by 7
    complete(world.owner, "phq9", 0)  # 0
    complete(world.owner, "phq9", [1, 1, 1, 1, 1, 0, 0, 0, 0])  # 5: worse by 5, no safety answer
    assert sorted(assessment_flags_for([world.owner])[world.owner.pk]) == [
        "GAD-7: worse by 7 since last time (reliable change 6)",
        "PHQ-9: worse by 5 since last time (reliable change 5, provisional)",
    ]


def test_a_gad7_change_below_six_points_is_not_flagged(world):
    complete(world.owner, "gad7", 0)
    complete(world.owner, "gad7", [1, 1, 1, 1, 1, 0, 0])  # 5 < 6
    assert assessment_flags_for([world.owner])[world.owner.pk] == []


def test_the_result_page_marks_the_change_and_names_the_source(world):
    complete(world.owner, "gad7", 0)
    latest = complete(world.owner, "gad7", 1)
    page = world.client_for("owner").get(f"/questionnaires/results/{latest.pk}/").content.decode()
    assert "That is a change of 6 points or more" in page
    assert "Establishment of a reliable change index for the GAD-7" in page


# --- The PCL-5's "which experience are you thinking of" ------------------------------------------


def _pcl5_form(client, values=1, **extra):
    page = client.get("/questionnaires/take/pcl5/").content.decode()
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    version = re.search(r'name="version" value="([^"]+)"', page).group(1)
    data = {"instrument": "pcl5", "version": version, "token": token, "action": "submit"}
    data.update({f"item_{k}": str(v) for k, v in answers_for("pcl5", values).items()})
    data.update(extra)
    return page, data


def test_the_pcl5_asks_which_experience_optionally_and_says_it_is_not_scored(world):
    page, _data = _pcl5_form(world.client_for("partner"))
    assert "Which experience are you thinking of as you answer?" in page
    assert 'name="extra_experience"' in page
    assert "never scored" in page
    assert "not part of the PCL-5" in page
    assert "Which experience" not in world.client_for("owner").get("/questionnaires/take/phq9/").content.decode()


def test_the_experience_is_kept_encrypted_with_the_answers_and_never_changes_the_score(world):
    client = world.client_for("partner")
    _page, data = _pcl5_form(client, extra_experience="  The night I found the messages  ")
    response = client.post("/questionnaires/take/pcl5/", data)
    assert response.status_code == 302
    stored = Response.objects.get(owner=world.partner)
    assert stored.answers["experience"] == "The night I found the messages"
    assert stored.total == 20
    assert services.rescore(stored).total == 20
    with connection.cursor() as cursor:
        cursor.execute("SELECT answers FROM assessments_response WHERE id = %s", [stored.pk])
        assert "found the messages" not in cursor.fetchone()[0]
    result = client.get(response["Location"]).content.decode()
    assert "Which experience are you thinking of as you answer?" in result
    assert "The night I found the messages" in result


def test_leaving_the_experience_out_is_fine_and_too_long_is_refused(world):
    client = world.client_for("partner")
    _page, data = _pcl5_form(client)
    assert client.post("/questionnaires/take/pcl5/", data).status_code == 302
    assert "experience" not in Response.objects.get(owner=world.partner).answers
    _page, data = _pcl5_form(world.client_for("owner"), extra_experience="x" * 301)
    response = world.client_for("owner").post("/questionnaires/take/pcl5/", data)
    assert response.status_code == 400
    assert not Response.objects.filter(owner=world.owner).exists()


def test_a_draft_keeps_the_experience(world):
    client = world.client_for("partner")
    _page, data = _pcl5_form(client, action="save", extra_experience="Finding out")
    data = {k: v for k, v in data.items() if not k.startswith("item_")}
    data["item_1"] = "2"
    assert client.post("/questionnaires/take/pcl5/", data).status_code == 302
    page = client.get("/questionnaires/take/pcl5/").content.decode()
    assert "Finding out</textarea>" in page


def test_the_experience_stays_out_of_the_fhir_export(world):
    instrument = definitions.builtin("pcl5")
    answers = answers_for("pcl5", 1)
    stored = services.complete(world.partner, instrument, uuid.uuid4(), answers, {"experience": "A private place"})
    assert stored.answers["experience"] == "A private place"
    link_ids = [i["linkId"] for i in fhir.questionnaire(instrument)["item"]]
    assert "experience" not in link_ids
    exported = fhir.questionnaire_response(stored, "urn:uuid:patient")
    assert "A private place" not in str(exported)
    assert "experience" not in [i["linkId"] for i in exported["item"]]


def test_text_items_are_checked_like_any_other_definition():
    text_item = {"id": "context", "kind": "text", "text": "Which one?", "max_length": 100}
    assert definitions.problems(tiny_definition(unscored_items=[text_item])) == []
    with_options = dict(text_item, options=[{"code": "a", "label": "A"}, {"code": "b", "label": "B"}])
    no_length = {k: v for k, v in text_item.items() if k != "max_length"}
    no_options = {"id": "context", "text": "Which one?"}
    found = "\n".join(definitions.problems(tiny_definition(unscored_items=[with_options])))
    assert "a text item has no options" in found
    found = "\n".join(definitions.problems(tiny_definition(unscored_items=[no_length])))
    assert "a text item needs a max_length" in found
    found = "\n".join(definitions.problems(tiny_definition(unscored_items=[no_options])))
    assert "a choice item needs options" in found
