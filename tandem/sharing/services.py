"""Making, accepting and ending links; granting and revoking scopes. Every change is audited."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from tandem.accounts.models import RoleAssignment, hash_token

from . import scopes
from .models import Grant, Link, LinkRole, LinkStatus, audit


class SharingError(Exception):
    """A request that cannot be carried out; the message is shown to the person as it is."""


def invite(*, owner, role: str, created_by, scope_keys=None, email: str = "", safety_alerts=False) -> tuple[Link, str]:
    """The owner invites someone to see their data in a role. Returns the link and the one-time code."""
    if role not in LinkRole.values:
        raise SharingError(gettext("Please choose who you're inviting."))
    keys = list(scopes.defaults_for(role) if scope_keys is None else scope_keys)
    _check_scopes(keys)
    with transaction.atomic():
        link = Link(
            owner=owner, role=role, created_by=created_by, invite_email=email.lower(), safety_alerts=safety_alerts
        )
        token = link.new_invite_token()
        link.save()
        for key in keys:
            Grant.objects.create(link=link, scope=key, created_by=created_by)
        audit("link.invited", actor=created_by, subject=owner, link=link.pk, role=role, scopes=keys)
    return link, token


def therapist_invites_client(*, therapist, practice, email: str = "") -> tuple[Link, str]:
    """A therapist invites a client; the client chooses scopes when accepting."""
    with transaction.atomic():
        link = Link(
            member=therapist,
            role=LinkRole.THERAPIST,
            created_by=therapist,
            practice=practice,
            invite_email=email.lower(),
        )
        token = link.new_invite_token()
        link.save()
        audit("link.invited", actor=therapist, subject=None, link=link.pk, role="therapist")
    return link, token


def find_invitation(token: str) -> Link | None:
    if not token or len(token) > 100:
        return None
    return (
        Link.objects.filter(invite_token_hash=hash_token(token)).select_related("owner", "member", "practice").first()
    )


def invitation_problem(link: Link | None, user) -> str:
    """Why this person cannot accept this invitation, in plain words; "" when they can."""
    if link is None:
        return gettext("This invitation code isn't one we know. Please check it, or ask for a new one.")
    if link.status == LinkStatus.ACTIVE or link.accepted_at:
        return gettext("This invitation has already been used. Ask for a new one if you need it.")
    if link.status == LinkStatus.ENDED:
        return gettext("This invitation was withdrawn.")
    if not link.invitation_open:
        return gettext("This invitation has expired. Please ask for a new one.")
    if user.pk in (link.owner_id, link.member_id, link.created_by_id):
        return gettext("This is your own invitation — send the link to the person you'd like to connect with.")
    owner = link.owner or user
    member = link.member or user
    duplicate = Link.objects.active().filter(owner=owner, member=member, role=link.role).exists()
    if duplicate:
        return gettext("You're already connected in this way.")
    return ""


def accept(link: Link, user, *, scope_keys=None, safety_alerts=None) -> Link:
    problem = invitation_problem(link, user)
    if problem:
        raise SharingError(problem)
    with transaction.atomic():
        locked = Link.objects.select_for_update().get(pk=link.pk)
        if locked.status != LinkStatus.PENDING:
            raise SharingError(gettext("This invitation has already been used. Ask for a new one if you need it."))
        if locked.owner_id is None:  # a therapist invited this client
            locked.owner = user
            keys = list(scopes.defaults_for(locked.role) if scope_keys is None else scope_keys)
            _check_scopes(keys)
            for key in keys:
                Grant.objects.create(link=locked, scope=key, created_by=user)
            if safety_alerts is not None:
                locked.safety_alerts = safety_alerts
        else:
            locked.member = user
        locked.status = LinkStatus.ACTIVE
        locked.accepted_at = timezone.now()
        locked.invite_token_hash = None
        locked.save()
        if locked.role == LinkRole.SPONSOR and locked.member_id:
            RoleAssignment.objects.get_or_create(user=locked.member, role="sponsor", practice=None)
        if locked.role == LinkRole.PARTNER and locked.member_id:
            RoleAssignment.objects.get_or_create(user=locked.member, role="partner", practice=None)
        if locked.owner_id:
            RoleAssignment.objects.get_or_create(user=locked.owner, role="client", practice=None)
        audit("link.accepted", actor=user, subject=locked.owner, link=locked.pk, role=locked.role)
    return locked


def end_link(link: Link, user) -> None:
    if user.pk not in (link.owner_id, link.member_id, link.created_by_id):
        raise SharingError(gettext("That link isn't yours to end."))
    if link.status == LinkStatus.ENDED:
        return
    with transaction.atomic():
        link.status = LinkStatus.ENDED
        link.ended_at = timezone.now()
        link.invite_token_hash = None
        link.save(update_fields=["status", "ended_at", "invite_token_hash"])
        link.grants.filter(revoked_at__isnull=True).update(revoked_at=link.ended_at)
        audit("link.ended", actor=user, subject=link.owner, link=link.pk)


def grant(link: Link, scope_key: str, *, by, purpose: str = "", expires_at=None) -> Grant:
    _check_scopes([scope_key])
    if by.pk != link.owner_id:
        raise SharingError(gettext("Only the person whose data it is can share it."))
    if link.status == LinkStatus.ENDED:
        raise SharingError(gettext("This link has ended."))
    if expires_at is not None and expires_at <= timezone.now():
        raise SharingError(gettext("An end date for sharing has to be in the future."))
    existing = link.grants.active().filter(scope=scope_key).first()
    if existing:
        return existing
    with transaction.atomic():
        link.grants.filter(scope=scope_key, revoked_at__isnull=True).update(revoked_at=timezone.now())
        try:
            created = Grant.objects.create(
                link=link, scope=scope_key, created_by=by, purpose=purpose, expires_at=expires_at
            )
        except IntegrityError:
            raise SharingError(gettext("That is already shared.")) from None
        audit("grant.created", actor=by, subject=link.owner, link=link.pk, scope=scope_key)
    return created


def revoke(grant_obj: Grant, *, by) -> None:
    if by.pk != grant_obj.link.owner_id:
        raise SharingError(gettext("Only the person whose data it is can stop sharing it."))
    if grant_obj.revoked_at:
        return
    grant_obj.revoked_at = timezone.now()
    grant_obj.save(update_fields=["revoked_at"])
    audit("grant.revoked", actor=by, subject=grant_obj.link.owner, link=grant_obj.link_id, scope=grant_obj.scope)


def _check_scopes(keys) -> None:
    unknown = [key for key in keys if not scopes.is_known(key)]
    if unknown:
        raise SharingError(gettext("Unknown kind of data: %(keys)s.") % {"keys": ", ".join(map(str, unknown))})
