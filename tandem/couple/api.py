"""What other apps may ask of the couple part. Stable names; the details live in services.py."""

import datetime

from .models import DisclosureVersion, FanosPrefs, SlipTold
from .weekly import fanos_dates  # noqa: F401 - re-exported


def slips_told_to_partner(client) -> dict[int, datetime.datetime]:
    """The client's slips they have marked as told to their partner: slip id -> when they told.
    A slip that isn't here must not reach any partner's view (docs/couple.md)."""
    return dict(
        SlipTold.objects.filter(owner=client, told_partner_at__isnull=False).values_list("slip_id", "told_partner_at")
    )


def disclosure_versions_sent_to(therapist, owner_ids, *, limit: int) -> list[DisclosureVersion]:
    """Versions of a disclosure sent to this therapist and not yet marked ready, from the
    processes of these clients, oldest first (at most `limit`; one query)."""
    return list(
        DisclosureVersion.objects.filter(
            status=DisclosureVersion.Status.SENT,
            disclosure__therapist=therapist,
            disclosure__owner_id__in=list(owner_ids),
        )
        .only("pk", "number", "sent_at", "disclosure_id", "owner_id")
        .order_by("sent_at", "pk")[:limit]
    )


def shared_summary(viewer, owner, scope: str) -> dict | None:
    """The JSON API's summary of owner's weekly safety and trust ratings as the person page's panel
    shows them to viewer: numbers only, never the notes written alongside. None for a scope not
    this app's. Call it only after the gate said yes to this read."""
    from . import panels

    if scope != "trust":
        return None
    ratings = panels.trust(viewer, owner)["ratings"]
    return {"weeks": [{"week_of": r.week_of, "safety": r.safety, "trust": r.trust} for r in ratings]}


def fanos_intervals(owner_ids) -> dict[int, int]:
    """Every how many days each of these people's couple does FANOS (left out: no fixed rhythm or
    not set). One query for them all."""
    intervals = {prefs.owner_id: prefs.interval_days for prefs in FanosPrefs.objects.filter(owner_id__in=owner_ids)}
    return {owner_id: days for owner_id, days in intervals.items() if days}
