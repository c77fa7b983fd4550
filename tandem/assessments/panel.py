"""The `assessments` panel on the person page: latest results and history charts for grantees.

Only called after the gate said yes for (viewer, owner, "assessments"). Safety answers are
clinical information: the "safety answer" badge (and anything item-level) is for a linked
therapist only; a partner or sponsor holding the scope sees totals and bands. Dates are the
owner's local ones (as in the other panels and in reports), whoever reads them.
"""

from tandem.sharing.models import Link, LinkRole, LinkStatus

from . import charts, services


def panel_context(viewer, owner) -> dict:
    is_therapist = (
        viewer.has_role("therapist")
        and Link.objects.filter(owner=owner, member=viewer, role=LinkRole.THERAPIST, status=LinkStatus.ACTIVE).exists()
    )
    sections = []
    for key, responses in services.by_instrument(owner).items():
        latest = responses[-1]
        instrument = latest.instrument
        sections.append(
            {
                "instrument": instrument,
                "latest": latest,
                "band": instrument.band_for(latest.total),
                "count": len(responses),
                "chart": charts.history_chart(instrument, responses, owner.zone, f"panel-chart-{key}"),
            }
        )
    return {"owner": owner, "sections": sections, "is_therapist": is_therapist}
