"""The access gate: the one place that decides whether one person may see another's data.

    may_view(viewer, owner, scope, object_kind)  -> bool, logs the read when True
    require(viewer, owner, scope, object_kind)   -> None, or Http404
    shared_owner_or_404(viewer, owner_id, scope) -> the owner, or Http404
    owners_sharing(viewer, scope)                -> queryset of owners who share scope with viewer
    visible_scopes(viewer, owner)                -> set of scopes (no log; log each section read)
    roles_through(viewer, owner, scope)          -> set of link roles that grant it (no log)

Deny by default: no live link, no live grant, an unknown scope, a therapist or sponsor without
MFA, an inactive account, or any exception inside the gate all mean no. Nothing is cached:
every call asks the database, so a revoke or an ended link holds on the very next request.
"""

import logging

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils import timezone

from tandem.accounts.models import User
from tandem.accounts.security import user_has_mfa

from . import scopes
from .models import AccessLogEntry, Grant, Link, LinkStatus

log = logging.getLogger(__name__)

ROLES_NEEDING_MFA = {"therapist", "sponsor", "friend"}


def _live_grants(viewer, scope: str):
    return Grant.objects.active().filter(
        scope=scope,
        link__status=LinkStatus.ACTIVE,
        link__member=viewer,
        link__owner__is_active=True,
    )


def _allowed_links(viewer, owner, scope: str) -> list[str]:
    """The link roles through which viewer holds a live grant of scope on owner's data."""
    roles = list(_live_grants(viewer, scope).filter(link__owner=owner).values_list("link__role", flat=True))
    if not user_has_mfa(viewer):
        roles = [role for role in roles if role not in ROLES_NEEDING_MFA]
    return roles


def may_view(viewer, owner, scope: str, object_kind: str = "") -> bool:
    if viewer is None or owner is None or not viewer.is_authenticated:
        return False
    if viewer.pk == owner.pk:
        return True
    try:
        scopes.get(scope)
        if not viewer.is_active:
            return False
        roles = _allowed_links(viewer, owner, scope)
        if not roles:
            return False
        record_access(viewer, owner, scope, object_kind, link_role=roles[0])
        return True
    except Exception:
        log.exception("sharing gate failed; access denied")
        return False


def roles_through(viewer, owner, scope: str) -> set[str]:
    """The link roles through which viewer may see owner's `scope` now (no log: ask may_view to
    read). A panel uses it to show a partner less than a therapist; on any failure: none."""
    try:
        return set(_allowed_links(viewer, owner, scope))
    except Exception:
        log.exception("sharing gate failed; access denied")
        return set()


def require(viewer, owner, scope: str, object_kind: str = "") -> None:
    if not may_view(viewer, owner, scope, object_kind):
        raise Http404


def shared_owner_or_404(viewer, owner_id, scope: str, object_kind: str = "") -> User:
    try:
        owner = User.objects.get(pk=int(owner_id), is_active=True)
    except (User.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    require(viewer, owner, scope, object_kind)
    return owner


def owners_sharing(viewer, scope: str, *, role: str | None = None) -> QuerySet:
    """Everyone who currently shares `scope` with viewer (no log: listing is not reading)."""
    if not viewer.is_authenticated:
        return User.objects.none()
    grants = _live_grants(viewer, scope).filter(link__owner=OuterRef("pk"))
    if role:
        grants = grants.filter(link__role=role)
    if not user_has_mfa(viewer):
        grants = grants.exclude(link__role__in=ROLES_NEEDING_MFA)
    return User.objects.filter(Exists(grants), is_active=True)


def visible_scopes(viewer, owner) -> set[str]:
    """Scopes of owner's data viewer may see now. Use may_view() per section actually read."""
    if viewer.pk == owner.pk:
        return {scope.key for scope in scopes.all_scopes()}
    try:
        grants = Grant.objects.active().filter(
            link__status=LinkStatus.ACTIVE, link__member=viewer, link__owner=owner, link__owner__is_active=True
        )
        if not user_has_mfa(viewer):
            grants = grants.exclude(link__role__in=ROLES_NEEDING_MFA)
        return set(grants.values_list("scope", flat=True))
    except Exception:
        log.exception("sharing gate failed; access denied")
        return set()


def links_between(viewer, owner) -> QuerySet:
    return Link.objects.active().filter(member=viewer, owner=owner)


def record_access(viewer, owner, scope: str, object_kind: str = "", *, link_role: str = "") -> None:
    AccessLogEntry.objects.create(
        owner=owner,
        viewer=viewer,
        viewer_name=str(viewer)[:60],
        link_role=link_role,
        scope=scope,
        object_kind=object_kind[:60],
        at=timezone.now(),
    )
