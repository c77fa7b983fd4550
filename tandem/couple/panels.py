"""How the partner's trust trend shows on the person page of someone they share it with (for
example their own therapist). Called only after the gate said yes. Numbers only, never notes."""

from .charts import trust_chart
from .models import TrustRating


def trust(viewer, owner) -> dict:
    ratings = list(TrustRating.objects.filter(owner=owner).only("week_of", "safety", "trust").order_by("-week_of")[:52])
    return {"chart": trust_chart(f"trust-{owner.pk}", ratings, weeks=52)}
