"""A therapist's clients: their links, what each shares (in bulk), and the reads to log.

The sharing gate answers for one owner at a time. A caseload needs the same answer for every
client at once, in a fixed number of queries, so this module asks the same question of the same
tables in one query: the live grants of this therapist's active therapist links. The rules are
the gate's: deny by default, an active link, an active owner, a live grant, and MFA for a
therapist (no MFA, nothing). Each section a therapist opens still goes through gate.may_view().
"""

from django.db import connection
from django.db.models import F, Q, Value
from django.db.models import fields as model_fields
from django.http import Http404
from django.utils import timezone

from tandem.accounts.models import RoleAssignment
from tandem.accounts.security import user_has_mfa
from tandem.sharing.models import AccessLogEntry, Grant, Link, LinkRole, LinkStatus


def active_links(therapist):
    """This therapist's active therapist links with active clients."""
    return Link.objects.filter(
        member=therapist, role=LinkRole.THERAPIST, status=LinkStatus.ACTIVE, owner__is_active=True
    )


def link_or_404(therapist, owner_id) -> Link:
    """The active therapist link between this therapist and this client, or 404."""
    try:
        owner_id = int(owner_id)
    except (TypeError, ValueError):
        raise Http404 from None
    link = active_links(therapist).filter(owner_id=owner_id).select_related("owner", "practice").first()
    if link is None:
        raise Http404
    return link


def practice_of(therapist):
    """The therapist's practice (the first, should they belong to more than one)."""
    assignment = (
        RoleAssignment.objects.filter(user=therapist, role="therapist", practice__isnull=False)
        .select_related("practice")
        .order_by("pk")
        .first()
    )
    return assignment.practice if assignment else None


def live_grants(therapist):
    return Grant.objects.active().filter(
        link__member=therapist,
        link__role=LinkRole.THERAPIST,
        link__status=LinkStatus.ACTIVE,
        link__owner__is_active=True,
    )


def scopes_by_owner(therapist, *, search: str = "", owner_ids=None, only=None) -> dict[int, set[str]]:
    """{client id: scopes they share with this therapist now}, in one query. No log.

    `only` limits the answer to these scopes (what the caller reads)."""
    if not therapist.is_authenticated or not therapist.is_active or not user_has_mfa(therapist):
        return {}
    grants = live_grants(therapist)
    if search:
        grants = grants.filter(link__owner__display_name__icontains=search)
    if owner_ids is not None:
        grants = grants.filter(link__owner_id__in=list(owner_ids))
    if only is not None:
        grants = grants.filter(scope__in=sorted(only))
    result: dict[int, set[str]] = {}
    for owner_id, scope in grants.values_list("link__owner_id", "scope"):
        result.setdefault(owner_id, set()).add(scope)
    return result


def log_reads(therapist, reads: dict[str, list[int]], *, kind: str) -> None:
    """Write one access-log entry per (client, scope) read, in one INSERT … SELECT query.

    `reads` maps a scope to the clients whose data of that scope was read; an entry is written
    only where that scope is (still) granted. One statement whatever the number of clients, so a
    page's query count does not grow with its length.
    """
    reads = {scope: sorted(set(ids)) for scope, ids in reads.items() if ids}
    if not reads or not user_has_mfa(therapist):
        return
    condition = Q()
    for scope, ids in reads.items():
        condition |= Q(scope=scope, link__owner_id__in=ids)
    rows = (
        live_grants(therapist)
        .filter(condition)
        .order_by()
        .annotate(
            t_owner=F("link__owner_id"),
            t_viewer=Value(therapist.pk, output_field=model_fields.IntegerField()),
            t_name=Value(str(therapist)[:60], output_field=model_fields.CharField()),
            t_role=Value(LinkRole.THERAPIST.value, output_field=model_fields.CharField()),
            t_scope=F("scope"),
            t_kind=Value(kind[:60], output_field=model_fields.CharField()),
            t_at=Value(timezone.now(), output_field=model_fields.DateTimeField()),
        )
    )
    columns = ("t_owner", "t_viewer", "t_name", "t_role", "t_scope", "t_kind", "t_at")
    select_sql, params = rows.values_list(*columns).query.sql_with_params()
    names = [AccessLogEntry._meta.get_field(n).column for n in ("owner", "viewer", "viewer_name", "link_role")]
    names += [AccessLogEntry._meta.get_field(n).column for n in ("scope", "object_kind", "at")]
    quote = connection.ops.quote_name
    table = quote(AccessLogEntry._meta.db_table)
    sql = f"INSERT INTO {table} ({', '.join(quote(n) for n in names)}) {select_sql}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def clients_choices(therapist) -> list[tuple[int, str]]:
    return [
        (link.owner_id, str(link.owner))
        for link in active_links(therapist).select_related("owner").order_by("owner__display_name", "owner_id")
    ]
