"""Moving a client to another therapist of the practice: only with the client's consent."""

from django.test import Client

from tandem.sharing.models import Link
from tandem.therapy.models import MoveProposal, SessionNote
from tests.support.world import make_user

from .helpers import text


def ash(world):
    return make_user("ash@example.test", "Dr Ash", "therapist", practice=world.practice_a, mfa=True)


def propose(world, to):
    return world.client_for("practice_admin").post(
        "/practice/clients/", {"link": world.links["therapist"].pk, "to_therapist": to.pk}
    )


def test_the_admin_proposes_and_nothing_changes_until_the_client_accepts(world):
    dr_ash = ash(world)
    page = text(world.client_for("practice_admin").get("/practice/clients/"))
    assert "Robin (now with Dr Lee)" in page
    assert propose(world, dr_ash).status_code == 302
    proposal = MoveProposal.objects.get()
    assert Link.objects.get(pk=world.links["therapist"].pk).status == "active"
    assert not Link.objects.filter(member=dr_ash).exists()
    robin = world.client_for("owner")
    assert "suggests Dr Ash" in text(robin.get("/"))
    page = text(robin.get(f"/connections/moves/{proposal.pk}/"))
    assert "Dr Lee" in page
    assert "Dr Ash" in page
    assert "legal duties" in page
    today = world.owner.local_today()
    SessionNote.objects.create(owner=world.therapist, client=world.owner, session_on=today, data="x")
    accepted = robin.post(
        f"/connections/moves/{proposal.pk}/", {"accept": "", "scopes": ["sobriety", "checkins"], "safety_alerts": "on"}
    )
    assert accepted.status_code == 302
    old = Link.objects.get(pk=world.links["therapist"].pk)
    new = Link.objects.get(member=dr_ash, owner=world.owner)
    assert old.status == "ended"
    assert not old.grants.active().exists()
    assert new.status == "active"
    assert new.practice == world.practice_a
    assert new.safety_alerts
    assert sorted(new.grants.active().values_list("scope", flat=True)) == ["checkins", "sobriety"]
    assert "Robin" not in text(world.client_for("therapist").get("/caseload/"))
    browser = Client()
    browser.force_login(dr_ash)
    assert "Robin" in text(browser.get("/caseload/"))
    assert SessionNote.objects.filter(owner=world.therapist, client=world.owner).exists()  # Lee's records stay Lee's
    assert browser.get(f"/caseload/notes/{SessionNote.objects.get().pk}/").status_code == 404


def test_the_client_may_decline(world):
    propose(world, ash(world))
    proposal = MoveProposal.objects.get()
    assert world.client_for("owner").post(f"/connections/moves/{proposal.pk}/", {"decline": ""}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "declined"
    assert Link.objects.get(pk=world.links["therapist"].pk).status == "active"


def test_only_within_the_practice_and_only_the_client_decides(world):
    response = propose(world, world.other_therapist)  # Dr Kim is in another practice
    assert response.status_code == 200
    assert not MoveProposal.objects.exists()
    propose(world, ash(world))
    proposal = MoveProposal.objects.get()
    for persona in ("therapist", "partner", "practice_admin", "other_client"):
        assert world.client_for(persona).post(f"/connections/moves/{proposal.pk}/", {"accept": ""}).status_code == 404
    assert MoveProposal.objects.get().status == "proposed"


def test_another_practices_admin_sees_none_of_these_clients(world):
    admin_b = make_user("bee@example.test", "Bee", "practice_admin", practice=world.practice_b, mfa=True)
    propose(world, ash(world))
    browser = Client()
    browser.force_login(admin_b)
    assert "Robin" not in text(browser.get("/practice/clients/"))
    assert browser.post(f"/practice/moves/{MoveProposal.objects.get().pk}/withdraw/").status_code == 404
    refused = browser.post("/practice/clients/", {"link": world.links["therapist"].pk, "to_therapist": 1})
    assert refused.status_code == 200
    assert not MoveProposal.objects.exclude(proposed_by=world.practice_admin).exists()


def test_a_withdrawn_proposal_cannot_be_accepted(world):
    propose(world, ash(world))
    proposal = MoveProposal.objects.get()
    assert world.client_for("practice_admin").post(f"/practice/moves/{proposal.pk}/withdraw/").status_code == 302
    world.client_for("owner").post(f"/connections/moves/{proposal.pk}/", {"accept": "", "scopes": ["sobriety"]})
    assert Link.objects.get(pk=world.links["therapist"].pk).status == "active"
    assert not Link.objects.filter(member__email="ash@example.test").exists()
