"""Results through the gate: panel, therapist page, other people's ids, export, markers, encryption."""

import pytest
from django.db import connection

from tandem.assessments.models import Response
from tandem.sharing import gate, panels
from tandem.sharing.export import export_for
from tandem.sharing.models import AccessLogEntry
from tests.support import markers

from .helpers import complete


def test_the_panel_shows_results_and_charts_to_the_therapist_and_is_logged(world):
    complete(world.owner, "phq9", [3, 3, 3, 3, 0, 0, 0, 0, 0])
    complete(world.owner, "pcl5", [2] * 20)
    page = world.client_for("therapist").get(f"/shared/{world.owner.pk}/").content.decode()
    assert "PHQ-9" in page
    assert "PCL-5" in page
    assert page.count("panel-chart-") >= 2
    assert "at or above cut-off" in page
    assert "A measure of symptoms, not a diagnosis." in page
    assert f"/questionnaires/clients/{world.owner.pk}/" in page
    assert AccessLogEntry.objects.filter(owner=world.owner, viewer=world.therapist, scope="assessments").exists()


def test_the_panel_is_registered_and_not_shown_without_a_grant(world):
    assert panels.for_scope("assessments").template == "assessments/_panel.html"
    complete(world.owner, "phq9", [3, 3, 3, 3, 0, 0, 0, 0, 0])
    for persona in ("partner", "sponsor"):
        page = world.client_for(persona).get(f"/shared/{world.owner.pk}/").content.decode()
        assert "PHQ-9" not in page


def test_the_therapist_client_page_shows_clinician_rules_notes_and_the_assign_form(world):
    complete(world.owner, "pcl5", [2] * 20, note="After the disclosure")
    page = world.client_for("therapist").get(f"/questionnaires/clients/{world.owner.pk}/").content.decode()
    assert "DSM-5 symptom-cluster pattern" in page
    assert "Provisional" in page
    assert "After the disclosure" in page
    assert "Ask Robin to take a questionnaire" in page
    assert AccessLogEntry.objects.filter(object_kind="questionnaire result", viewer=world.therapist).exists()


@pytest.mark.parametrize("persona", ["therapist", "other_therapist"])
def test_other_peoples_object_ids_are_404(world, persona):
    mine = complete(world.owner, "phq9", 1)
    theirs = complete(world.other_client, "phq9", 1)
    client = world.client_for(persona)
    assert client.get(f"/questionnaires/results/{mine.pk}/").status_code == 404
    assert client.get(f"/questionnaires/clients/{world.other_client.pk}/").status_code == 404
    assert client.get(f"/questionnaires/people/{world.other_client.pk}/fhir/").status_code == 404
    assert client.get("/questionnaires/clients/999999/").status_code == 404
    other = world.client_for("other_client")
    assert other.get(f"/questionnaires/results/{mine.pk}/").status_code == 404
    assert other.get(f"/questionnaires/results/{theirs.pk}/").status_code == 200


def test_a_revoke_holds_on_the_next_request(world):
    complete(world.owner, "phq9", 1)
    client = world.client_for("therapist")
    assert client.get(f"/questionnaires/clients/{world.owner.pk}/").status_code == 200
    world.revoke_all()
    assert client.get(f"/questionnaires/clients/{world.owner.pk}/").status_code == 404


def test_the_therapist_list_uses_the_gate(world):
    page = world.client_for("therapist").get("/questionnaires/").content.decode()
    assert f"/questionnaires/clients/{world.owner.pk}/" in page
    assert list(gate.owners_sharing(world.therapist, "assessments")) == [world.owner]


def test_export_holds_the_owners_answers_decrypted_and_nothing_of_others(world):
    complete(world.owner, "phq9", 1, note="my own words")
    complete(world.other_client, "phq9", 2, note="someone else's words")
    archive = export_for(world.owner)
    rows = archive["data"]["assessments.response"]
    assert len(rows) == 1
    assert rows[0]["note"] == "my own words"
    assert rows[0]["answers"]["1"] == 1
    assert "token" not in rows[0]
    assert "assessments.assignment" in archive["data"]
    assert "assessments.safetyalert" in archive["data"]
    assert "someone else" not in str(archive)


def test_the_marker_seeder_puts_the_marker_in_encrypted_free_text(world):
    seeders = [fn for scope, fn in markers.seeders() if scope == "assessments"]
    assert seeders
    seeders[0](world.owner, "MARKER-7f3a")
    response = Response.objects.get(owner=world.owner)
    assert "MARKER-7f3a" in response.note
    with connection.cursor() as cursor:
        cursor.execute("SELECT note, answers, result FROM assessments_response WHERE id = %s", [response.pk])
        raw = cursor.fetchone()
    assert all(value.startswith("enc1:") for value in raw)
    assert "MARKER-7f3a" not in " ".join(raw)
    page = world.client_for("therapist").get(f"/questionnaires/clients/{world.owner.pk}/").content.decode()
    assert "MARKER-7f3a" in page  # the therapist holds the assessments grant
    assert "MARKER-7f3a" not in world.client_for("partner").get(f"/shared/{world.owner.pk}/").content.decode()
