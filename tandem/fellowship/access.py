"""Who may reach each fellowship route (see tandem/core/routes.py for the audiences)."""

from tandem.core.routes import Route

ROUTES = [
    # Finding meetings: public reference data, every signed-in person
    Route("meeting_finder", "any"),
    Route("meeting_detail", "any"),
    Route("schedule_add_meeting", "any", method="POST", ok_status=302),
    Route("places", "any"),
    Route("place_delete", "owner", method="POST", ok_status=302),
    # Meeting feeds: practice admins
    Route("feeds_admin", "practice_admin", deny_status=403),
    Route("feed_detail", "practice_admin", deny_status=403),
    Route("feed_refresh", "practice_admin", method="POST", ok_status=302, deny_status=403),
    # The person's own week: each sees only their own
    Route("schedule", "any"),
    Route("schedule_new", "any"),
    Route("schedule_edit", "owner"),
    Route("schedule_remove", "owner", method="POST", ok_status=302),
    Route("attend", "owner", method="POST", ok_status=302),
    Route("attendance_log", "any"),
    Route("attendance_delete", "owner", method="POST", ok_status=302),
    Route("ninety_restart", "any", method="POST", ok_status=302),
    Route("calendar_settings", "any"),
    # Attendance records: each person's own (the public check, record_verify, is in PUBLIC_ROUTES)
    Route("attendance_records", "any"),
    Route("attendance_record", "owner"),
    Route("attendance_record_csv", "owner"),
    Route("attendance_record_pdf", "owner"),
    Route("attendance_record_revoke", "owner", method="POST", ok_status=302),
    # Support network and outreach
    Route("network", "any"),
    Route("contact_edit", "owner"),
    Route("contact_delete", "owner", method="POST", ok_status=302),
    Route("outreach", "any"),
    Route("outreach_quick", "any", method="POST", ok_status=302),
    Route("outreach_delete", "owner", method="POST", ok_status=302),
    # Step work, and the view of it through the gate (sponsor, or anyone the owner shares it with)
    Route("steps", "any"),
    Route("step_prefs", "any", method="POST", ok_status=302),
    Route("step_detail", "any"),
    Route("sponsees", "sponsor", deny_status=403),
    Route("sponsee_steps", "shared", scope="stepwork"),
    Route("sponsee_step", "shared", scope="stepwork"),
    Route("step_comment", "shared", scope="stepwork", method="POST", ok_status=302),
]
