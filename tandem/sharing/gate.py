"""The access gate: the one place that decides whether one person may see another's data.

    may_view(viewer, owner, scope, object_kind)  -> bool, logs the read when True
    require(viewer, owner, scope, object_kind)   -> None, or Http404
    shared_owner_or_404(viewer, owner_id, scope) -> the owner, or Http404
    owners_sharing(viewer, scope)                -> queryset of owners who share scope with viewer
    visible_scopes(viewer, owner)                -> set of scopes (no log; log each section read)
    roles_through(viewer, owner, scope)          -> set of link roles that grant it (no log)

In bulk, for a page about many owners at once (each a fixed number of queries, whatever the
number of owners):

    scopes_by_owner(viewer, role=, owners=, only=) -> {owner id: scopes viewer may see} (no log)
    record_reads(viewer, reads, kind=, role=)      -> one log row per allowed (owner, scope) read

Deny by default: no live link, no live grant, an unknown scope, a therapist or sponsor without
MFA, an inactive account, or any exception inside the gate all mean no. Nothing is cached:
every call asks the database, so a revoke or an ended link holds on the very next request.
"""

import logging
from collections.abc import Iterable, Mapping

from django.db import connection
from django.db.models import Exists, F, Min, OuterRef, Q, QuerySet, Value
from django.db.models import fields as model_fields
from django.http import Http404
from django.utils import timezone

from tandem.accounts.models import User
from tandem.accounts.security import ROLES_NEEDING_MFA, user_has_mfa

from . import scopes
from .models import AccessLogEntry, Grant, LinkStatus

log = logging.getLogger(__name__)


def _viewer_grants(viewer):
    """Every live grant viewer may use now: an active link, an active owner, a live grant, and
    two-step sign-in for the roles that need it. Each answer below starts here."""
    grants = Grant.objects.active().filter(
        link__status=LinkStatus.ACTIVE,
        link__member=viewer,
        link__owner__is_active=True,
    )
    if not user_has_mfa(viewer):
        grants = grants.exclude(link__role__in=ROLES_NEEDING_MFA)
    return grants


def _live_grants(viewer, scope: str):
    return _viewer_grants(viewer).filter(scope=scope)


def _allowed_links(viewer, owner, scope: str) -> list[str]:
    """The link roles through which viewer holds a live grant of scope on owner's data."""
    return list(_live_grants(viewer, scope).filter(link__owner=owner).values_list("link__role", flat=True))


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
    return User.objects.filter(Exists(grants), is_active=True)


def visible_scopes(viewer, owner) -> set[str]:
    """Scopes of owner's data viewer may see now. Use may_view() per section actually read."""
    if viewer.pk == owner.pk:
        return {scope.key for scope in scopes.all_scopes()}
    try:
        return set(_viewer_grants(viewer).filter(link__owner=owner).values_list("scope", flat=True))
    except Exception:
        log.exception("sharing gate failed; access denied")
        return set()


def _bulk_grants(viewer, *, role: str | None = None, owners=None, only=None):
    """The live grants behind the bulk answers, or None when the answer is "nobody"."""
    if viewer is None or not viewer.is_authenticated or not viewer.is_active:
        return None
    grants = _viewer_grants(viewer)
    if role:
        grants = grants.filter(link__role=role)
    if owners is not None:
        if isinstance(owners, QuerySet):
            grants = grants.filter(link__owner_id__in=owners)  # a subquery: no query of its own
        else:
            ids = sorted({getattr(o, "pk", o) for o in owners})
            if not ids:
                return None
            grants = grants.filter(link__owner_id__in=ids)
    known = {s.key for s in scopes.all_scopes()}
    wanted = known if only is None else known & set(only)
    if not wanted:
        return None
    return grants.filter(scope__in=sorted(wanted))


def scopes_by_owner(viewer, *, role: str | None = None, owners=None, only=None) -> dict[int, set[str]]:
    """{owner id: the scopes of theirs viewer may see now}, for many owners in one query. No log.

    The same answer as visible_scopes() per owner (it starts from the same grants). `role` keeps
    only links of that role; `owners` (ids, users, or a queryset of ids used as a subquery)
    limits the owners; `only` limits the scopes to the ones the caller reads. Owners sharing
    nothing are absent. On any failure: nothing."""
    try:
        grants = _bulk_grants(viewer, role=role, owners=owners, only=only)
        if grants is None:
            return {}
        result: dict[int, set[str]] = {}
        for owner_id, scope in grants.values_list("link__owner_id", "scope").distinct():
            result.setdefault(owner_id, set()).add(scope)
        return result
    except Exception:
        log.exception("sharing gate failed; access denied")
        return {}


def record_reads(viewer, reads: Mapping[str, Iterable[int]], *, kind: str = "", role: str | None = None) -> None:
    """Log what a many-owner page read, in one INSERT … SELECT statement whatever its length.

    `reads` maps a scope to the owners (ids) whose data of that scope was read. One access-log
    row is written per (owner, scope) that viewer may see now (the same rule as may_view(), which
    logs one row per allowed read), none for the others; `role` keeps only links of that role."""
    reads = {scope: sorted({getattr(o, "pk", o) for o in ids}) for scope, ids in reads.items()}
    reads = {scope: ids for scope, ids in reads.items() if ids}
    if not reads:
        return
    grants = _bulk_grants(viewer, role=role, only=set(reads))
    if grants is None:
        return
    condition = Q()
    for scope, ids in reads.items():
        condition |= Q(scope=scope, link__owner_id__in=ids)
    rows = (
        grants.filter(condition)
        .order_by()
        .values("link__owner_id", "scope")
        .annotate(
            t_role=Min("link__role"),
            t_viewer=Value(viewer.pk, output_field=model_fields.IntegerField()),
            t_name=Value(str(viewer)[:60], output_field=model_fields.CharField()),
            t_kind=Value(kind[:60], output_field=model_fields.CharField()),
            t_at=Value(timezone.now(), output_field=model_fields.DateTimeField()),
            t_owner=F("link__owner_id"),
            t_scope=F("scope"),
        )
    )
    columns = ("t_owner", "t_viewer", "t_name", "t_role", "t_scope", "t_kind", "t_at")
    select_sql, params = rows.values_list(*columns).query.sql_with_params()
    field = AccessLogEntry._meta.get_field
    names = [field(n).column for n in ("owner", "viewer", "viewer_name", "link_role", "scope", "object_kind", "at")]
    quote = connection.ops.quote_name
    table = quote(AccessLogEntry._meta.db_table)
    sql = f"INSERT INTO {table} ({', '.join(quote(n) for n in names)}) {select_sql}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def granted_links(links, scope: str) -> set[int]:
    """The ids of those links (an owner's own) through which `scope` is granted now. No log:
    it tells an owner what they share, not what anyone may read."""
    return set(Grant.objects.active().filter(link__in=links, scope=scope).values_list("link_id", flat=True))


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
