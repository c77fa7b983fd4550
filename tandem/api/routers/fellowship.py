"""Meetings (the finder), the person's own schedule, attendance and outreach.

Reads need the `fellowship:read` scope, writes `fellowship:write`. Every record is the person's
own: another person's id answers 404. Input is checked by the pages' own forms
(`tandem.fellowship.api`), so the API refuses what a page refuses, with the page's words.
"""

import base64
import binascii
import datetime
import json
import uuid

from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import StrictInt

from tandem.fellowship import api as fellowship

from ..auth import require_scope
from ..pagination import MAX_SIZE, cursor_page
from ..schemas import Error, Id, Page, StrictIn
from .refusals import refusals

router = Router()

READ, WRITE = "fellowship:read", "fellowship:write"
ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 413: Error, 422: Error, 429: Error}
SIZE = Query(50, ge=1, le=MAX_SIZE, description="Items per page.")
MAX_OFFSET = 1_000_000
"""No finder search reaches this far; a cursor beyond it was not given out here."""
CURSOR = Query(None, description="The `next` of the page before; leave out for the first page.")


# --- Schemas ------------------------------------------------------------------------------------


class MeetingType(Schema):
    code: str
    label: str


class MeetingOut(Schema):
    id: int
    name: str
    program: str
    day: int | None = Field(description="0 = Sunday … 6 = Saturday, in the meeting's own zone.")
    day_name: str
    time: datetime.time | None
    end_time: datetime.time | None
    time_zone: str
    next_start: datetime.datetime | None = Field(description="The next start, in the meeting's zone.")
    next_local_start: datetime.datetime | None = Field(description="The same moment in the person's zone.")
    attendance: str
    is_online: bool
    is_in_person: bool
    listed: bool
    types: list[MeetingType]
    location: str
    formatted_address: str
    region: str
    latitude: float | None
    longitude: float | None
    conference_url: str
    conference_phone: str
    url: str
    notes: str
    distance_km: float | None = Field(description="From the point searched near, when there was one.")
    in_schedule: bool


class MeetingPage(Page):
    items: list[MeetingOut]


class EntryOut(Schema):
    id: int
    meeting_id: int | None = Field(description="The finder's meeting; null for a private meeting.")
    name: str
    private: bool
    listed: bool
    day: int | None
    time: datetime.time | None
    end_time: datetime.time | None
    time_zone: str
    next_start: datetime.datetime | None
    next_local_start: datetime.datetime | None
    where: str
    notes: str
    created_at: datetime.datetime


class EntryPage(Page):
    items: list[EntryOut]


class EntryIn(StrictIn):
    """Either `meeting_id` (a meeting from the finder) alone, or a private meeting: name, day,
    time and time_zone, with end_time, where and notes if wished."""

    meeting_id: Id | None = None
    name: str | None = None
    day: StrictInt | None = Field(None, description="0 = Sunday … 6 = Saturday.")
    time: datetime.time | None = None
    end_time: datetime.time | None = None
    time_zone: str | None = None
    where: str | None = None
    notes: str | None = None


class AttendanceOut(Schema):
    id: int
    date: datetime.date
    label: str
    note: str
    meeting_id: int | None
    entry_id: int | None
    created_at: datetime.datetime


class AttendancePage(Page):
    items: list[AttendanceOut]


class AttendanceIn(StrictIn):
    label: str = Field(description="Which meeting.")
    date: datetime.date = Field(description="The person's own local date; not one still to come.")
    note: str = ""
    client_token: uuid.UUID | None = Field(None, description="Sending the same token twice logs one meeting.")


class OutreachOut(Schema):
    id: int
    date: datetime.date
    kind: str
    direction: str
    contact_id: int | None
    contact_name: str
    note: str
    created_at: datetime.datetime


class OutreachPage(Page):
    items: list[OutreachOut]


class OutreachIn(StrictIn):
    kind: str = Field(description="call, text, email, coffee or fellowship.")
    direction: str | None = Field(None, description='"out" (I reached out, the default) or "in".')
    contact_id: Id | None = Field(None, description="One of the person's own contacts.")
    date: datetime.date = Field(description="The person's own local date; not one still to come.")
    note: str = ""
    client_token: uuid.UUID | None = Field(None, description="Sending the same token twice logs once.")


# --- The finder ---------------------------------------------------------------------------------


