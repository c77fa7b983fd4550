import json

from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from tandem.accounts.models import User
from tandem.sharing import gate
from tandem.sharing.models import AuditEvent, Link
from tests.support.markers import seeders
from tests.support.world import PASSWORD


def reauthenticated(client):
    """Enter the password again on allauth's reauthentication page, as a person would."""
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302, response.content
    return client


def test_export_asks_for_the_password_again_first(world):
    response = world.client_for("owner").post(reverse("export"))
    assert response.status_code == 302
    assert "reauthenticate" in response["Location"]


def test_the_export_holds_everything_mine_and_nothing_of_anyone_elses(world):
    markers = {}
    for scope, seed in seeders():
        for name in ("owner", "partner", "therapist", "other_client"):
            marker = f"MK-{name}-{scope}-export"
            seed(world.persona(name), marker)
            markers[marker] = name
    gate.may_view(world.therapist, world.owner, "checkins", "check-in")
    client = reauthenticated(world.client_for("owner"))
    response = client.post(reverse("export"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    archive = json.loads(response.content)
    assert archive["format"] == "tandem-export"
    assert archive["account"]["email"] == world.owner.email
    assert {link["role"] for link in archive["links"]} == {"partner", "therapist", "sponsor"}
    assert archive["access_log"][0]["viewer"] == "Dr Lee"
    text = response.content.decode()
    for marker, name in markers.items():
        assert (marker in text) == (name == "owner"), marker
    assert "correct horse" not in text
    assert "password" not in json.dumps(archive["account"])
    assert AuditEvent.objects.filter(action="account.exported", subject=world.owner).exists()


def test_erasure_needs_the_password_again_and_a_typed_confirmation(world):
    client = world.client_for("owner")
    assert client.post(reverse("erase"), {"confirm": "delete"}).status_code == 302
    assert User.objects.filter(pk=world.owner.pk).exists()
    reauthenticated(client)
    response = client.post(reverse("erase"), {"confirm": "please"})
    assert response.status_code == 400
    assert User.objects.filter(pk=world.owner.pk).exists()


def test_erasure_deletes_the_account_and_its_data_and_ends_links(world):
    for scope, seed in seeders():
        seed(world.owner, f"MK-erase-{scope}")
    owner_pk = world.owner.pk
    client = reauthenticated(world.client_for("owner"))
    response = client.post(reverse("erase"), {"confirm": "delete"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=owner_pk).exists()
    assert SESSION_KEY not in client.session
    for link in Link.objects.filter(pk__in=[lk.pk for lk in world.links.values()]):
        assert link.status == "ended"
        assert link.owner_id is None
        assert not link.grants.active().exists()
    page = world.client_for("partner").get(reverse("shared_with_me")).content.decode()
    assert "Robin" not in page
    assert AuditEvent.objects.filter(action="account.erased").exists()


def test_a_member_erasing_their_account_ends_the_link_for_the_owner(world):
    client = reauthenticated(world.client_for("partner"))
    client.post(reverse("erase"), {"confirm": "delete"})
    link = Link.objects.get(pk=world.links["partner"].pk)
    assert link.status == "ended"
    assert link.member is None
    page = world.client_for("owner").get(reverse("privacy")).content.decode()
    assert "Sam" not in page
