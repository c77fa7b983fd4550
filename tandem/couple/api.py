"""What other apps may ask of the couple part. Stable names; the details live in services.py."""

import datetime


def slips_told_to_partner(client) -> dict[int, datetime.datetime]:
    """The client's slips they have marked as told to their partner: slip id -> when they told.
    A slip that isn't here must not reach any partner's view (docs/couple.md)."""
    from .models import SlipTold

    return dict(
        SlipTold.objects.filter(owner=client, told_partner_at__isnull=False).values_list("slip_id", "told_partner_at")
    )
