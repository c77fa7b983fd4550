"""What other apps may ask of the questionnaires (the caseload, the dashboard, the home page).

None of these functions checks the sharing gate: pass only people whose questionnaire results the
caller may see, e.g. `gate.owners_sharing(therapist, "assessments")`, or the person themself.
"""

import datetime
import uuid
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext

from . import definitions, engine, fhir, services
from .forms import ResponseForm
from .models import Assignment, InstrumentDefinition, Response, ResponseStatus
from .weekly import PICTURE_KEYS, score_chart, scores_between, short_name  # noqa: F401 - re-exported


@dataclass(frozen=True)
class Flag:
    code: str
    """"cutoff" (latest at or above the cut-off), "worse" (by at least the reliable-change amount
    since the result before), "safety" (a safety rule fired on the latest result)."""
    instrument: str
    short_name: str
    text: str
    provisional: bool = False


def assessment_flag_details_for(users) -> dict[int, list[Flag]]:
    """Flags per person from their latest two results of each instrument (`Response.recency`).
    Two queries in all, whatever the number of people or the length of their histories (iterating
    `users` costs one more if it is an unevaluated queryset)."""
    ids = [u if isinstance(u, int) else u.pk for u in users]
    if not ids:
        return {}
    # `recency` marks each person's latest two complete results of each instrument (1 = latest),
    # so this reads at most two rows per person and instrument, however long their history.
    rows = list(
        Response.objects.filter(owner_id__in=ids, recency__isnull=False)
        .values_list("owner_id", "instrument_key", "definition_id", "total", "at_or_above_cutoff", "safety_flag")
        .order_by("owner_id", "instrument_key", "recency")
    )
    return flags_from_latest(ids, rows)


def flags_from_latest(ids, rows) -> dict[int, list[Flag]]:
    """The flags of each person from rows (owner_id, instrument_key, definition_id, total,
    at_or_above_cutoff, safety_flag), latest result first and at most two per instrument."""
    flags: dict[int, list[Flag]] = {pk: [] for pk in ids}
    if not rows:
        return flags
    defs = dict(InstrumentDefinition.objects.filter(pk__in={r[2] for r in rows}).values_list("pk", "definition"))
    pairs: dict[tuple[int, str], list[tuple]] = {}
    for row in rows:
        pairs.setdefault((row[0], row[1]), []).append(row)
    for (owner_id, key), results in pairs.items():
        latest = results[0]
        definition = defs[latest[2]]
        name = definition["short_name"]
        if latest[5]:
            flags[owner_id].append(
                Flag("safety", key, name, gettext("%(name)s: safety answer on the latest result") % {"name": name})
            )
        cutoff = definition.get("cutoff")
        if latest[4] and cutoff:
            flags[owner_id].append(
                Flag(
                    "cutoff",
                    key,
                    name,
                    gettext("%(name)s: %(total)s, at or above the cut-off (%(cutoff)s)")
                    % {"name": name, "total": latest[3], "cutoff": cutoff["value"]},
                )
            )
        change = definition["scoring"].get("reliable_change")
        if change and len(results) == 2:
            delta = latest[3] - results[1][3]
            worse = delta if definition["scoring"]["higher_is_worse"] else -delta
            if worse >= change["points"]:
                flags[owner_id].append(
                    Flag(
                        "worse",
                        key,
                        name,
                        (
                            gettext(
                                "%(name)s: worse by %(worse)s since last time (reliable change %(points)s, provisional)"
                            )
                            if change["provisional"]
                            else gettext("%(name)s: worse by %(worse)s since last time (reliable change %(points)s)")
                        )
                        % {"name": name, "worse": worse, "points": change["points"]},
                        provisional=change["provisional"],
                    )
                )
    return flags


def assessment_flags_for(users) -> dict[int, list[str]]:
    """{user id: ["PHQ-9: 12, at or above the cut-off (10)", ...]} for the caseload."""
    return {pk: [flag.text for flag in found] for pk, found in assessment_flag_details_for(users).items()}


def due_count(user) -> int:
    """How many questionnaires are due today or overdue for this person."""
    return sum(1 for due in services.due_for(user) if due.is_due and due.instrument is not None)


def safety_answer(owner, source: str, *, alerts_url: str = "") -> list:
    """A "yes" to a check-in's safety question (source "checkin" or "partner_checkin"): alert
    each therapist the owner agreed may be alerted, never anyone else. Returns those told."""
    return services.alert_for_answer(owner, source, alerts_url=alerts_url)


def safety_plan_for(user):
    """The person's own safety plan, or None (then a minimal plan is shown)."""
    return services.safety_plan_for(user)


