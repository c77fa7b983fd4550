"""Who may reach each reminders route (see tandem/core/routes.py)."""

from tandem.core.routes import Route

ROUTES = [
    Route("reminders", "any"),
    Route("reminders_stop_all", "any", method="POST", ok_status=302),
    # The stop link in every email: signed, it works without signing in (and for whoever holds it).
    Route("reminders_stop", "any", anonymous_status=200),
]
