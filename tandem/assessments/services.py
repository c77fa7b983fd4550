"""What the pages do with questionnaires: find instruments, keep drafts, complete, alert, schedule."""

import datetime
import logging
import uuid
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.db.models import Case, Exists, Max, OuterRef, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from tandem.accounts import api as accounts
from tandem.accounts.models import RoleAssignment
from tandem.core.mail import send_neutral_mail
from tandem.recovery import api as recovery
from tandem.sharing.models import Link, LinkRole, LinkStatus, audit

from . import definitions, engine
from .definitions import Instrument
from .models import RECENT, Assignment, InstrumentDefinition, Response, ResponseStatus, SafetyAlert

log = logging.getLogger(__name__)


class AssessmentError(Exception):
    """Something the person should be told in plain words; nothing was stored."""


class AlreadyCompleted(AssessmentError):
    def __init__(self, response: Response):
        self.response = response
        super().__init__(gettext("This questionnaire was already sent."))


# --- Which instruments a person may use -------------------------------------------------------


def practices_for(user) -> set[int]:
    """Practices whose packs this person may use: their own (staff) and their therapists'."""
    staff = set(RoleAssignment.objects.filter(user=user, practice__isnull=False).values_list("practice_id", flat=True))
    linked = set(
        Link.objects.filter(
            owner=user, role=LinkRole.THERAPIST, status=LinkStatus.ACTIVE, practice__isnull=False
        ).values_list("practice_id", flat=True)
    )
    return staff | linked


def pack_rows(practice_ids) -> list[InstrumentDefinition]:
    """The newest live pack definition of each instrument id, per practice."""
    rows = InstrumentDefinition.objects.filter(
        source="pack", practice_id__in=list(practice_ids), withdrawn_at__isnull=True
    ).order_by("practice_id", "key", "-created_at", "-id")
    newest: dict[tuple, InstrumentDefinition] = {}
    for row in rows:
        newest.setdefault((row.practice_id, row.key), row)
    return list(newest.values())


def instruments_for(user, *, include_disabled: bool = False) -> dict[str, Instrument]:
    """Every instrument this person may take, by id (shipped first, then their practices' packs)."""
    found = dict(definitions.builtins())
    for row in pack_rows(practices_for(user)):
        found.setdefault(row.key, row.instrument)
    if not include_disabled:
        found = {k: v for k, v in found.items() if not v.disabled}
    return found


def instruments_to_assign(therapist, client) -> dict[str, Instrument]:
    """What a therapist may assign: shipped ones and their own practice's packs (not disabled)."""
    staff = set(
        RoleAssignment.objects.filter(user=therapist, role="therapist", practice__isnull=False).values_list(
            "practice_id", flat=True
        )
    )
    found = dict(definitions.builtins())
    for row in pack_rows(staff):
        found.setdefault(row.key, row.instrument)
    return {k: v for k, v in found.items() if not v.disabled}


def instrument_for(user, key: str) -> Instrument | None:
    return instruments_for(user, include_disabled=True).get(key)


def definition_row(instrument: Instrument) -> InstrumentDefinition:
    """The stored copy of exactly this definition (created the first time it is used)."""
    scope = "builtin" if instrument.source == "builtin" else f"practice{instrument.practice_id}"
    ref = f"{scope}:{instrument.key}@{instrument.version}#{instrument.sha256[:16]}"
    row = InstrumentDefinition.objects.filter(ref=ref).first()
    if row is not None:
        return row
    try:
        with transaction.atomic():
            return InstrumentDefinition.objects.create(
                ref=ref,
                key=instrument.key,
                version=instrument.version,
                sha256=instrument.sha256,
                source="builtin" if instrument.source == "builtin" else "pack",
                definition=instrument.data,
                practice_id=instrument.practice_id,
            )
    except IntegrityError:
        return InstrumentDefinition.objects.get(ref=ref)


# --- Drafts and completion --------------------------------------------------------------------


def draft_for(user, key: str) -> Response | None:
    return (
        Response.objects.filter(owner=user, instrument_key=key, status=ResponseStatus.DRAFT)
        .select_related("definition")
        .first()
    )


