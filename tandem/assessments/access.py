"""Who may reach each questionnaire route (see tandem/core/routes.py for the audiences)."""

from tandem.core.routes import Route

THERAPIST = {"therapist"}

ROUTES = [
    Route("assessments_index", "any"),
    Route("assessments_take", "any"),
    Route("assessments_history", "any"),
    Route("assessments_schema", "any"),
    Route("assessments_result", "owner"),
    Route("assessments_discard", "owner", method="POST", ok_status=302),
    Route("assessments_fhir", "shared", scope="assessments"),
    # The client's therapist (reading the results only while the client shares them).
    Route("assessments_client", "participant", parties=THERAPIST, scope="assessments", role_required="therapist"),
    Route(
        "assessments_assign", "participant", parties=THERAPIST, role_required="therapist", method="POST", ok_status=302
    ),
    # The client, or the therapist who set the questionnaire.
    Route("assessments_end_assignment", "participant", parties={"client", "therapist"}, method="POST", ok_status=302),
    Route("assessments_alerts", "therapist", deny_status=403),
    Route(
        "assessments_alert_seen",
        "participant",
        parties=THERAPIST,
        role_required="therapist",
        method="POST",
        ok_status=302,
    ),
    Route("assessments_packs", "practice_admin", deny_status=403),
    Route("assessments_pack_withdraw", "practice_admin", method="POST", ok_status=302, deny_status=403),
]