def _offset(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        offset = json.loads(raw)["after"]
    except (binascii.Error, ValueError, UnicodeDecodeError, TypeError, KeyError):
        raise HttpError(400, gettext("The cursor is not one this API gave out.")) from None
    if not isinstance(offset, int) or isinstance(offset, bool) or not 0 <= offset <= MAX_OFFSET:
        raise HttpError(400, gettext("The cursor is not one this API gave out."))
    return offset


def _search_page(request, queryset, size: int) -> dict:
    """A page of search results. The finder orders by distance or by day and time, which meetings
    share, so its cursor counts the results before it (meetings are public data, changed only
    when a feed is imported)."""
    start = _offset(request.GET.get("cursor"))
    items = list(queryset[start : start + size + 1])
    following = None
    if len(items) > size:
        items = items[:size]
        query = request.GET.copy()
        query["cursor"] = base64.urlsafe_b64encode(json.dumps({"after": start + size}).encode()).decode().rstrip("=")
        following = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    return {"items": items, "next": following}


class FinderQuery(Schema):
    """The finder page's parameters."""

    q: str | None = Field(None, description="Name, place or words.")
    day: int | None = Field(None, description="0 = Sunday … 6 = Saturday, in the person's zone.")
    time_from: datetime.time | None = Field(None, description="From, in the person's zone.")
    time_to: datetime.time | None = Field(None, description="Until, in the person's zone.")
    program: str | None = Field(None, description="SAA, SA, SLAA, SCA, SRA, RCA, COSA, S-Anon or other.")
    type: str | None = Field(None, description="A meeting type code, e.g. O (open), ST (step study).")
    attendance: str | None = Field(None, description="in_person, online, hybrid or inactive.")
    near: str | None = Field(None, description='"point" (with latitude and longitude) or "place-<saved place id>".')
    latitude: float | None = None
    longitude: float | None = None
    radius: float | None = Field(None, description="km: 2, 5, 10, 25 (the default), 50 or 100.")


@router.get("/meetings/", response={200: MeetingPage, **ERRORS}, url_name="meetings")
def find_meetings(request, search: Query[FinderQuery], cursor: str | None = CURSOR, size: int = SIZE):
    """The meeting finder: the finder page's search, parameters and order (nearest first when
    searching near a point). Without parameters, every listed meeting."""
    require_scope(request, READ)
    params = search.model_dump()
    with refusals("query"):
        queryset, _order = fellowship.find_meetings(request.auth, params)
    page = _search_page(request, queryset, size)
    page["items"] = fellowship.meetings_data(request.auth, page["items"])
    return page


@router.get("/meetings/{meeting_id}/", response={200: MeetingOut, **ERRORS}, url_name="meeting")
def meeting(request, meeting_id: int):
    """One meeting, as its page shows it."""
    require_scope(request, READ)
    return fellowship.meetings_data(request.auth, [fellowship.meeting_or_404(meeting_id)])[0]


# --- The person's schedule ----------------------------------------------------------------------


@router.get("/schedule/", response={200: EntryPage, **ERRORS}, url_name="schedule")
def schedule(request, cursor: str | None = CURSOR, size: int = SIZE):
    """The meetings in the person's week, oldest entry first."""
    require_scope(request, READ)
    page = cursor_page(request, fellowship.schedule_entries(request.auth), order=("created_at", "pk"), size=size)
    page["items"] = [fellowship.entry_data(request.auth, entry) for entry in page["items"]]
    return page


@router.post("/schedule/", response={200: EntryOut, 201: EntryOut, **ERRORS}, url_name="schedule")
def schedule_add(request, payload: EntryIn):
    """Add a meeting from the finder (again: 200 with the entry already there) or a private one."""
    require_scope(request, WRITE)
    with refusals():
        entry, created = fellowship.add_to_schedule(request.auth, payload.model_dump(exclude_unset=True))
    return Status(201 if created else 200, fellowship.entry_data(request.auth, entry))


@router.get("/schedule/{entry_id}/", response={200: EntryOut, **ERRORS}, url_name="schedule_entry")
def schedule_entry(request, entry_id: int):
    require_scope(request, READ)
    return fellowship.entry_data(request.auth, fellowship.own_entry(request.auth, entry_id))


@router.delete("/schedule/{entry_id}/", response={204: None, **ERRORS}, url_name="schedule_entry")
def schedule_remove(request, entry_id: int):
    """Take a meeting off the schedule; the attendance log keeps every meeting gone to."""
    require_scope(request, WRITE)
    fellowship.remove_from_schedule(request.auth, entry_id)
    return Status(204, None)


@router.post(
    "/schedule/{entry_id}/went/",
    response={200: AttendanceOut, 201: AttendanceOut, **ERRORS},
    url_name="schedule_went",
)
def went(request, entry_id: int):
    """“I went” to this meeting today (the person's today): once per day; again answers 200."""
    require_scope(request, WRITE)
    record, created = fellowship.went_today(request.auth, entry_id)
    return Status(201 if created else 200, fellowship.attendance_data(record))


# --- Attendance and outreach --------------------------------------------------------------------


@router.get("/attendance/", response={200: AttendancePage, **ERRORS}, url_name="attendance")
def attendance(request, cursor: str | None = CURSOR, size: int = SIZE):
    """The meetings the person logged, newest date first."""
    require_scope(request, READ)
    records = fellowship.attendance_records(request.auth)
    page = cursor_page(request, records, order=("-date", "-created_at", "-pk"), size=size)
    page["items"] = [fellowship.attendance_data(record) for record in page["items"]]
    return page


@router.post("/attendance/", response={200: AttendanceOut, 201: AttendanceOut, **ERRORS}, url_name="attendance")
def attendance_log(request, payload: AttendanceIn):
    """Log a meeting gone to. A date still to come is refused; a client token already used
    answers 200 with the record it logged."""
    require_scope(request, WRITE)
    with refusals():
        record, created = fellowship.log_attendance(request.auth, payload.model_dump())
    return Status(201 if created else 200, fellowship.attendance_data(record))


@router.get("/outreach/", response={200: OutreachPage, **ERRORS}, url_name="outreach")
def outreach(request, cursor: str | None = CURSOR, size: int = SIZE):
    """Calls, texts, emails, coffees and fellowship the person logged, newest date first."""
    require_scope(request, READ)
    records = fellowship.outreach_records(request.auth)
    page = cursor_page(request, records, order=("-date", "-created_at", "-pk"), size=size)
    page["items"] = [fellowship.outreach_data(record) for record in page["items"]]
    return page


@router.post("/outreach/", response={200: OutreachOut, 201: OutreachOut, **ERRORS}, url_name="outreach")
def outreach_log(request, payload: OutreachIn):
    """Log reaching out (or being reached). Someone else's contact is not found (404); a date
    still to come is refused; a client token already used answers 200 with its record."""
    require_scope(request, WRITE)
    with refusals():
        record, created = fellowship.log_outreach(request.auth, payload.model_dump())
    return Status(201 if created else 200, fellowship.outreach_data(record))
