"""Who may reach each history route. Every object route is the owner's alone: others get 404."""

from tandem.core.routes import ANY_SCOPE, Route


def owner_post(name):
    return Route(name, "owner", method="POST", ok_status=302)


ROUTES = [
    Route("timeline", "any"),
    Route("timeline_add", "any"),
    Route("timeline_birth_year", "any", method="POST", ok_status=302),
    Route("timeline_edit", "owner"),
    owner_post("timeline_delete"),
    Route("history_break", "any"),
    Route("family", "any"),
    Route("family_start", "any", method="POST", ok_status=302),
    Route("family_person_add", "any"),
    Route("family_person_edit", "owner"),
    owner_post("family_person_delete"),
    Route("family_union_add", "any"),
    Route("family_union_edit", "owner"),
    owner_post("family_union_delete"),
    Route("family_child_add", "any"),
    owner_post("family_child_delete"),
    Route("family_line_add", "any"),
    owner_post("family_line_delete"),
    # The recovery picture: one's own; another's only while they share something with the viewer
    # (each layer then follows its own scope, tandem/history/picture.py).
    Route("picture", "any"),
    Route("picture_shared", "participant", parties={"therapist", "partner", "sponsor"}, scope=ANY_SCOPE),
]