def _target(user, instrument: Instrument, token: uuid.UUID) -> Response | None:
    """The row this submission writes to: the token's, else the open draft; None = a new one."""
    by_token = Response.objects.select_for_update().filter(token=token).first()
    if by_token is not None:
        if by_token.owner_id != user.pk or by_token.instrument_key != instrument.key:
            raise AssessmentError(gettext("This form doesn't belong to this questionnaire. Nothing was saved."))
        if by_token.is_complete:
            raise AlreadyCompleted(by_token)
        return by_token
    return (
        Response.objects.select_for_update()
        .filter(owner=user, instrument_key=instrument.key, status=ResponseStatus.DRAFT)
        .first()
    )


def save_draft(user, instrument: Instrument, token: uuid.UUID, answers: dict, unscored: dict, note: str) -> Response:
    """Keep partial answers to come back to (values already checked by the form)."""
    row = definition_row(instrument)
    with transaction.atomic():
        response = _target(user, instrument, token)
        if response is None:
            response = Response(owner=user, token=token, instrument_key=instrument.key)
        response.definition = row
        response.instrument_version = instrument.version
        response.answers = {**answers, **unscored}
        response.note = note
        response.save()
    return response


def complete(
    user,
    instrument: Instrument,
    token: uuid.UUID,
    answers: dict,
    unscored: dict | None = None,
    note: str = "",
    *,
    alerts_url: str = "",
) -> Response:
    """Score a complete answer set and store it, all at once or not at all.

    Raises engine.AnswerError (nothing stored) for missing or invalid answers, AlreadyCompleted
    when this form was sent before. `alerts_url`: the absolute address of the alerts page for
    the therapist's email (views pass `request.build_absolute_uri(...)`).
    """
    unscored = unscored or {}
    result = engine.score(instrument, answers)
    clean_unscored = engine.check_unscored(instrument, unscored)
    raw = engine.check_answers(instrument, answers)
    row = definition_row(instrument)
    now = timezone.now()
    with transaction.atomic():
        _lock_owner(user.pk)
        response = _target(user, instrument, token)
        if response is None:
            response = Response(owner=user, token=token, instrument_key=instrument.key)
        response.definition = row
        response.instrument_version = instrument.version
        response.answers = {**raw, **clean_unscored}
        response.note = note
        response.result = result.as_dict()
        response.total = result.total
        response.at_or_above_cutoff = result.at_or_above_cutoff
        response.safety_flag = result.safety_fired
        response.status = ResponseStatus.COMPLETE
        response.completed_at = now
        response.assignment = _open_assignment(user, instrument.key)
        response.save()
        newest = _refresh_recency(user.pk, instrument.key)
        response.recency = newest.index(response.pk) + 1 if response.pk in newest else None
        if response.assignment and not response.assignment.every_days:
            Assignment.objects.filter(pk=response.assignment.pk).update(ended_at=now)
        alerted = alert_therapists(response, alerts_url=alerts_url) if result.safety_fired else []
    audit(
        "assessments.completed",
        actor=user,
        subject=user,
        instrument=instrument.key,
        version=instrument.version,
        safety=result.safety_fired,
        therapists_alerted=len(alerted),
    )
    return response


def delete_response(response: Response, *, draft_only: bool = False) -> bool:
    """Delete a draft or a result; a deleted result hands its place among the latest to older ones.

    False when it was gone already, or (`draft_only`) was completed meanwhile and so was kept."""
    with transaction.atomic():
        _lock_owner(response.owner_id)
        status = Response.objects.filter(pk=response.pk).values_list("status", flat=True).first()
        if status is None or (draft_only and status != ResponseStatus.DRAFT):
            return False
        Response.objects.filter(pk=response.pk).delete()
        if status == ResponseStatus.COMPLETE:
            _refresh_recency(response.owner_id, response.instrument_key)
    return True


