"""Marker seeders for the leak and encryption tests (tests/support/markers.py)."""

from tandem.history.models import LifeEvent, Relative


def seed_timeline(owner, marker):
    return LifeEvent.objects.create(
        owner=owner, kind="trauma", title="A hard year", description=f"What happened: {marker}", age_from=9, rating=-4
    )


def seed_genogram(owner, marker):
    return Relative.objects.create(
        owner=owner, name="Maternal grandfather", gender="male", birth_year=1931, notes=f"Drank heavily. {marker}"
    )


SEEDERS = [("timeline", seed_timeline), ("genogram", seed_genogram)]
