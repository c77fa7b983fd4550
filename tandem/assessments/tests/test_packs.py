"""A practice admin adds an instrument the practice holds rights to; bad files are refused with every problem."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile

from tandem.assessments import services
from tandem.assessments.models import InstrumentDefinition
from tandem.sharing.models import AuditEvent

from .helpers import tiny_definition
from .test_taking import form_data


def upload(world, data, persona="practice_admin", rights=True):
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    payload = {"file": SimpleUploadedFile("pack.json", raw, content_type="application/json")}
    if rights:
        payload["rights"] = "on"
    return world.client_for(persona).post("/questionnaires/packs/", payload)


def test_a_valid_pack_is_added_and_offered_to_the_practices_clients(world):
    response = upload(world, tiny_definition())
    assert response.status_code == 302
    row = InstrumentDefinition.objects.get(source="pack")
    assert (row.key, row.practice, row.uploaded_by) == ("tiny", world.practice_a, world.practice_admin)
    assert AuditEvent.objects.filter(action="assessments.pack_uploaded").exists()
    # Robin's therapist is in practice A: Robin may take it and the therapist may assign it
    assert "tiny" in services.instruments_for(world.owner)
    assert "tiny" in services.instruments_to_assign(world.therapist, world.owner)
    assert "tiny" not in services.instruments_for(world.other_client)
    assert "tiny" not in services.instruments_to_assign(world.other_therapist, world.other_client)
    assert world.client_for("other_client").get("/questionnaires/take/tiny/").status_code == 404


def test_a_restricted_pack_shows_its_licence_and_attribution_where_it_is_shown(world):
    upload(world, tiny_definition())
    client = world.client_for("owner")
    take = client.get("/questionnaires/take/tiny/").content.decode()
    assert "Test licence." in take
    assert "Test authors." in take
    assert "licensed" in take
    assert (
        "Test licence." in client.get("/questionnaires/").content.decode()
        or "Test authors." in client.get("/questionnaires/").content.decode()
    )
    response = client.post(
        "/questionnaires/take/tiny/", form_data(client, "tiny", values=None, item_a="3", item_b="1", item_c="1")
    )
    result = client.get(response["Location"]).content.decode()
    assert "Test licence." in result
    assert "Test authors." in result


def test_a_bad_file_is_refused_with_every_problem_listed(world):
    bad = tiny_definition(id="Bad Id")
    del bad["citation"]
    bad["licence"]["restricted"] = False
    bad["items"][0]["text"] = ""
    response = upload(world, bad)
    assert response.status_code == 400
    page = response.content.decode()
    assert "That file wasn" in page
    for fragment in ["citation", "Bad Id", "items/0/text", "licence/restricted"]:
        assert fragment in page, fragment
    assert InstrumentDefinition.objects.count() == 0


def test_consistency_problems_are_listed_too(world):
    bad = tiny_definition()
    bad["bands"][1]["min"] = 7
    bad["safety_rules"][0]["item"] = "zz"
    page = upload(world, bad).content.decode()
    assert "no band covers 6–6" in page
    assert "item &#x27;zz&#x27; does not exist" in page


def test_not_json_not_utf8_and_no_rights_are_refused(world):
    assert "not valid JSON" in upload(world, b"{oops").content.decode()
    assert "UTF-8" in upload(world, b"\xff\xfe{}").content.decode()
    assert "holds the rights" in upload(world, tiny_definition(), rights=False).content.decode()
    assert "one JSON object" in upload(world, b"[1, 2]").content.decode()
    assert InstrumentDefinition.objects.count() == 0


def test_a_shipped_id_or_a_changed_definition_under_the_same_version_is_refused(world):
    data = json.loads(json.dumps(tiny_definition(id="phq9")))
    assert "ships" in upload(world, data).content.decode()
    assert upload(world, tiny_definition()).status_code == 302
    changed = tiny_definition(name="Tiny test scale, changed")
    assert "raise the version" in upload(world, changed).content.decode()
    assert upload(world, tiny_definition(version="2", name="Tiny test scale, changed")).status_code == 302
    assert services.instruments_for(world.owner)["tiny"].version == "2"


def test_only_practice_admins_upload_and_withdraw(world):
    assert upload(world, tiny_definition(), persona="therapist").status_code == 403
    assert upload(world, tiny_definition(), persona="owner").status_code == 403
    upload(world, tiny_definition())
    row = InstrumentDefinition.objects.get()
    assert world.client_for("therapist").post(f"/questionnaires/packs/{row.pk}/withdraw/").status_code == 403
    assert world.client_for("practice_admin").post(f"/questionnaires/packs/{row.pk}/withdraw/").status_code == 302
    assert "tiny" not in services.instruments_for(world.owner)


def test_results_of_a_withdrawn_pack_stay_viewable(world):
    upload(world, tiny_definition())
    client = world.client_for("owner")
    response = client.post(
        "/questionnaires/take/tiny/", form_data(client, "tiny", values=None, item_a="3", item_b="3", item_c="3")
    )
    row = InstrumentDefinition.objects.get()
    world.client_for("practice_admin").post(f"/questionnaires/packs/{row.pk}/withdraw/")
    assert client.get(response["Location"]).status_code == 200
    assert client.get("/questionnaires/history/tiny/").status_code == 200


def test_restricted_licences_can_be_switched_off_per_deployment(world, settings):
    upload(world, tiny_definition())
    settings.TANDEM_DISABLED_INSTRUMENTS = ["restricted"]
    assert "tiny" not in services.instruments_for(world.owner)
    assert "phq9" in services.instruments_for(world.owner)
    settings.TANDEM_DISABLED_INSTRUMENTS = ["licence:licensed"]
    assert "tiny" not in services.instruments_to_assign(world.therapist, world.owner)
    settings.TANDEM_DISABLED_INSTRUMENTS = ["licence:non-commercial"]
    assert "tiny" in services.instruments_for(world.owner)
