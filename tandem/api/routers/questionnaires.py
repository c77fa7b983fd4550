"""Questionnaires: what is due, an instrument's questions, sending answers, the person's results.

Reads need the `questionnaires:read` scope, sending answers `questionnaires:write`. Answers go
through the questionnaire page's own engine and services (`tandem.assessments.api`): the same
score, the same safety rules, the same alert to the therapists the person agreed may be told.
Results are the person's own: another person's id answers 404.
"""

import datetime
import uuid
from typing import Any

from ninja import Field, Query, Router, Schema, Status

from tandem.assessments import api as assessments

from ..auth import require_scope
from ..pagination import MAX_SIZE, cursor_page
from ..schemas import Error, Page, StrictIn
from .refusals import refusals

router = Router()

READ, WRITE = "questionnaires:read", "questionnaires:write"
ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 413: Error, 422: Error, 429: Error}


# --- Schemas ------------------------------------------------------------------------------------


class DueOut(Schema):
    assignment_id: int
    instrument: str
    name: str
    short_name: str
    due_on: datetime.date
    is_due: bool = Field(description="Due today or before (the person's today).")
    every_days: int | None = Field(description="Null: once.")
    schedule: str
    offered: bool = Field(description="False when this site no longer offers the instrument.")


class Option(Schema):
    value: int
    label: str


class Item(Schema):
    id: str
    number: int
    text: str
    options: list[Option]


class UnscoredOption(Schema):
    code: str
    label: str


class UnscoredItem(Schema):
    id: str
    text: str
    kind: str = Field(description='"choice" (send an option code) or "text".')
    required: bool
    options: list[UnscoredOption]
    max_length: int | None


class InstrumentOut(Schema):
    key: str
    version: str
    name: str
    short_name: str
    offered: bool
    stem: str
    items: list[Item]
    unscored_items: list[UnscoredItem]


class AnswersIn(StrictIn):
    instrument: str = Field(description="The instrument's key, e.g. phq9.")
    answers: dict[str, Any] = Field(description="Every item's id with one of its option values.")
    unscored: dict[str, str] = Field(default_factory=dict, description="Unscored items: option codes or text.")
    note: str = Field("", description="A note for the person themself (at most 2000 characters).")
    version: str | None = Field(None, description="The version answered; refused when no longer current.")
    token: uuid.UUID | None = Field(None, description="Sending the same token twice stores one result.")


class Subscale(Schema):
    id: str
    name: str
    value: int


class Safety(Schema):
    messages: list[str]
    therapists_alerted: list[str] = Field(description="Who was told (only those the person agreed to).")
    help_url: str


class ResultOut(Schema):
    id: int
    instrument: str
    short_name: str
    version: str
    completed_at: datetime.datetime
    total: int
    total_min: int
    total_max: int
    band: str
    band_meaning: str
    at_or_above_cutoff: bool | None
    cutoff: int | None
    subscales: list[Subscale]
    rules_met: list[str]
    safety_flag: bool
    answers: dict[str, Any]
    note: str


class ResultDetailOut(ResultOut):
    safety: Safety | None = Field(description="When a safety rule fired: what it says, who was told, where help is.")


class ResultPage(Page):
    items: list[ResultOut]


# --- Endpoints ----------------------------------------------------------------------------------


@router.get("/questionnaires/due/", response={200: list[DueOut], **ERRORS}, url_name="questionnaires_due")
def due(request):
    """The questionnaires asked of the person, soonest first (as "Asked of you" on the page)."""
    require_scope(request, READ)
    return assessments.due_questionnaires(request.auth)


@router.get("/questionnaires/instruments/{key}/", response={200: InstrumentOut, **ERRORS}, url_name="questionnaire")
def instrument(request, key: str):
    """An instrument the person may take: its items and the values to send."""
    require_scope(request, READ)
    return assessments.instrument_data(request.auth, key)


@router.get("/questionnaires/results/", response={200: ResultPage, **ERRORS}, url_name="questionnaire_results")
def results(
    request,
    instrument: str | None = Query(None, description="Only this instrument's results."),
    cursor: str | None = Query(None, description="The `next` of the page before; leave out for the first page."),
    size: int = Query(50, ge=1, le=MAX_SIZE),
):
    """The person's results, newest first."""
    require_scope(request, READ)
    rows = assessments.own_results(request.auth, instrument)
    page = cursor_page(request, rows, order=("-completed_at", "-pk"), size=size)
    page["items"] = [assessments.result_data(response) for response in page["items"]]
    return page


@router.post(
    "/questionnaires/results/",
    response={200: ResultDetailOut, 201: ResultDetailOut, **ERRORS},
    url_name="questionnaire_results",
)
def submit(request, payload: AnswersIn):
    """Send a complete set of answers: scored as on the page, all or nothing. A safety answer
    does what it does on the page: `safety` says what to do now, and the therapists the person
    agreed may be alerted are. The same token again answers 200 with the first result."""
    require_scope(request, WRITE)
    with refusals():
        response, created = assessments.submit_answers(
            request.auth,
            payload.instrument,
            payload.answers,
            unscored=payload.unscored,
            note=payload.note,
            token=payload.token,
            version=payload.version,
            alerts_url=assessments.alerts_url_for(request),
        )
    return Status(201 if created else 200, assessments.result_data(response, safety_detail=True))


@router.get(
    "/questionnaires/results/{result_id}/", response={200: ResultDetailOut, **ERRORS}, url_name="questionnaire_result"
)
def result(request, result_id: int):
    require_scope(request, READ)
    return assessments.result_data(assessments.own_result(request.auth, result_id), safety_detail=True)