def _lock_owner(owner_id: int) -> None:
    """Serialise changes to one person's complete results until the transaction ends, so that
    `_refresh_recency` in the last of two concurrent writes sees the other's row. PostgreSQL: a
    row lock on the person (NO KEY UPDATE, so other inserts pointing at them don't wait); SQLite
    runs its write transactions one at a time already (transaction_mode IMMEDIATE)."""
    features = connection.features
    if features.has_select_for_update:
        list(
            get_user_model()
            .objects.select_for_update(no_key=features.has_select_for_no_key_update)
            .filter(pk=owner_id)
            .values_list("pk", flat=True)
        )


def _refresh_recency(owner_id: int, instrument_key: str) -> list[int]:
    """Re-mark this person's latest complete results of this instrument: 1 on the newest, 2 on
    the one before (completed_at desc, id desc), nothing on the rest. Call inside the transaction
    that changed them, after `_lock_owner`. Returns the ids marked, newest first."""
    newest = list(
        Response.objects.filter(owner_id=owner_id, instrument_key=instrument_key, status=ResponseStatus.COMPLETE)
        .order_by("-completed_at", "-id")
        .values_list("pk", flat=True)[:RECENT]
    )
    mine = Response.objects.filter(owner_id=owner_id, instrument_key=instrument_key)
    # Clear first, then set: (owner, instrument, recency) is unique, and one UPDATE moving 1 to 2
    # while another row takes 1 may be checked row by row.
    mine.filter(recency__isnull=False).update(recency=None)
    if newest:
        mine.filter(pk__in=newest).update(
            recency=Case(*(When(pk=pk, then=Value(position)) for position, pk in enumerate(newest, 1)))
        )
    return newest


def _open_assignment(user, key: str) -> Assignment | None:
    return (
        Assignment.objects.filter(owner=user, instrument_key=key, ended_at__isnull=True)
        .order_by("every_days", "starts_on")
        .first()
    )


def rescore(response: Response) -> engine.Score:
    """Recompute a stored result from its raw answers and the definition version it used."""
    return engine.score(response.instrument, response.answers or {})


# --- Safety -----------------------------------------------------------------------------------


def safety_alert_links(owner):
    """Therapist links through which the owner agreed to be flagged. Never a partner, by construction."""
    return Link.objects.filter(
        owner=owner,
        role=LinkRole.THERAPIST,
        status=LinkStatus.ACTIVE,
        safety_alerts=True,
        member__isnull=False,
        member__is_active=True,
    ).select_related("member")


def alert_therapists(response: Response, *, alerts_url: str = "") -> list[SafetyAlert]:
    alerts = []
    for link in safety_alert_links(response.owner):
        alert, created = SafetyAlert.objects.get_or_create(
            response=response, therapist=link.member, defaults={"owner": response.owner}
        )
        if created:
            alerts.append(alert)
            transaction.on_commit(lambda email=link.member.email: _mail_therapist(email, alerts_url))
    return alerts


def alert_for_answer(owner, source: str, *, alerts_url: str = "") -> list:
    """A "yes" to a check-in's safety question: flag it for each therapist the owner agreed may be
    alerted (never a partner, sponsor or friend) and mail them discreetly after the commit.
    Returns the therapists told. Nothing of the check-in itself is stored with the alert."""
    told = []
    with transaction.atomic():
        for link in safety_alert_links(owner):
            SafetyAlert.objects.create(owner=owner, therapist=link.member, source=source)
            told.append(link.member)
            transaction.on_commit(lambda email=link.member.email: _mail_therapist(email, alerts_url))
    audit("safety.answer", actor=owner, subject=owner, source=source, therapists_alerted=len(told))
    return told


def alerts_url_for(request) -> str:
    """The alerts page as an absolute address, for the therapist's email."""
    return request.build_absolute_uri(reverse("assessments_alerts"))


def _mail_therapist(email: str, alerts_url: str = "") -> None:
    url = alerts_url or reverse("assessments_alerts")
    try:
        with accounts.speaking(email):  # in the therapist's language, not the client's (docs/i18n.md)
            send_neutral_mail(
                email,
                gettext("Please sign in"),
                gettext(
                    "Someone who asked that you be told has given an answer that may mean they are at risk.\n"
                    "Please sign in to see it: %(url)s\n"
                )
                % {"url": url},
            )
    except Exception:  # an alert by mail is a courtesy; the flag in the app is what counts
        log.exception("safety alert mail failed")


