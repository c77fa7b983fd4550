import pytest

from tandem.sharing.export import export_for
from tandem.sharing.models import AccessLogEntry
from tests.support import markers

pytestmark = pytest.mark.django_db


def seed(scope, owner, marker):
    for key, seeder in markers.seeders():
        if key == scope:
            seeder(owner, marker)
            return
    raise AssertionError(f"no seeder for {scope}")


def test_markers_reach_only_the_people_the_owner_shares_with(world):
    seed("timeline", world.owner, "TIMELINE-MARKER-1")
    seed("genogram", world.owner, "GENOGRAM-MARKER-1")
    owner_pages = world.client_for("owner")
    assert "TIMELINE-MARKER-1" in owner_pages.get("/timeline/").content.decode()
    assert "GENOGRAM-MARKER-1" in owner_pages.get("/family/").content.decode()

    therapist = world.client_for("therapist").get(f"/shared/{world.owner.pk}/").content.decode()
    assert "TIMELINE-MARKER-1" in therapist
    assert "GENOGRAM-MARKER-1" in therapist
    assert AccessLogEntry.objects.filter(owner=world.owner, scope="timeline", viewer=world.therapist).exists()

    for persona in ("partner", "sponsor"):
        page = world.client_for(persona).get(f"/shared/{world.owner.pk}/").content.decode()
        assert "TIMELINE-MARKER-1" not in page, persona
        assert "GENOGRAM-MARKER-1" not in page, persona
    for persona in ("other_client", "other_therapist", "partner"):
        client = world.client_for(persona)
        for url in ("/timeline/", "/family/"):
            page = client.get(url).content.decode()
            assert "TIMELINE-MARKER-1" not in page
            assert "GENOGRAM-MARKER-1" not in page

    world.revoke_all()
    therapist = world.client_for("therapist").get(f"/shared/{world.owner.pk}/").content.decode()
    assert "TIMELINE-MARKER-1" not in therapist
    assert "GENOGRAM-MARKER-1" not in therapist


def test_the_export_holds_everything_decrypted(world):
    seed("timeline", world.owner, "TIMELINE-MARKER-2")
    seed("genogram", world.owner, "GENOGRAM-MARKER-2")
    archive = export_for(world.owner)
    assert "TIMELINE-MARKER-2" in str(archive["data"]["history.lifeevent"])
    assert "GENOGRAM-MARKER-2" in str(archive["data"]["history.relative"])
    assert export_for(world.other_client)["data"]["history.lifeevent"] == []
