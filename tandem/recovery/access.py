"""Who may reach each recovery route (see tandem/core/routes.py).

Recovery pages are the client's own room: "client" pages answer 403 to people without the
client role; pages about one object answer 404 to everyone but its owner.
"""

from tandem.core.routes import Route


def _client(name, **kwargs):
    return Route(name, "client", deny_status=403, **kwargs)


ROUTES = [
    _client("recovery_dashboard"),
    _client("recovery_setup"),
    _client("recovery_settings"),
    _client("program_new"),
    Route("program_edit", "owner"),
    _client("circles"),
    Route("circles_edit", "owner"),
    Route("circles_version", "owner"),
    _client("checkin"),
    _client("checkin_history"),
    Route("checkin_day", "owner"),
    _client("urge"),
    _client("urge_log"),
    _client("urge_add_person", method="POST", ok_status=302),
    _client("urge_history"),
    _client("slips"),
    _client("slip_new"),
    Route("slip_detail", "owner"),
    _client("milestones"),
    Route("milestone_put_away", "owner", method="POST", ok_status=302),
    _client("plan"),
    _client("plan_edit"),
    Route("plan_version", "owner"),
    Route("safety_plan", "any"),
    Route("safety_plan_edit", "any"),
    Route("learn", "any"),
    Route("learn_page", "any"),
]
