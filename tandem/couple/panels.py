"""How the partner's trust trend shows on the person page of someone they share it with (for
example their own therapist). Called only after the gate said yes. Numbers only, never notes."""

from .charts import trust_chart
from .models import TrustRating

TRUST_WEEKS = 52


def trust_ratings(owner) -> list[TrustRating]:
    """The latest weeks' ratings the panel draws (and the API lists): numbers only."""
    return list(
        TrustRating.objects.filter(owner=owner).only("week_of", "safety", "trust").order_by("-week_of")[:TRUST_WEEKS]
    )


def trust(viewer, owner) -> dict:
    ratings = trust_ratings(owner)
    return {"chart": trust_chart(f"trust-{owner.pk}", ratings, weeks=TRUST_WEEKS), "ratings": ratings}
