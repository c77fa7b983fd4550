"""Who may reach each report.

"My progress" is everyone's own. A client summary is for the client's therapist (with MFA)
while the client shares at least one scope with them; other therapists get 404, and people who
are not therapists at all get 403.
"""

from tandem.core.routes import ANY_SCOPE, Route

ROUTES = [
    Route("reports", "any"),
    Route("report_progress", "any"),
    Route("report_progress_pdf", "any"),
    Route("report_client", "participant", parties={"therapist"}, scope=ANY_SCOPE, role_required="therapist"),
    Route("report_client_pdf", "participant", parties={"therapist"}, scope=ANY_SCOPE, role_required="therapist"),
]