def respond_to_safety_yes(request, source: str, *, dv_text: str = "") -> dict:
    """A yes to the safety question (`tandem.core.safety`): alert the therapists the person agreed
    to (after the commit), and return what the crisis card needs (`core/_safety_card.html`, as
    `safety`)."""
    user = request.user
    return {
        "messages": [],
        "therapists": safety_answer(user, source, alerts_url=alerts_url_for(request)),
        "plan": safety_plan_for(user),
        "alert_status": True,
        "dv_text": dv_text,
    }


def alerts_url_for(request) -> str:
    return services.alerts_url_for(request)


def unseen_safety_alerts(therapist):
    """The safety answers that alerted this therapist, still covered by the client's consent and
    not yet marked seen (a queryset)."""
    return services.alerts_for_therapist(therapist).filter(seen_at__isnull=True)


def instruments_to_assign(therapist, client) -> dict:
    """{key: instrument (.short_name, .name)} this therapist may give the client as homework."""
    return services.instruments_to_assign(therapist, client)


def completion_times(user, instrument_keys) -> dict[str, list[datetime.datetime]]:
    """When the person completed each of these questionnaires: {key: [completed_at, ...]}."""
    done: dict[str, list[datetime.datetime]] = {}
    for key, completed_at in Response.objects.filter(
        owner=user, status=ResponseStatus.COMPLETE, instrument_key__in=set(instrument_keys)
    ).values_list("instrument_key", "completed_at"):
        done.setdefault(key, []).append(completed_at)
    return done


def due_by_therapist(therapist, clients: dict[int, tuple[datetime.date, str]]) -> list[tuple[int, str, datetime.date]]:
    """The questionnaires this therapist asked of these clients ({id: (their local today, their
    time zone)}) that are due today or overdue: [(client id, questionnaire name, due date)], in
    two queries whatever their number. The rule of `services.due_for`: the next date counts from
    the last one completed."""
    if not clients:
        return []
    assignments = list(
        Assignment.objects.filter(owner_id__in=list(clients), assigned_by=therapist, ended_at__isnull=True)
    )
    if not assignments:
        return []
    last = {
        (owner_id, key): at
        for owner_id, key, at in Response.objects.filter(
            owner_id__in={a.owner_id for a in assignments},
            status=ResponseStatus.COMPLETE,
            instrument_key__in={a.instrument_key for a in assignments},
        )
        .values_list("owner_id", "instrument_key")
        .annotate(last=Max("completed_at"))
        .order_by()
    }
    found = []
    for assignment in assignments:
        today, time_zone = clients[assignment.owner_id]
        due_on = assignment.starts_on
        done = last.get((assignment.owner_id, assignment.instrument_key))
        if assignment.every_days and done:
            last_day = done.astimezone(_zone(time_zone)).date()
            if last_day >= assignment.starts_on:
                due_on = last_day + datetime.timedelta(days=assignment.every_days)
        if due_on <= today:
            instrument = definitions.builtin(assignment.instrument_key)
            found.append((assignment.owner_id, instrument.name if instrument else assignment.instrument_key, due_on))
    return found


def _zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


# --- FHIR (tandem.api.fhir) -------------------------------------------------------------------

SHARED_SCOPE = "assessments"
"""The sharing scope of questionnaire results, the one the therapist's questionnaire pages read."""


def is_therapist_of(therapist, owner_id) -> bool:
    """Whether this person holds an active therapist link to the owner. Not a sharing decision:
    the gate still decides, and logs, each read."""
    return services.therapist_link(therapist, owner_id) is not None


def fhir_questionnaire(user, fhir_id: str) -> dict | None:
    """The instrument this person may use (shipped, or a pack of one of their practices) whose
    FHIR id is `fhir_id` (its key; "_" in a key becomes "-"), as a Questionnaire; or None."""
    found = services.instruments_for(user, include_disabled=True)
    instrument = next((inst for key, inst in sorted(found.items()) if fhir.fhir_id(key) == fhir_id), None)
    if instrument is None:
        return None
    return {**fhir.questionnaire(instrument), "id": fhir.fhir_id(instrument.key)}


def completed_results(owner):
    """The person's complete results, newest first (a queryset, definitions joined), to be paged
    by `("-completed_at", "-pk")`. No gate: the caller has asked it."""
    return services.completed(owner).order_by("-completed_at", "-pk")


def fhir_answers_and_score(response) -> tuple[dict, dict]:
    """One complete result as a QuestionnaireResponse and its total score as an Observation (with
    the instrument's LOINC code when its definition names one, never a made-up one), about
    `Patient/<owner id>`, the score derived from `QuestionnaireResponse/<id>`."""
    patient = f"Patient/{response.owner_id}"
    answers = fhir.questionnaire_response(response, patient)
    score = fhir.observation(response, patient, f"QuestionnaireResponse/{answers['id']}")
    return answers, score


