"""Marker seeders for the leak and encryption tests (tests/support/markers.py).

Markers go only into a person's own encrypted free text — never into meeting names or anything
else a feed publishes, which is public data.
"""

import datetime

from tandem.fellowship.models import (
    Attendance,
    Contact,
    Outreach,
    SavedPlace,
    ScheduleEntry,
    StepAnswer,
)
from tandem.fellowship.tests.routes import make_record


def seed_meetings(owner, marker: str) -> None:
    entry = ScheduleEntry.objects.create(
        owner=owner,
        private_name="Tuesday night group",
        private_day=2,
        private_time=datetime.time(19, 30),
        private_time_zone=owner.time_zone,
        notes=f"Sit near the door. {marker}",
    )
    Attendance.objects.create(owner=owner, date=owner.local_today(), entry=entry, label=entry.private_name, note=marker)


def seed_outreach(owner, marker: str) -> None:
    Outreach.objects.create(owner=owner, kind="call", direction="out", date=owner.local_today(), note=marker)


def seed_stepwork(owner, marker: str) -> None:
    StepAnswer.objects.create(owner=owner, step=1, prompt="1a", text=f"It cost me {marker}", is_draft=False)


def seed_private(owner, marker: str) -> None:
    Contact.objects.create(owner=owner, name="Jamie", role="friend", phone="555 0100", notes=marker)
    SavedPlace.objects.create(owner=owner, label=f"Home {marker}", coordinates=[40.7, -74.0])


def seed_record(owner, marker: str) -> None:
    """An attendance record: the name it prints and its rows are the owner's alone."""
    make_record(owner, printed_name=f"Robin {marker}", meeting=f"Harbour group {marker}")


SEEDERS = [
    ("meetings", seed_meetings),
    ("outreach", seed_outreach),
    ("stepwork", seed_stepwork),
    ("private", seed_private),
    ("private", seed_record),
]
