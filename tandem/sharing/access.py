"""Who may reach each sharing route (see tandem/core/routes.py for the audiences)."""

from tandem.core.routes import Route

ROUTES = [
    Route("privacy", "any"),
    Route("invite", "any"),
    Route("enter_code", "any"),
    Route("shared_with_me", "any"),
    # What a person shares with me: for the people linked to them, whatever they share.
    Route("person", "participant", parties={"partner", "therapist", "sponsor"}),
    # A link ends from either side of it.
    Route("end_link", "participant", parties={"client", "partner"}, method="POST", ok_status=302),
    Route("add_grant", "owner", method="POST", ok_status=302),
    Route("revoke_grant", "owner", method="POST", ok_status=302),
    # Both ask for the password again first (allauth reauthentication).
    Route("export", "any", ok_status=302),
    Route("erase", "any", ok_status=302),
]
