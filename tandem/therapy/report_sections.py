"""The therapist's own records in a client summary report (tandem.reports): the treatment plan,
and — only when the therapist ticks them for that report — signed session notes in the period.
Both are the viewer's own records about this client, so they need no grant."""

from .models import SessionNote, TreatmentPlan


def treatment_plan(viewer, owner, period) -> dict:
    plan = (
        TreatmentPlan.objects.filter(owner=viewer, client=owner)
        .prefetch_related("goals__objectives", "goals__interventions")
        .first()
    )
    if plan is None:
        return {"empty": True}
    return {"plan": plan, "goals": list(plan.goals.all())}


def session_notes(viewer, owner, period) -> dict:
    notes = list(
        SessionNote.objects.filter(
            owner=viewer,
            client=owner,
            signed_at__isnull=False,
            session_on__gte=period.start,
            session_on__lte=period.end,
        ).order_by("session_on")
    )
    return {"notes": notes, "empty": not notes}
