"""Who may reach each therapy route (see tandem/core/routes.py for the audiences).

Another practice's therapist (Dr Kim in the tests) gets 404 on every page about a client or
object of Dr Lee's, people without the therapist role get 403 on therapist pages, and group
pages answer 404 to everyone but the group's members and its therapist.
"""

from tandem.core.routes import Route


def _clients_therapist(name, **kwargs):
    """A therapist page about one client or their record: the client's own therapist alone."""
    return Route(name, "participant", parties={"therapist"}, role_required="therapist", **kwargs)


ROUTES = [
    # the therapist's side
    Route("caseload", "therapist", deny_status=403),
    Route("invite_client", "therapist", deny_status=403),
    _clients_therapist("therapy_client"),
    _clients_therapist("therapy_plan"),
    _clients_therapist("therapy_goal_new"),
    _clients_therapist("therapy_goal_edit"),
    _clients_therapist("therapy_notes"),
    _clients_therapist("therapy_note_new"),
    _clients_therapist("therapy_note"),
    _clients_therapist("therapy_note_sign", method="POST", ok_status=302),
    _clients_therapist("therapy_note_addendum", method="POST"),  # an empty addendum: the form again
    Route("therapy_homework_new", "therapist", deny_status=403),
    _clients_therapist("therapy_homework", scope="homework"),
    _clients_therapist("therapy_homework_withdraw", method="POST", ok_status=302),
    # the client's side
    Route("homework", "any"),
    Route("homework_detail", "owner"),
    Route("shared_plans", "any"),
    Route("therapy_move", "owner"),
    # groups: the members ("client") and the group's therapist
    Route("groups", "any"),
    Route("group_new", "therapist", deny_status=403),
    Route("group_detail", "participant", parties={"client", "therapist"}),
    _clients_therapist("group_invite"),
    Route("group_join", "owner"),
    Route("group_leave", "owner"),
    # an empty reply: back to the group with a message
    Route("group_reply", "participant", parties={"client", "therapist"}, method="POST", ok_status=302),
    Route("group_thanks", "participant", parties={"client"}, method="POST", ok_status=302),
    Route("group_moderate", "participant", parties={"therapist"}, method="POST", ok_status=302),
    Route("group_reply_hide", "participant", parties={"therapist"}, method="POST", ok_status=302),
    # the practice admin's side
    Route("practice_moves", "practice_admin", deny_status=403),
    Route("practice_move_withdraw", "practice_admin", method="POST", ok_status=302, deny_status=403),
]
