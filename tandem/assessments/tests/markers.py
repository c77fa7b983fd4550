"""Marker seeder for the leak and encryption tests (tests/support/markers.py)."""

import uuid

from tandem.assessments import definitions, services


def seed(owner, marker: str) -> None:
    """A completed PHQ-9 whose encrypted note holds the marker."""
    instrument = definitions.builtin("phq9")
    answers = {item["id"]: 0 for item in instrument.items}
    answers["2"] = 1
    services.complete(owner, instrument, uuid.uuid4(), answers, {}, note=f"Hard week. {marker}")


SEEDERS = [("assessments", seed)]
