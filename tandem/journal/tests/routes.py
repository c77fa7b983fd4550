"""URLs of the journal routes in the test world (tests/support/matrix.py)."""

from tandem.journal.models import JournalEntry


def _entry(world):
    entry = JournalEntry.objects.create(owner=world.owner, written_on=world.owner.local_today(), text="A quiet day.")
    return entry.pk


URLS = {
    "journal_entry": lambda world: f"/journal/{_entry(world)}/",
    "journal_edit": lambda world: f"/journal/{_entry(world)}/edit/",
    "journal_delete": lambda world: f"/journal/{_entry(world)}/delete/",
}
