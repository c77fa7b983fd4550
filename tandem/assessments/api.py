"""What other apps may ask of the questionnaires (the caseload, the dashboard, the home page).

None of these functions checks the sharing gate: pass only people whose questionnaire results the
caller may see, e.g. `gate.owners_sharing(therapist, "assessments")`, or the person themself.
"""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.db.models import Max

from . import definitions, services
from .models import Assignment, InstrumentDefinition, Response, ResponseStatus


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
            flags[owner_id].append(Flag("safety", key, name, f"{name}: safety answer on the latest result"))
        cutoff = definition.get("cutoff")
        if latest[4] and cutoff:
            flags[owner_id].append(
                Flag("cutoff", key, name, f"{name}: {latest[3]}, at or above the cut-off ({cutoff['value']})")
            )
        change = definition["scoring"].get("reliable_change")
        if change and len(results) == 2:
            delta = latest[3] - results[1][3]
            worse = delta if definition["scoring"]["higher_is_worse"] else -delta
            if worse >= change["points"]:
                note = ", provisional" if change["provisional"] else ""
                flags[owner_id].append(
                    Flag(
                        "worse",
                        key,
                        name,
                        f"{name}: worse by {worse} since last time (reliable change {change['points']}{note})",
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
