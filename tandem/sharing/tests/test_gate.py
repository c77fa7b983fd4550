"""The gate: deny by default, revocation on the next request, the access log exactly when read."""

import logging
from datetime import timedelta
from unittest import mock

import pytest
from django.http import Http404
from django.utils import timezone

from tandem.sharing import gate, scopes, services
from tandem.sharing.models import AccessLogEntry, Grant


def log_count(owner):
    return AccessLogEntry.objects.filter(owner=owner).count()


def test_the_owner_always_sees_their_own_data_without_a_log_entry(world):
    assert gate.may_view(world.owner, world.owner, "journal")
    assert log_count(world.owner) == 0


def test_a_partner_sees_the_sobriety_summary_by_default_and_nothing_else(world):
    assert gate.may_view(world.partner, world.owner, "sobriety")
    for scope in ("checkins", "urges", "circles", "plan", "journal", "timeline", "assessments"):
        assert not gate.may_view(world.partner, world.owner, scope), scope


def test_a_therapist_gets_the_clinical_defaults_but_not_the_journal(world):
    for scope in ("sobriety", "checkins", "urges", "circles", "plan", "assessments", "homework", "timeline"):
        assert gate.may_view(world.therapist, world.owner, scope), scope
    assert not gate.may_view(world.therapist, world.owner, "journal")


def test_a_sponsor_gets_the_fellowship_defaults(world):
    for scope in ("sobriety", "meetings", "outreach", "stepwork"):
        assert gate.may_view(world.sponsor, world.owner, scope), scope
    assert not gate.may_view(world.sponsor, world.owner, "checkins")


@pytest.mark.parametrize("persona", ["other_client", "other_therapist", "practice_admin", "site_admin"])
def test_people_without_a_link_see_nothing_not_even_operators(world, persona):
    viewer = world.persona(persona)
    for scope in ("sobriety", "checkins", "journal"):
        assert not gate.may_view(viewer, world.owner, scope)
    assert log_count(world.owner) == 0


def test_every_yes_is_logged_with_who_what_and_when_but_no_content(world):
    assert gate.may_view(world.therapist, world.owner, "checkins", "check-in")
    entry = AccessLogEntry.objects.get(owner=world.owner)
    assert (entry.viewer, entry.scope, entry.object_kind, entry.link_role) == (
        world.therapist,
        "checkins",
        "check-in",
        "therapist",
    )
    assert not gate.may_view(world.partner, world.owner, "checkins")
    assert log_count(world.owner) == 1, "a no is not a read"


def test_a_revoked_grant_holds_on_the_very_next_call(world):
    grant = world.links["partner"].grants.get(scope="sobriety")
    assert gate.may_view(world.partner, world.owner, "sobriety")
    services.revoke(grant, by=world.owner)
    assert not gate.may_view(world.partner, world.owner, "sobriety")


def test_an_expired_grant_denies(world):
    grant = world.links["partner"].grants.get(scope="sobriety")
    Grant.objects.filter(pk=grant.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert not gate.may_view(world.partner, world.owner, "sobriety")


def test_a_grant_with_a_future_expiry_still_allows(world):
    grant = world.links["partner"].grants.get(scope="sobriety")
    Grant.objects.filter(pk=grant.pk).update(expires_at=timezone.now() + timedelta(days=1))
    assert gate.may_view(world.partner, world.owner, "sobriety")


def test_ending_the_link_ends_every_grant(world):
    services.end_link(world.links["therapist"], world.therapist)
    assert not gate.may_view(world.therapist, world.owner, "checkins")
    assert not world.links["therapist"].grants.active().exists()


def test_a_therapist_without_mfa_sees_nothing(world):
    from allauth.mfa.models import Authenticator

    Authenticator.objects.filter(user=world.therapist).delete()
    world.therapist._has_mfa = None
    assert not gate.may_view(world.therapist, world.owner, "checkins")
    assert world.owner not in gate.owners_sharing(world.therapist, "checkins")


def test_a_partner_needs_no_mfa(world):
    assert gate.may_view(world.partner, world.owner, "sobriety")


def test_an_unknown_scope_is_denied(world):
    assert not gate.may_view(world.therapist, world.owner, "everything")


def test_an_exception_inside_the_gate_denies_and_is_logged(world, caplog):
    assert gate.may_view(world.therapist, world.owner, "checkins")
    assert "checkins" in gate.visible_scopes(world.therapist, world.owner)
    AccessLogEntry.objects.all().delete()
    caplog.set_level(logging.ERROR, logger="tandem.sharing.gate")
    with mock.patch.object(Grant.objects, "active", side_effect=RuntimeError("boom")) as active:
        assert not gate.may_view(world.therapist, world.owner, "checkins")
        assert gate.visible_scopes(world.therapist, world.owner) == set()
    assert active.call_count == 2, "the failure must come from the query the gate really makes"
    assert [record.getMessage() for record in caplog.records] == ["sharing gate failed; access denied"] * 2
    assert all(record.exc_info and record.exc_info[0] is RuntimeError for record in caplog.records)
    assert log_count(world.owner) == 0, "a denied read is not logged as a read"


def test_a_failure_while_logging_the_read_denies_it(world, caplog):
    caplog.set_level(logging.ERROR, logger="tandem.sharing.gate")
    with mock.patch.object(AccessLogEntry.objects, "create", side_effect=RuntimeError("disk full")):
        assert not gate.may_view(world.therapist, world.owner, "checkins")
    assert [record.getMessage() for record in caplog.records] == ["sharing gate failed; access denied"]


@pytest.mark.parametrize("persona", ["owner", "partner", "therapist", "sponsor", "other_client", "other_therapist"])
def test_the_gate_answers_the_hand_written_table_for_every_scope(world, persona):
    """The role matrix's oracle (WORLD_SHARES) and the gate agree on every registered scope."""
    viewer = world.persona(persona)
    expected = {scope.key for scope in scopes.all_scopes() if world.may_see(persona, world.owner, scope.key)}
    assert gate.visible_scopes(viewer, world.owner) == expected
    for scope in scopes.all_scopes():
        assert gate.may_view(viewer, world.owner, scope.key) == (scope.key in expected), scope.key
    if persona not in ("owner", "other_client", "other_therapist"):
        assert expected, "a linked persona shares something in the world as built"


def test_a_deactivated_owner_shares_nothing(world):
    world.owner.is_active = False
    world.owner.save()
    assert not gate.may_view(world.therapist, world.owner, "checkins")


def test_require_raises_404_never_403(world):
    with pytest.raises(Http404):
        gate.require(world.other_client, world.owner, "sobriety")


def test_shared_owner_or_404_rejects_garbage_ids(world):
    for bad in ("abc", None, "", 10**12, -1):
        with pytest.raises(Http404):
            gate.shared_owner_or_404(world.therapist, bad, "checkins")
    assert gate.shared_owner_or_404(world.therapist, world.owner.pk, "checkins") == world.owner


def test_owners_sharing_lists_only_live_grants(world):
    assert list(gate.owners_sharing(world.sponsor, "stepwork")) == [world.owner]
    assert list(gate.owners_sharing(world.partner, "stepwork")) == []
    services.revoke(world.links["sponsor"].grants.get(scope="stepwork"), by=world.owner)
    assert list(gate.owners_sharing(world.sponsor, "stepwork")) == []


def test_visible_scopes_matches_the_grants(world):
    assert gate.visible_scopes(world.partner, world.owner) == {"sobriety"}
    assert gate.visible_scopes(world.other_client, world.owner) == set()
