"""Who may reach each couple route (see tandem/core/routes.py for the audiences).

A disclosure's parties are its client, their therapist and their partner; each page of the
process names which of them reach it. Everyone else gets 404 for every one of its ids.
"""

from tandem.core.routes import Route

COUPLE_ROLES = ("client", "partner")
"""What the couple pages ask for first (their `role_required`): 403 for people holding neither."""
EVERY_PARTY = {"client", "therapist", "partner"}


def _therapist_action(name, **kwargs):
    """The disclosure's therapist moves the process on: other therapists 404, others 403."""
    return Route(name, "participant", parties={"therapist"}, role_required="therapist", **kwargs)


def _party(name, *parties, **kwargs):
    return Route(name, "participant", parties=set(parties), **kwargs)


ROUTES = [
    # The partner's own room
    Route("partner_home", "partner", deny_status=403),
    Route("partner_checkin", "partner", deny_status=403),
    Route("partner_checkins", "partner", deny_status=403),
    Route("partner_reading", "any"),
    Route("partner_reading_page", "any"),
    Route("trust_ratings", "partner", deny_status=403),
    Route("trust_share", "partner", method="POST", ok_status=302, deny_status=403),
    # Together
    Route("together", "any", role_required=COUPLE_ROLES),
    _party("telling_propose", "client", "partner", role_required=COUPLE_ROLES, method="POST", ok_status=302),
    _party("telling_agree", "client", "partner", role_required=COUPLE_ROLES, method="POST", ok_status=302),
    _party("telling_end", "client", "partner", role_required=COUPLE_ROLES, method="POST", ok_status=302),
    Route("slips_told", "client", deny_status=403),
    Route("slip_told", "owner"),
    Route("fanos", "any", role_required=COUPLE_ROLES),
    Route("fanos_history", "any", role_required=COUPLE_ROLES),
    Route("fanos_log", "any", role_required=COUPLE_ROLES, method="POST", ok_status=302),
    Route("fanos_prefs", "any", role_required=COUPLE_ROLES, method="POST", ok_status=302),
    Route("agreements", "any", role_required=COUPLE_ROLES),
    Route("agreement_edit", "owner", role_required=COUPLE_ROLES),
    Route("agreement_delete", "owner", role_required=COUPLE_ROLES, method="POST", ok_status=302),
    # The formal process
    Route("disclosure_index", "any"),
    Route("disclosure_open", "therapist", deny_status=403),
    _party("disclosure_detail", *EVERY_PARTY),
    _party("disclosure_partner", "client", method="POST", ok_status=302),
    _party("disclosure_support", "partner", method="POST", ok_status=302),
    _party("disclosure_readiness", "client", "partner"),
    _therapist_action("disclosure_advance", method="POST", ok_status=302),
    _therapist_action("disclosure_back", method="POST", ok_status=302),
    Route("disclosure_version_new", "owner"),
    _party("disclosure_version", "client", "therapist"),
    Route("disclosure_version_edit", "owner"),  # a draft: the client's alone
    Route("disclosure_version_send", "owner", method="POST", ok_status=302),
    _party("disclosure_version_changes", "client", "therapist"),
    _therapist_action("disclosure_version_ready", method="POST", ok_status=302),
    _therapist_action("disclosure_version_comment", method="POST", ok_status=302),
    _party("disclosure_questions", "therapist", "partner"),
    _party("disclosure_questions_give", "partner", method="POST", ok_status=302),
    _party("disclosure_question_delete", "partner", method="POST", ok_status=302),
    _therapist_action("disclosure_polygraph"),
    _therapist_action("disclosure_session"),
    _therapist_action("disclosure_held", method="POST", ok_status=302),
    _party("disclosure_impact", *EVERY_PARTY),
    _party("disclosure_impact_share", "partner", method="POST", ok_status=302),
    _therapist_action("disclosure_impact_release", method="POST", ok_status=302),
    _party("disclosure_restitution", *EVERY_PARTY),
    _party("disclosure_restitution_send", "client", method="POST", ok_status=302),
    _therapist_action("disclosure_restitution_review", method="POST", ok_status=302),
    _party("disclosure_restitution_share", "client", method="POST", ok_status=302),
    # A practice's rules
    Route("couple_practice", "practice_admin", deny_status=403),
]
