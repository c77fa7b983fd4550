"""Marker seeders for the leak and encryption tests (tests/support/markers.py).

All of the couple's free text that only its writer may see is seeded under scope "private":
the partner's check-in notes, ratings notes, FANOS notes, unshared agreements; the client's
disclosure drafts and restitution letter draft; the partner's unreleased questions and unshared
impact letter. The leak test then proves that nobody else reaches any of it through any page.
"""

from django.db.models import Max

from tandem.couple.models import (
    Agreement,
    Disclosure,
    DisclosureVersion,
    FanosPrep,
    ImpactLetter,
    PartnerCheckIn,
    PartnerQuestion,
    RestitutionLetter,
    TrustRating,
)
from tandem.couple.services import week_of
from tandem.couple.stages import Stage
from tandem.sharing.models import Link, LinkRole, LinkStatus


def seed_partner_room(owner, marker: str) -> None:
    today = owner.local_today()
    PartnerCheckIn.objects.update_or_create(
        owner=owner,
        local_date=today,
        defaults={
            "safety": 4,
            "feelings": ["hurt", f"feeling {marker}"],
            "triggers": [f"a reminder {marker}"],
            "self_care": ["slept"],
            "note": f"Hard evening {marker}",
        },
    )
    TrustRating.objects.update_or_create(
        owner=owner, week_of=week_of(today), defaults={"safety": 5, "trust": 3, "note": f"Weekly note {marker}"}
    )
    FanosPrep.objects.create(
        owner=owner, local_date=today, answers=[{"letter": "F", "word": "Feelings", "text": f"Tired {marker}"}]
    )
    link = (
        Link.objects.filter(role=LinkRole.PARTNER, status=LinkStatus.ACTIVE, owner=owner).first()
        or Link.objects.filter(role=LinkRole.PARTNER, status=LinkStatus.ACTIVE, member=owner).first()
    )
    Agreement.objects.create(owner=owner, link=link, holder="partner", text=f"Private boundary {marker}", shared=False)


def _open_disclosure(client) -> Disclosure:
    disclosure = Disclosure.objects.filter(owner=client).exclude(stage=Stage.DONE).first()
    if disclosure is not None:
        return disclosure
    therapist = Link.objects.filter(owner=client, role=LinkRole.THERAPIST, status=LinkStatus.ACTIVE).first()
    partner = Link.objects.filter(owner=client, role=LinkRole.PARTNER, status=LinkStatus.ACTIVE).first()
    return Disclosure.objects.create(
        owner=client,
        therapist=therapist.member if therapist else None,
        practice=therapist.practice if therapist else None,
        partner=partner.member if partner else None,
        stage=Stage.DRAFTING,
    )


def seed_disclosure_drafts(owner, marker: str) -> None:
    """A draft only the client sees (never sent), and a restitution letter draft."""
    disclosure = _open_disclosure(owner)
    draft = disclosure.versions.filter(status=DisclosureVersion.Status.DRAFT).first()
    if draft is not None:
        draft.text += f"\n\nAnd more {marker}"
        draft.save(update_fields=["text"])
    else:
        number = (disclosure.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        DisclosureVersion.objects.create(
            owner=owner, disclosure=disclosure, number=number, text=f"# Opening\n\nWhat I have to tell {marker}"
        )
    RestitutionLetter.objects.update_or_create(
        disclosure=disclosure, defaults={"owner": owner, "text": f"What I understand now {marker}"}
    )


def seed_partner_disclosure_side(owner, marker: str) -> None:
    """As the partner of someone: an unreleased question and an unshared impact letter.
    Someone who is nobody's partner gets a FANOS note instead, so something is always seeded."""
    link = Link.objects.filter(role=LinkRole.PARTNER, status=LinkStatus.ACTIVE, member=owner).first()
    if link is None or link.owner is None:
        FanosPrep.objects.create(
            owner=owner, local_date=owner.local_today(), answers=[{"letter": "N", "word": "Needs", "text": marker}]
        )
        return
    disclosure = _open_disclosure(link.owner)
    if disclosure.partner_id is None:
        disclosure.partner = owner
        disclosure.save(update_fields=["partner"])
    if disclosure.partner_id != owner.pk:
        return
    PartnerQuestion.objects.create(owner=owner, disclosure=disclosure, text=f"What I need to know {marker}")
    ImpactLetter.objects.update_or_create(
        disclosure=disclosure, defaults={"owner": owner, "text": f"How this changed me {marker}"}
    )


SEEDERS = [
    ("private", seed_partner_room),
    ("private", seed_disclosure_drafts),
    ("private", seed_partner_disclosure_side),
]