def alerts_for_therapist(therapist):
    """Alerts still covered by the client's consent: a revoke or an ended link holds at once."""
    live = Link.objects.filter(
        owner=OuterRef("owner"),
        member=therapist,
        role=LinkRole.THERAPIST,
        status=LinkStatus.ACTIVE,
        safety_alerts=True,
    )
    return (
        SafetyAlert.objects.filter(therapist=therapist, owner__is_active=True)
        .filter(Exists(live))
        .select_related("owner", "response")
    )


def therapists_alerted(response: Response) -> list:
    return [a.therapist for a in response.alerts.select_related("therapist")]


def safety_plan_for(user):
    """The person's own safety plan (the recovery app's), or None: a minimal plan is shown instead."""
    return recovery.safety_plan_for(user)


# --- Schedules --------------------------------------------------------------------------------


@dataclass
class Due:
    assignment: Assignment
    instrument: Instrument | None
    due_on: datetime.date
    is_due: bool


def due_for(user) -> list[Due]:
    """The person's assignments with their next date; `is_due` when that date is today or past."""
    today = user.local_today()
    assignments = list(Assignment.objects.filter(owner=user, ended_at__isnull=True).select_related("assigned_by"))
    if not assignments:
        return []
    last = dict(
        Response.objects.filter(
            owner=user, status=ResponseStatus.COMPLETE, instrument_key__in={a.instrument_key for a in assignments}
        )
        .values_list("instrument_key")
        .annotate(last=Max("completed_at"))
    )
    available = instruments_for(user, include_disabled=True)
    result = []
    for assignment in assignments:
        due_on = assignment.starts_on
        last_done = last.get(assignment.instrument_key)
        if assignment.every_days and last_done:
            last_day = last_done.astimezone(user.zone).date()
            if last_day >= assignment.starts_on:
                due_on = last_day + datetime.timedelta(days=assignment.every_days)
        result.append(Due(assignment, available.get(assignment.instrument_key), due_on, due_on <= today))
    return sorted(result, key=lambda d: d.due_on)


def assign(*, therapist, client, instrument: Instrument, every_days: int | None, starts_on) -> Assignment:
    link = therapist_link(therapist, client.pk)
    if link is None:
        raise AssessmentError(gettext("You can only ask a client you're connected with."))
    assignment = Assignment.objects.create(
        owner=client,
        assigned_by=therapist,
        practice=link.practice,
        instrument_key=instrument.key,
        every_days=every_days,
        starts_on=starts_on,
    )
    audit(
        "assessments.assigned",
        actor=therapist,
        subject=client,
        instrument=instrument.key,
        every_days=every_days,
        starts_on=starts_on.isoformat(),
    )
    return assignment


def therapist_link(therapist, owner_id) -> Link | None:
    return (
        Link.objects.filter(
            role=LinkRole.THERAPIST,
            status=LinkStatus.ACTIVE,
            member=therapist,
            owner_id=owner_id,
            owner__is_active=True,
        )
        .select_related("owner", "practice")
        .first()
    )


def end_assignment(assignment: Assignment, by) -> None:
    if assignment.ended_at:
        return
    assignment.ended_at = timezone.now()
    assignment.ended_by = by
    assignment.save(update_fields=["ended_at", "ended_by"])
    audit("assessments.assignment_ended", actor=by, subject=assignment.owner, instrument=assignment.instrument_key)


# --- History ----------------------------------------------------------------------------------


def completed(owner, key: str | None = None):
    qs = Response.objects.filter(owner=owner, status=ResponseStatus.COMPLETE).select_related("definition")
    if key:
        qs = qs.filter(instrument_key=key)
    return qs.order_by("completed_at", "id")


def by_instrument(owner) -> dict[str, list[Response]]:
    grouped: dict[str, list[Response]] = {}
    for response in completed(owner):
        grouped.setdefault(response.instrument_key, []).append(response)
    return grouped


def therapist_links_exist(user) -> bool:
    return Link.objects.filter(owner=user, role=LinkRole.THERAPIST, status=LinkStatus.ACTIVE).exists()
