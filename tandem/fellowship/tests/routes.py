"""URLs of the fellowship routes in the test world (tests/support/matrix.py)."""

import base64
import datetime

from tandem.fellowship import records
from tandem.fellowship.models import (
    Attendance,
    AttendanceRecord,
    Contact,
    Feed,
    Meeting,
    Outreach,
    SavedPlace,
    ScheduleEntry,
)


def _feed():
    feed, _ = Feed.objects.get_or_create(
        name="Matrix intergroup", defaults={"program": "SAA", "default_time_zone": "America/New_York"}
    )
    return feed


def _meeting():
    meeting, _ = Meeting.objects.get_or_create(
        feed=_feed(),
        slug="matrix-monday",
        defaults={
            "program": "SAA",
            "name": "Monday Night Freedom",
            "day": 1,
            "time": datetime.time(19, 0),
            "time_zone": "America/New_York",
            "attendance": "in_person",
            "is_in_person": True,
            "content_hash": "x",
        },
    )
    return meeting


def _entry(world):
    return ScheduleEntry.objects.create(
        owner=world.owner, private_name="Tuesday night group", private_day=2, private_time=datetime.time(19, 30)
    )


def _attendance(world):
    return Attendance.objects.create(owner=world.owner, date=world.owner.local_today(), label="Tuesday night group")


def _place(world):
    return SavedPlace.objects.create(owner=world.owner, label="Home", coordinates=[40.7, -74.0])


def _contact(world):
    return Contact.objects.create(owner=world.owner, name="Jamie", role="friend", phone="555 0100")


def _outreach(world):
    return Outreach.objects.create(owner=world.owner, kind="call", date=world.owner.local_today())


def make_record(owner, printed_name="Robin", meeting="Tuesday Lighthouse") -> AttendanceRecord:
    """A record as issued, without making its files (cheap enough for every matrix case)."""
    today = owner.local_today()
    row = {"date": today.isoformat(), "time": "7:30 pm", "zone": "New York time", "meeting": meeting}
    row |= {"format": "Open", "attends": "In person", "own": False}
    csv_text = f"Record,{printed_name}\r\n{today},{meeting}\r\n"
    pdf_body = b"%PDF-1.4 not a real one"
    code = records.normalize_code(records.new_code())
    return AttendanceRecord.objects.create(
        owner=owner,
        first_day=today - datetime.timedelta(days=30),
        last_day=today,
        printed_name=printed_name,
        rows=[row],
        issued_on=today,
        code_prefix=code[: records.PREFIX_LENGTH],
        code_hash=records.hash_code(code),
        csv_file=csv_text,
        csv_digest=records.digest(csv_text.encode()),
        pdf_file=base64.b64encode(pdf_body).decode(),
        pdf_digest=records.digest(pdf_body),
    )


URLS = {
    "meeting_detail": lambda world: f"/meetings/{_meeting().pk}/",
    "schedule_add_meeting": lambda world: f"/meetings/{_meeting().pk}/add/",
    "place_delete": lambda world: f"/meetings/places/{_place(world).pk}/delete/",
    "feed_detail": lambda world: f"/meetings/feeds/{_feed().pk}/",
    "feed_refresh": lambda world: f"/meetings/feeds/{_feed().pk}/refresh/",
    "schedule_edit": lambda world: f"/schedule/{_entry(world).pk}/",
    "schedule_remove": lambda world: f"/schedule/{_entry(world).pk}/remove/",
    "attend": lambda world: f"/schedule/{_entry(world).pk}/went/",
    "attendance_delete": lambda world: f"/schedule/attended/{_attendance(world).pk}/delete/",
    "contact_edit": lambda world: f"/network/{_contact(world).pk}/",
    "contact_delete": lambda world: f"/network/{_contact(world).pk}/delete/",
    "outreach_delete": lambda world: f"/outreach/{_outreach(world).pk}/delete/",
    "attendance_record": lambda world: f"/schedule/records/{make_record(world.owner).pk}/",
    "attendance_record_csv": lambda world: f"/schedule/records/{make_record(world.owner).pk}/record.csv",
    "attendance_record_pdf": lambda world: f"/schedule/records/{make_record(world.owner).pk}/record.pdf",
    "attendance_record_revoke": lambda world: f"/schedule/records/{make_record(world.owner).pk}/revoke/",
    "step_detail": lambda world: "/steps/4/",
    "sponsee_steps": lambda world: f"/sponsees/{world.owner.pk}/steps/",
    "sponsee_step": lambda world: f"/sponsees/{world.owner.pk}/steps/1/",
    "step_comment": lambda world: f"/sponsees/{world.owner.pk}/steps/1/comment/",
}
