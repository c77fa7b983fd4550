"""Granting a clinical scope to a partner, sponsor or program friend first asks the owner to
confirm: they owe no confidentiality, and nobody should be pressed to share. Therapists are not
asked (they have their own notice)."""

import pytest
from django.urls import reverse

from tandem.sharing import gate, scopes
from tandem.sharing.models import Grant, Link
from tests.support.world import page_text

CLINICAL = ["checkins", "urges", "plan", "assessments", "homework", "timeline", "genogram", "journal", "safety_plan"]


def live(link, scope):
    return Grant.objects.active().filter(link=link, scope=scope).exists()


def test_the_clinical_scopes_are_the_ones_named():
    assert set(CLINICAL) == scopes.SHARED_IN_CONFIDENCE
    assert scopes.needing_confirmation("therapist", CLINICAL) == []
    assert [s.key for s in scopes.needing_confirmation("partner", ["sobriety", "checkins"])] == ["checkins"]


@pytest.mark.parametrize("who", ["partner", "sponsor"])
@pytest.mark.parametrize("scope", ["checkins", "assessments", "journal"])
def test_adding_a_clinical_scope_asks_first_and_shares_only_once_confirmed(world, who, scope):
    link = world.links[who]
    Grant.objects.filter(link=link, scope=scope).delete()
    robin = world.client_for("owner")
    response = robin.post(reverse("add_grant", args=[link.pk]), {"scope": scope})
    assert response.status_code == 200
    page = page_text(response)
    assert "owes you no confidentiality" in page
    assert "Nobody should press you to share" in page
    assert 'name="confirmed"' in page
    assert "No, keep it to myself" in page
    assert not live(link, scope)
    assert not gate.may_view(getattr(world, who), world.owner, scope)
    response = robin.post(reverse("add_grant", args=[link.pk]), {"scope": scope, "confirmed": "on"})
    assert response.status_code == 302
    assert live(link, scope)


def test_a_summary_scope_or_a_therapist_is_not_asked(world):
    robin = world.client_for("owner")
    partner = world.links["partner"]
    Grant.objects.filter(link=partner, scope="sobriety").delete()
    assert robin.post(reverse("add_grant", args=[partner.pk]), {"scope": "sobriety"}).status_code == 302
    assert live(partner, "sobriety")
    therapist = world.links["therapist"]
    Grant.objects.filter(link=therapist, scope="journal").delete()
    assert robin.post(reverse("add_grant", args=[therapist.pk]), {"scope": "journal"}).status_code == 302
    assert live(therapist, "journal")


def test_inviting_a_partner_with_a_clinical_scope_needs_the_box_ticked(world):
    client = world.client_for("other_client")
    data = {"role": "partner", "scopes": ["sobriety", "checkins"]}
    response = client.post(reverse("invite"), data)
    assert response.status_code == 200
    assert "token" not in response.context
    page = page_text(response)
    assert "owes you no confidentiality" in page
    assert "Please read the note and tick the box first" in page
    assert not Link.objects.filter(owner=world.other_client).exists()
    response = client.post(reverse("invite"), {**data, "understood_no_confidentiality": "on"})
    link = Link.objects.get(owner=world.other_client)
    assert set(link.grants.values_list("scope", flat=True)) == {"sobriety", "checkins"}
    # a sponsor with only summaries: no box needed
    client.post(reverse("invite"), {"role": "sponsor", "scopes": ["meetings"]})
    assert Link.objects.filter(owner=world.other_client, role="sponsor").exists()
