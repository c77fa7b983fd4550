"""Who may reach each journal route: the list and the form are everyone's own; entries are the owner's."""

from tandem.core.routes import Route

ROUTES = [
    Route("journal", "any"),
    Route("journal_new", "any"),
    Route("journal_entry", "owner"),
    Route("journal_edit", "owner"),
    Route("journal_delete", "owner", method="POST", ok_status=302),
]
