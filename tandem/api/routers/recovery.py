"""The person's own recovery data: check-ins, urges, slips, circles, milestones.

Reads need the "recovery:read" scope, writes "recovery:write". Everything is the caller's own
(tandem.recovery.api filters by owner): another person's program id is 404. Writes go through the
pages' own forms and services, so the API refuses what a page refuses (a day still to come, an
urge in the future), with the page's words."""

import datetime

from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status
from pydantic import StrictBool, StrictInt

from tandem.api.auth import TokenOrSession, require_scope
from tandem.api.errors import Unprocessable, refused
from tandem.api.pagination import cursor_page
from tandem.api.schemas import Error, Id, Page, StrictIn
from tandem.recovery import api as recovery

router = Router()
READ = TokenOrSession("recovery:read")
WRITE = TokenOrSession("recovery:write")

ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 413: Error, 422: Error, 429: Error}


class Paging(Schema):
    cursor: str | None = Field(None, description="The `next` link's cursor, to read the following page.")
    size: int = Field(50, ge=1, le=200, description="Items a page (at most 200).")


# --- check-ins -----------------------------------------------------------------------------------


class CheckInOut(Schema):
    id: int
    program_id: int
    date: datetime.date = Field(alias="local_date")
    stayed_out: bool
    urge_level: int
    feelings: list[str]
    meetings: int
    calls: int
    gratitude: str
    note: str
    items: list[int] = Field(description="Ids of the middle- and outer-circle items ticked.")
    triggers: list[int] = Field(description="Ids of the triggers ticked.")
    filled_late: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_items(obj):
        return obj.ticked_items

    @staticmethod
    def resolve_triggers(obj):
        return obj.ticked_triggers


class CheckInPage(Page):
    items: list[CheckInOut]


class CheckInIn(StrictIn):
    program_id: Id
    date: datetime.date
    stayed_out: StrictBool
    urge_level: StrictInt
    feelings: list[str] = []
    meetings: StrictInt = 0
    calls: StrictInt = 0
    gratitude: str = ""
    note: str = ""
    items: list[Id] = Field([], description="Ids of the day's middle- and outer-circle items to tick.")
    triggers: list[Id] = Field([], description="Ids of the person's triggers to tick.")


@router.get("/checkins/", response={200: CheckInPage, **ERRORS}, url_name="checkins", auth=READ)
def list_checkins(request, paging: Query[Paging]):
    """Your check-ins, the latest day first, a page at a time."""
    require_scope(request, "recovery:read")
    page = cursor_page(request, recovery.checkins_of(request.auth), order=("-local_date", "-pk"), size=paging.size)
    recovery.with_ticks(page["items"])
    return page


@router.post("/checkins/", response={201: CheckInOut, **ERRORS}, url_name="checkins", auth=WRITE)
def create_checkin(request, body: CheckInIn):
    """Check in for a day of one of your programs (today, or a missed day up to 60 days back)."""
    require_scope(request, "recovery:write")
    answers = body.model_dump(exclude={"program_id", "date"})
    try:
        checkin = recovery.add_checkin(request.auth, program_id=body.program_id, day=body.date, answers=answers)
    except recovery.RecoveryError as error:
        raise refused(error) from None
    return Status(201, recovery.with_ticks([checkin])[0])


# --- urges ---------------------------------------------------------------------------------------


class UrgeOut(Schema):
    id: int
    program_id: int | None
    occurred_at: datetime.datetime
    date: datetime.date = Field(alias="local_date")
    intensity: int
    outcome: str
    helped: str
    note: str
    surfed_minutes: int | None
    created_at: datetime.datetime


class UrgePage(Page):
    items: list[UrgeOut]


class UrgeIn(StrictIn):
    occurred_at: datetime.datetime = Field(description="When it came, with its time zone offset.")
    intensity: StrictInt = Field(description="0 (barely there) to 10 (the strongest).")
    program_id: Id | None = None
    outcome: str = Field("passed", description='"passed" or "acted_out".')
    helped: str = ""
    note: str = ""
    surfed_minutes: StrictInt | None = Field(None, ge=0, le=1440)