# --- For the JSON API (tandem.api.routers.questionnaires) ----------------------------------------
# The person's own questionnaires only, through the pages' own services: the same engine scores,
# the same safety rules fire and the same therapists are alerted (with the person's consent). A
# refusal raises Django's ValidationError ({field: [message]}, nothing stored); an instrument or
# a result that is not the person's raises Http404.

NOTE_FIELD = ResponseForm.base_fields["note"]
"""The page's note field: its length limit and its refusals."""


def due_questionnaires(user) -> list[dict]:
    """What the questionnaires page lists under "Asked of you", soonest first."""
    return [
        {
            "assignment_id": due.assignment.pk,
            "instrument": due.instrument.key,
            "name": due.instrument.name,
            "short_name": due.instrument.short_name,
            "due_on": due.due_on,
            "is_due": due.is_due,
            "every_days": due.assignment.every_days,
            "schedule": due.assignment.schedule_label,
            "offered": not due.instrument.disabled,
        }
        for due in services.due_for(user)
        if due.instrument is not None
    ]


def instrument_data(user, key: str) -> dict:
    """An instrument this person may take, as the page asks it: items with their answers (values
    to send), the unscored items (codes, or text up to a length), and its version."""
    instrument = services.instrument_for(user, key)
    if instrument is None:
        raise Http404
    return {
        "key": instrument.key,
        "version": instrument.version,
        "name": instrument.name,
        "short_name": instrument.short_name,
        "offered": not instrument.disabled,
        "stem": instrument.data.get("stem", ""),
        "items": [
            {
                "id": item["id"],
                "number": item["number"],
                "text": item["text"],
                "options": [{"value": o["value"], "label": o["label"]} for o in item["options"]],
            }
            for item in instrument.items
        ],
        "unscored_items": [
            {
                "id": item["id"],
                "text": item["text"],
                "kind": item.get("kind", "choice"),
                "required": bool(item.get("required")),
                "options": [{"code": o["code"], "label": o["label"]} for o in item.get("options", [])],
                "max_length": item.get("max_length"),
            }
            for item in instrument.unscored_items
        ],
    }


def submit_answers(
    user,
    key: str,
    answers: Mapping,
    *,
    unscored: Mapping | None = None,
    note: str = "",
    token: uuid.UUID | None = None,
    version: str | None = None,
    alerts_url: str = "",
) -> tuple[Response, bool]:
    """Complete a questionnaire as its page does (`services.complete`): every item answered with
    one of its values, scored by the engine, its safety rules applied and the therapists the
    person agreed to alerted, all or nothing. The same `token` twice stores one result (the
    second call returns the first, created False); without one, the person's open draft of it is
    the one completed. `version`, when given, must be the instrument's current one. An unknown
    instrument is refused like any other bad input. Returns (result, created)."""
    instrument = services.instrument_for(user, key)
    if instrument is None:
        raise ValidationError({"instrument": [f"There is no questionnaire {key[:40]!r} to take here."]})
    if instrument.disabled:
        raise ValidationError({"instrument": [f"The {instrument.short_name} isn't offered here any more."]})
    if version is not None and version != instrument.version:
        message = f"This questionnaire was updated (now version {instrument.version}); please check the answers."
        raise ValidationError({"version": [message]})
    _refuse_unknown_items(instrument, answers, unscored or {})
    try:
        note = NOTE_FIELD.clean(note)
    except ValidationError as error:
        raise ValidationError({"note": error.messages}) from None
    _refuse_null_characters(unscored or {})
    try:
        response = services.complete(
            user, instrument, token or uuid.uuid4(), dict(answers), dict(unscored or {}), note, alerts_url=alerts_url
        )
    except services.AlreadyCompleted as done:
        return done.response, False
    except engine.IncompleteAnswers as error:
        field = "unscored" if set(error.missing) <= {i["id"] for i in instrument.unscored_items} else "answers"
        numbers = ", ".join(error.missing)
        raise ValidationError(
            {field: [f"Every question needs an answer before a score; unanswered: {numbers}."]}
        ) from None
    except engine.InvalidAnswer as error:
        field = "answers" if error.item_id in {i["id"] for i in instrument.items} else "unscored"
        shown = repr(error.value)
        shown = shown if len(shown) <= 40 else shown[:37] + "..."
        raise ValidationError({field: [f"Item {error.item_id}: {shown} is not one of its answers."]}) from None
    except services.AssessmentError as error:
        raise ValidationError({"token": [str(error)]}) from None
    return response, True


