"""Invitations: made, accepted once, refused clearly when tampered, expired, reused or self-made."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tandem.sharing import gate, services
from tandem.sharing.models import AuditEvent, Link
from tests.support.world import make_user, page_text


@pytest.fixture
def newcomer(db):
    return make_user("casey@example.test", "Casey", "client")


def test_an_owner_invites_a_partner_who_accepts_and_sees_the_sobriety_summary(world, newcomer):
    client = world.client_for("other_client")
    response = client.post(
        reverse("invite"), {"role": "partner", "scopes": ["sobriety"], "email": "casey@example.test"}
    )
    assert response.status_code == 200
    token = response.context["token"]
    assert len(mail.outbox) == 1
    assert token in mail.outbox[0].body
    assert "recovery" not in mail.outbox[0].subject.lower() + mail.outbox[0].body.lower()

    casey = world.client_for("owner")
    casey.force_login(newcomer)
    page = casey.get(reverse("invitation_landing", args=[token]))
    assert page.status_code == 200
    assert "Sobriety summary" in page_text(page)
    response = casey.post(reverse("invitation_landing", args=[token]))
    assert response.status_code == 302
    assert gate.may_view(newcomer, world.other_client, "sobriety")
    assert not gate.may_view(newcomer, world.other_client, "checkins")
    assert newcomer.roles.filter(role="partner").exists()
    assert AuditEvent.objects.filter(action="link.accepted").exists()


def test_a_used_invitation_cannot_be_used_again(world, newcomer):
    link, token = services.invite(owner=world.other_client, role="partner", created_by=world.other_client)
    services.accept(link, newcomer)
    client = world.client_for("partner")
    response = client.post(reverse("invitation_landing", args=[token]))
    assert response.status_code == 404
    assert "isn't one we know" in page_text(response)


def test_an_expired_invitation_is_refused_with_a_clear_message(world, newcomer):
    link, token = services.invite(owner=world.other_client, role="partner", created_by=world.other_client)
    Link.objects.filter(pk=link.pk).update(invite_expires_at=timezone.now() - timedelta(minutes=1))
    client = world.client_for("partner")
    response = client.post(reverse("invitation_landing", args=[token]))
    assert response.status_code == 400
    assert "expired" in page_text(response)
    assert not Link.objects.get(pk=link.pk).member


def test_a_tampered_code_is_refused(world):
    _link, token = services.invite(owner=world.other_client, role="partner", created_by=world.other_client)
    client = world.client_for("partner")
    response = client.get(reverse("invitation_landing", args=[token[:-1] + ("A" if token[-1] != "A" else "B")]))
    assert response.status_code == 404
    assert "isn't one we know" in page_text(response)
    response = client.get(reverse("invitation_landing", args=["x" * 500]))
    assert response.status_code == 404


def test_nobody_can_accept_their_own_invitation(world):
    link, token = services.invite(owner=world.other_client, role="partner", created_by=world.other_client)
    response = world.client_for("other_client").post(reverse("invitation_landing", args=[token]))
    assert response.status_code == 400
    assert "your own invitation" in page_text(response)
    assert Link.objects.get(pk=link.pk).status == "pending"


def test_a_duplicate_link_is_refused(world):
    _link, token = services.invite(owner=world.owner, role="partner", created_by=world.owner)
    response = world.client_for("partner").post(reverse("invitation_landing", args=[token]))
    assert response.status_code == 400
    assert "already connected" in page_text(response)


def test_an_unknown_scope_is_refused_and_nothing_is_made(world):
    before = Link.objects.count()
    response = world.client_for("other_client").post(reverse("invite"), {"role": "partner", "scopes": ["everything"]})
    assert response.status_code == 200
    assert "isn't a kind of data we know" in page_text(response)
    assert Link.objects.count() == before
    with pytest.raises(services.SharingError):
        services.invite(owner=world.owner, role="partner", created_by=world.owner, scope_keys=["everything"])


def test_inviting_a_therapist_requires_reading_the_reporting_notice(world):
    client = world.client_for("other_client")
    response = client.post(reverse("invite"), {"role": "therapist", "scopes": ["sobriety"]})
    assert "reporting duties" in page_text(response)
    assert response.context["form"].errors["understood_reporting"]
    page = page_text(client.get(reverse("invite")))
    assert "legal duties to report" in page
    assert "never reports anything" in page


def test_a_therapist_invites_a_client_who_reads_the_notice_and_chooses_scopes(world, newcomer):
    response = world.client_for("therapist").post(reverse("invite_client"), {"email": ""})
    token = response.context["token"]
    client = world.client_for("owner")
    client.force_login(newcomer)
    page = page_text(client.get(reverse("invitation_landing", args=[token])))
    assert "legal duties to report" in page
    refused = client.post(reverse("invitation_landing", args=[token]), {"scopes": ["sobriety"]})
    assert refused.status_code == 200
    assert "reporting duties" in page_text(refused)
    accepted = client.post(
        reverse("invitation_landing", args=[token]),
        {"scopes": ["sobriety", "checkins"], "understood_reporting": "on", "safety_alerts": "on"},
    )
    assert accepted.status_code == 302
    link = Link.objects.get(owner=newcomer, member=world.therapist)
    assert link.safety_alerts is True
    assert set(link.grants.active().values_list("scope", flat=True)) == {"sobriety", "checkins"}
    assert gate.may_view(world.therapist, newcomer, "checkins")
    assert not gate.may_view(world.therapist, newcomer, "plan")


def test_a_signed_out_visitor_is_asked_to_sign_up_or_in(client, world):
    _link, token = services.invite(owner=world.other_client, role="sponsor", created_by=world.other_client)
    page = page_text(client.get(reverse("invitation_landing", args=[token])))
    assert "Create an account" in page, "no details before signing in"
    assert "Jordan" not in page, "no details before signing in"


def test_the_code_form_accepts_a_pasted_link(world):
    _link, token = services.invite(owner=world.other_client, role="sponsor", created_by=world.other_client)
    client = world.client_for("partner")
    response = client.post(reverse("enter_code"), {"code": f"http://x/i/{token}/"})
    assert response.status_code == 302
    assert token in response["Location"]
    response = client.post(reverse("enter_code"), {"code": "nope"})
    assert "isn't one we know" in page_text(response)


def test_either_side_can_end_a_link(world):
    response = world.client_for("partner").post(reverse("end_link", args=[world.links["partner"].pk]))
    assert response.status_code == 302
    assert not gate.may_view(world.partner, world.owner, "sobriety")


def test_an_outsider_cannot_end_someone_elses_link(world):
    response = world.client_for("other_client").post(reverse("end_link", args=[world.links["partner"].pk]))
    assert response.status_code == 404
    assert gate.may_view(world.partner, world.owner, "sobriety")
