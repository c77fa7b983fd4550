"""Moving a client to another therapist of the same practice: an admin proposes, the client decides."""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import RoleAssignment
from tandem.sharing import scopes as scope_registry
from tandem.sharing import services as sharing
from tandem.sharing.models import Link, LinkRole, LinkStatus, audit

from ..models import MoveProposal, MoveStatus
from ._common import TherapyError


def practice_therapist_ids(practice) -> set[int]:
    return set(
        RoleAssignment.objects.filter(practice=practice, role="therapist", user__is_active=True).values_list(
            "user_id", flat=True
        )
    )


def practice_links(practice):
    """Active therapist links of this practice's therapists (the link's practice, when set, must match)."""
    return (
        Link.objects.filter(
            role=LinkRole.THERAPIST,
            status=LinkStatus.ACTIVE,
            owner__is_active=True,
            member_id__in=practice_therapist_ids(practice),
        )
        .filter(Q(practice=practice) | Q(practice__isnull=True))
        .select_related("owner", "member")
        .order_by("owner__display_name", "pk")
    )


def propose_move(admin, practice, link: Link, to_therapist) -> MoveProposal:
    if not RoleAssignment.objects.filter(user=admin, role="practice_admin", practice=practice).exists():
        raise TherapyError(_("Only an admin of this practice can propose a move."))
    if not practice_links(practice).filter(pk=link.pk).exists():
        raise TherapyError(_("That client isn't seen by a therapist of your practice."))
    if to_therapist.pk not in practice_therapist_ids(practice):
        raise TherapyError(_("Please choose a therapist of your practice."))
    if to_therapist.pk == link.member_id:
        raise TherapyError(_("That is already the client's therapist."))
    if Link.objects.active().filter(owner_id=link.owner_id, member=to_therapist, role=LinkRole.THERAPIST).exists():
        raise TherapyError(_("The client is already connected with that therapist."))
    try:
        with transaction.atomic():
            proposal = MoveProposal.objects.create(
                owner_id=link.owner_id,
                practice=practice,
                from_link=link,
                from_therapist_id=link.member_id,
                to_therapist=to_therapist,
                proposed_by=admin,
            )
    except IntegrityError:
        raise TherapyError(_("A move for this client is already waiting for their answer.")) from None
    audit("therapy.move_proposed", actor=admin, subject=link.owner, practice=practice.pk, proposal=proposal.pk)
    return proposal


def accept_move(proposal: MoveProposal, client, *, scope_keys: list[str], safety_alerts: bool) -> Link:
    """The client agrees: a new therapist link with the scopes they chose; the old link ends."""
    if proposal.owner_id != client.pk or proposal.status != MoveStatus.PROPOSED:
        raise TherapyError(_("This proposal isn't open any more."))
    old = proposal.from_link
    if old is None or old.status != LinkStatus.ACTIVE:
        raise TherapyError(_("Your connection with the previous therapist has already ended."))
    unknown = [key for key in scope_keys if not scope_registry.is_known(key)]
    if unknown:
        raise TherapyError(_("Please choose from the kinds of data listed."))
    with transaction.atomic():
        link, _token = sharing.invite(
            owner=client,
            role=LinkRole.THERAPIST,
            created_by=client,
            scope_keys=scope_keys,
            safety_alerts=safety_alerts,
        )
        link.member = proposal.to_therapist
        link.practice = proposal.practice
        link.status = LinkStatus.ACTIVE
        link.accepted_at = timezone.now()
        link.invite_token_hash = None
        link.save()
        sharing.end_link(old, client)
        proposal.status = MoveStatus.ACCEPTED
        proposal.decided_at = timezone.now()
        proposal.new_link = link
        proposal.save(update_fields=["status", "decided_at", "new_link"])
        audit(
            "therapy.move_accepted",
            actor=client,
            subject=client,
            proposal=proposal.pk,
            old_link=old.pk,
            new_link=link.pk,
            scopes=sorted(scope_keys),
        )
    return link


def decline_move(proposal: MoveProposal, client) -> None:
    if proposal.owner_id != client.pk or proposal.status != MoveStatus.PROPOSED:
        raise TherapyError(_("This proposal isn't open any more."))
    proposal.status = MoveStatus.DECLINED
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decided_at"])
    audit("therapy.move_declined", actor=client, subject=client, proposal=proposal.pk)


def withdraw_move(proposal: MoveProposal, admin) -> None:
    if proposal.status != MoveStatus.PROPOSED:
        raise TherapyError(_("This proposal isn't open any more."))
    proposal.status = MoveStatus.WITHDRAWN
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decided_at"])
    audit("therapy.move_withdrawn", actor=admin, subject=proposal.owner, proposal=proposal.pk)
