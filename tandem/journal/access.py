"""Who may reach each journal route: the list and the form are everyone's own; entries are the owner's."""

from tandem.core.routes import Route


def _entry(world):
    from .models import JournalEntry

    entry = JournalEntry.objects.create(owner=world.owner, written_on=world.owner.local_today(), text="A quiet day.")
    return entry.pk


ROUTES = [
    Route("journal", "any"),
    Route("journal_new", "any"),
    Route("journal_entry", "owner", url=lambda w: f"/journal/{_entry(w)}/"),
    Route("journal_edit", "owner", url=lambda w: f"/journal/{_entry(w)}/edit/"),
    Route("journal_delete", "owner", url=lambda w: f"/journal/{_entry(w)}/delete/", method="POST", ok_status=302),
]
