"""A therapist's clients: their links and practice.

What each client shares, for a whole caseload at once, and the reads to log are the gate's to
answer (gate.scopes_by_owner, gate.record_reads); this module keeps no copy of its rules.
"""

from django.http import Http404

from tandem.accounts.models import RoleAssignment
from tandem.sharing.models import Link, LinkRole, LinkStatus


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


def clients_choices(therapist) -> list[tuple[int, str]]:
    return [
        (link.owner_id, str(link.owner))
        for link in active_links(therapist).select_related("owner").order_by("owner__display_name", "owner_id")
    ]
