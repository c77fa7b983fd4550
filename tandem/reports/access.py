"""Who may reach each report.

"My progress" is everyone's own. A client summary is for a therapist (with MFA) whose client
shares at least one scope with them through a live therapist link; other therapists get 404,
and people who are not therapists at all get 403 (the role page rule).
"""

from tandem.core.routes import Route


def _client_summary(world, persona, grants_on):
    if persona not in {"therapist", "other_therapist"}:
        return 403
    return 200 if persona == "therapist" and grants_on else 404


ROUTES = [
    Route("reports", "any"),
    Route("report_progress", "any"),
    Route("report_progress_pdf", "any"),
    Route(
        "report_client",
        "therapist",
        url=lambda w: f"/reports/clients/{w.owner.pk}/",
        expect=_client_summary,
    ),
    Route(
        "report_client_pdf",
        "therapist",
        url=lambda w: f"/reports/clients/{w.owner.pk}/pdf/",
        expect=_client_summary,
    ),
]
