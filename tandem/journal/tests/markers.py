"""Marker seeder for the leak and encryption tests (tests/support/markers.py)."""

from tandem.journal.models import JournalEntry


def seed_journal(owner, marker):
    return JournalEntry.objects.create(
        owner=owner, written_on=owner.local_today(), title="Tuesday", text=f"Hard evening. {marker}", mood=2
    )


SEEDERS = [("journal", seed_journal)]