@router.get("/urges/", response={200: UrgePage, **ERRORS}, url_name="urges", auth=READ)
def list_urges(request, paging: Query[Paging]):
    """The urges you logged, the latest first."""
    require_scope(request, "recovery:read")
    return cursor_page(request, recovery.urges_of(request.auth), order=("-occurred_at", "-pk"), size=paging.size)


@router.post("/urges/", response={201: UrgeOut, **ERRORS}, url_name="urges", auth=WRITE)
def create_urge(request, body: UrgeIn):
    """Log an urge (a time still to come is refused)."""
    require_scope(request, "recovery:write")
    if body.occurred_at.tzinfo is None:
        raise Unprocessable({"occurred_at": [gettext("Please give the time with its time zone offset.")]})
    try:
        urge = recovery.add_urge(request.auth, **body.model_dump())
    except recovery.RecoveryError as error:
        raise refused(error) from None
    return Status(201, urge)


# --- slips ---------------------------------------------------------------------------------------


class SlipOut(Schema):
    id: int
    program_id: int
    occurred_at: datetime.datetime
    date: datetime.date = Field(alias="local_date")
    category: str
    created_at: datetime.datetime


class SlipPage(Page):
    items: list[SlipOut]


@router.get("/slips/", response={200: SlipPage, **ERRORS}, url_name="slips", auth=READ)
def list_slips(request, paging: Query[Paging]):
    """Your slips, the latest first: when, and in which program. What you wrote about them
    stays on the site."""
    require_scope(request, "recovery:read")
    return cursor_page(request, recovery.slip_rows(request.auth), order=("-occurred_at", "-pk"), size=paging.size)


# --- circles and milestones ----------------------------------------------------------------------


class CircleItemOut(Schema):
    id: int
    text: str
    category: str


class Circles(Schema):
    inner: list[CircleItemOut]
    middle: list[CircleItemOut]
    outer: list[CircleItemOut]


class ProgramCircles(Schema):
    program_id: int
    program: str
    version: int | None
    valid_from: datetime.date | None
    circles: Circles


@router.get("/circles/", response={200: list[ProgramCircles], **ERRORS}, url_name="circles", auth=READ)
def list_circles(request):
    """The circles in force in each of your programs."""
    require_scope(request, "recovery:read")
    return [
        {
            "program_id": block["program"].pk,
            "program": block["program"].label,
            "version": block["version"],
            "valid_from": block["valid_from"],
            "circles": {name: block["circles"].get(name, []) for name in ("inner", "middle", "outer")},
        }
        for block in recovery.circles_of(request.auth)
    ]


class MilestoneOut(Schema):
    label: str
    date: datetime.date
    days: int


class ProgramMilestones(Schema):
    program_id: int
    program: str
    sobriety_date: datetime.date
    since: datetime.date = Field(description="The start of the current streak.")
    streak_days: int
    total_sober_days: int
    latest: MilestoneOut | None
    next: MilestoneOut | None
    reached: list[MilestoneOut] = Field(description="The current streak's milestones, the latest first.")


@router.get("/milestones/", response={200: list[ProgramMilestones], **ERRORS}, url_name="milestones", auth=READ)
def list_milestones(request):
    """Your count in each program: the streak, the milestones reached and the next one."""
    require_scope(request, "recovery:read")
    return [
        {
            "program_id": s.program_id,
            "program": s.label,
            "sobriety_date": s.sobriety_date,
            "since": s.since,
            "streak_days": s.streak_days,
            "total_sober_days": s.total_sober_days,
            "latest": s.latest_milestone,
            "next": s.next_milestone,
            "reached": block["reached"],
        }
        for block in recovery.milestones_of(request.auth)
        for s in [block["summary"]]
    ]