def _refuse_null_characters(unscored: Mapping) -> None:
    """Free text as the page's text fields take it: no null characters."""
    bad = sorted(key for key, value in unscored.items() if isinstance(value, str) and "\x00" in value)
    if bad:
        raise ValidationError({"unscored": [f"Item {key}: null characters are not allowed." for key in bad]})


def _refuse_unknown_items(instrument, answers: Mapping, unscored: Mapping) -> None:
    problems = {}
    unknown = sorted(set(answers) - {item["id"] for item in instrument.items})
    if unknown:
        problems["answers"] = [f"Not items of the {instrument.short_name}: {', '.join(unknown)}."]
    unknown = sorted(set(unscored) - {item["id"] for item in instrument.unscored_items})
    if unknown:
        problems["unscored"] = [f"Not unscored items of the {instrument.short_name}: {', '.join(unknown)}."]
    if problems:
        raise ValidationError(problems)


def own_results(user, key: str | None = None):
    """The person's complete results (a queryset, definitions joined), of one instrument or all."""
    return services.completed(user, key)


def own_result(user, pk: int) -> Response:
    response = own_results(user).filter(pk=pk).first()
    if response is None:
        raise Http404
    return response


def result_data(response: Response, *, safety_detail: bool = False) -> dict:
    """A result as its page shows it: total, band, cut-off, subscales, the rules met, the raw
    answers and the note. With `safety_detail`, a fired safety rule's messages, who was alerted
    and where help is (one more query)."""
    instrument = response.instrument
    score = response.result or {}
    band = instrument.band_for(response.total)
    names = {s["id"]: s["name"] for s in instrument.data["scoring"].get("subscales", [])}
    rules = {r["id"]: r["label"] for r in instrument.data["scoring"].get("rules", [])}
    data = {
        "id": response.pk,
        "instrument": response.instrument_key,
        "short_name": instrument.short_name,
        "version": response.instrument_version,
        "completed_at": response.completed_at,
        "total": response.total,
        "total_min": instrument.total_min,
        "total_max": instrument.total_max,
        "band": band.label if band else "",
        "band_meaning": band.meaning if band else "",
        "at_or_above_cutoff": response.at_or_above_cutoff,
        "cutoff": (instrument.cutoff or {}).get("value"),
        "subscales": [
            {"id": key, "name": names[key], "value": value}
            for key, value in score.get("subscales", {}).items()
            if key in names
        ],
        "rules_met": [rules[key] for key, met in score.get("rules", {}).items() if met and key in rules],
        "safety_flag": response.safety_flag,
        "answers": response.answers or {},
        "note": response.note,
    }
    if safety_detail:
        data["safety"] = safety_data(response)
    return data


def safety_data(response: Response) -> dict | None:
    """What the result page's crisis card says for a fired safety rule, or None."""
    if not response.safety_flag:
        return None
    messages = {r["id"]: r["message"] for r in response.instrument.data["safety_rules"]}
    return {
        "messages": [messages[rule] for rule in (response.result or {}).get("safety", []) if rule in messages],
        "therapists_alerted": [str(therapist) for therapist in services.therapists_alerted(response)],
        "help_url": reverse("crisis"),
    }


SHARED_HISTORY = 20
"""At most this many of an instrument's results in a shared summary (the latest ones)."""


def shared_summary(viewer, owner, scope: str) -> dict | None:
    """The JSON API's summary of owner's questionnaire results as the person page's panel shows
    them to viewer: per instrument the latest total, its band, the count and the recent totals of
    the chart; the safety flag only to a linked therapist, as on the panel. None for a scope not
    this app's. Call it only after the gate said yes to this read."""
    from .panel import panel_context

    if scope != "assessments":
        return None
    panel = panel_context(viewer, owner)
    history = services.by_instrument(owner) if panel["sections"] else {}
    instruments = []
    for section in panel["sections"]:
        instrument, latest = section["instrument"], section["latest"]
        item = {
            "instrument": instrument.key,
            "name": instrument.short_name,
            "total": latest.total,
            "total_max": instrument.total_max,
            "band": section["band"].label if section["band"] else None,
            "at_or_above_cutoff": latest.at_or_above_cutoff,
            "completed_at": latest.completed_at,
            "count": section["count"],
            "history": [
                {"completed_at": r.completed_at, "total": r.total}
                for r in history.get(latest.instrument_key, [])[-SHARED_HISTORY:]
            ],
        }
        if panel["is_therapist"]:
            item["safety_flag"] = latest.safety_flag
        instruments.append(item)
    return {"instruments": instruments}
