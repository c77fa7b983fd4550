"""Agreements and boundaries: private unless shared; both-of-ours ones are always shared."""

from django.urls import reverse

from tandem.couple.models import Agreement
from tandem.sharing.models import AccessLogEntry
from tests.support.world import page_text


def _add(client, **data):
    base = {"kind": "agreement", "holder": "mutual", "text": "x", "status": "active", "review_on": "2030-01-01"}
    base.update(data)
    return client.post(reverse("agreements"), base)


def test_private_shared_and_mutual(world):
    link = world.links["partner"]
    sam = world.client_for("partner")
    _add(sam, kind="boundary", holder="partner", text="PRIVATEBOUNDARY", couple=link.pk)
    _add(sam, kind="boundary", holder="partner", text="SHAREDBOUNDARY", couple=link.pk, shared="on")
    _add(sam, text="MUTUALAGREEMENT", couple=link.pk)
    assert next(a for a in Agreement.objects.all() if a.text == "MUTUALAGREEMENT").shared is True
    robin = page_text(world.client_for("owner").get(reverse("agreements")))
    assert "PRIVATEBOUNDARY" not in robin
    assert "SHAREDBOUNDARY" in robin
    assert "MUTUALAGREEMENT" in robin
    assert AccessLogEntry.objects.filter(owner=world.partner, viewer=world.owner, scope="agreements").exists()
    # Nobody outside the couple sees any of it.
    for persona in ("other_client", "sponsor", "therapist"):
        body = page_text(world.client_for(persona).get(reverse("agreements")))
        assert "BOUNDARY" not in body
        assert "MUTUAL" not in body


def test_only_the_writer_changes_or_removes(world):
    _add(world.client_for("partner"), text="MINE", couple=world.links["partner"].pk)
    agreement = Agreement.objects.get()
    robin = world.client_for("owner")
    assert robin.get(reverse("agreement_edit", args=[agreement.pk])).status_code == 404
    assert robin.post(reverse("agreement_delete", args=[agreement.pk])).status_code == 404
    sam = world.client_for("partner")
    sam.post(
        reverse("agreement_edit", args=[agreement.pk]),
        {"kind": "agreement", "holder": "partner", "text": "MINE, CHANGED", "status": "review", "couple": ""},
    )
    agreement.refresh_from_db()
    assert agreement.text == "MINE, CHANGED"
    assert agreement.status == "review"
    assert agreement.link is None
    sam.post(reverse("agreement_delete", args=[agreement.pk]))
    assert not Agreement.objects.exists()


def test_a_mutual_agreement_needs_a_partner(world):
    response = _add(world.client_for("other_client"), text="Alone")
    assert "needs your partner linked here" in page_text(response)
    assert not Agreement.objects.exists()
    # Someone else's couple can't be chosen.
    response = _add(world.client_for("other_client"), text="Sneaky", couple=world.links["partner"].pk)
    assert not Agreement.objects.exists()
