from django.urls import reverse

from tandem.sharing import gate
from tandem.sharing.models import AuditEvent
from tests.support.world import page_text


def test_the_owner_sees_every_link_and_grant(world):
    page = page_text(world.client_for("owner").get(reverse("privacy")))
    for name in ("Sam", "Dr Lee", "Alex"):
        assert name in page
    assert "Sobriety summary" in page
    assert "Step work" in page


def test_revoking_from_the_privacy_page_holds_on_the_partners_next_request(world):
    partner = world.client_for("partner")
    assert "Sobriety summary" in page_text(partner.get(reverse("person", args=[world.owner.pk])))
    grant = world.links["partner"].grants.get(scope="sobriety")
    world.client_for("owner").post(reverse("revoke_grant", args=[grant.pk]))
    page = page_text(partner.get(reverse("person", args=[world.owner.pk])))
    assert "Sobriety summary" not in page
    assert "isn't sharing anything with you right now" in page


def test_the_access_log_shows_reads_of_my_data_newest_first(world):
    gate.may_view(world.therapist, world.owner, "checkins", "check-in")
    gate.may_view(world.sponsor, world.owner, "stepwork", "step")
    page = page_text(world.client_for("owner").get(reverse("privacy")))
    log = page[page.index("Who has looked") :]
    assert log.index("Alex") < log.index("step work") < log.index("Dr Lee") < log.index("daily check-ins")
    assert "stepwork" not in log
    assert "checkins" not in log


def test_sharing_another_scope_is_audited(world):
    world.client_for("owner").post(reverse("add_grant", args=[world.links["partner"].pk]), {"scope": "meetings"})
    assert gate.may_view(world.partner, world.owner, "meetings")
    assert AuditEvent.objects.filter(action="grant.created", detail__scope="meetings").exists()


def test_sharing_an_unknown_scope_changes_nothing(world):
    world.client_for("owner").post(reverse("add_grant", args=[world.links["partner"].pk]), {"scope": "everything"})
    assert gate.visible_scopes(world.partner, world.owner) == {"sobriety"}


def test_only_the_owner_can_share_more(world):
    response = world.client_for("partner").post(
        reverse("add_grant", args=[world.links["partner"].pk]), {"scope": "journal"}
    )
    assert response.status_code == 404
    assert not gate.may_view(world.partner, world.owner, "journal")


def test_audit_events_cannot_be_changed_or_deleted(world):
    import pytest

    event = AuditEvent.objects.first()
    event.action = "tampered"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()


def test_the_person_page_carries_the_confidentiality_notice(world):
    page = page_text(world.client_for("therapist").get(reverse("person", args=[world.owner.pk])))
    assert "Shared with you in confidence" in page
