"""When each kind of reminder is due, read from the feature apps through their api.py.

Each kind answers with at most one `Due` for a person at a moment: the latest due instant at or
before now that is not stale yet (a missed reminder older than its kind's freshness, or a meeting
that has started, is never sent). Catching up after downtime therefore sends at most one per kind.
"""

import datetime
from dataclasses import dataclass

from tandem.assessments import api as assessments
from tandem.couple import api as couple
from tandem.fellowship import api as fellowship
from tandem.recovery import api as recovery
from tandem.therapy import api as therapy

from . import clock
from .models import Kind

HOUR = datetime.timedelta(hours=1)
FRESH = {
    Kind.CHECKIN: 6 * HOUR,
    Kind.FANOS: 12 * HOUR,
    Kind.QUESTIONNAIRE: 24 * HOUR,
    Kind.HOMEWORK: 24 * HOUR,
    Kind.OUTREACH: 24 * HOUR,
}


@dataclass(frozen=True)
class Due:
    kind: str
    due_at: datetime.datetime
    stale_at: datetime.datetime
    object_key: str = ""


def _daily(kind, moment, object_key="") -> Due | None:
    if moment is None:
        return None
    return Due(kind, moment, moment + FRESH[kind], object_key)


def _fresh(due: Due | None, now) -> Due | None:
    return due if due is not None and due.due_at <= now < due.stale_at else None


def _latest_dated(kind, prefs, now, dated: list[tuple[str, datetime.date]]) -> Due | None:
    """Of things due on local dates (reminded at the daily time), the latest due by now."""
    zone = prefs.owner.zone
    dues = [_daily(kind, clock.instant(day, prefs.daily_time, zone), key) for key, day in dated]
    dues = [due for due in dues if due.due_at <= now]
    return max(dues, key=lambda due: due.due_at, default=None)


def checkin(prefs, now, context) -> Due | None:
    moment = clock.latest_daily(now, prefs.daily_time, prefs.owner.zone)
    due = _daily(Kind.CHECKIN, moment)
    if due is not None and (prefs.owner_id, due.due_at.astimezone(prefs.owner.zone).date()) in context.checked_in:
        return None
    return due


def meeting(prefs, now, context) -> Due | None:
    before = datetime.timedelta(minutes=prefs.meeting_minutes)
    dues = [
        Due(Kind.MEETING, start - before, start, f"entry:{entry_id}")
        for entry_id, start in context.meeting_starts.get(prefs.owner_id, [])
        if start - before <= now < start
    ]
    return max(dues, key=lambda due: due.due_at, default=None)


def fanos(prefs, now, context) -> Due | None:
    every = context.fanos_every.get(prefs.owner_id)
    if not every:
        return None
    return _daily(Kind.FANOS, clock.latest_daily(now, prefs.daily_time, prefs.owner.zone, every))


def questionnaire(prefs, now, context) -> Due | None:
    due = [
        (f"assignment:{item['assignment_id']}", item["due_on"])
        for item in assessments.due_questionnaires(prefs.owner)
        if item["is_due"] and item["offered"]
    ]
    return _latest_dated(Kind.QUESTIONNAIRE, prefs, now, due)


def homework(prefs, now, context) -> Due | None:
    due = [(f"homework:{pk}", due_on) for pk, due_on in context.homework.get(prefs.owner_id, [])]
    return _latest_dated(Kind.HOMEWORK, prefs, now, due)


def outreach(prefs, now, context) -> Due | None:
    last = context.last_contact.get(prefs.owner_id)
    if last is None:
        return None
    day = last + datetime.timedelta(days=prefs.outreach_days)
    return _latest_dated(Kind.OUTREACH, prefs, now, [("", day)])


DUE = {
    Kind.CHECKIN: checkin,
    Kind.MEETING: meeting,
    Kind.FANOS: fanos,
    Kind.QUESTIONNAIRE: questionnaire,
    Kind.HOMEWORK: homework,
    Kind.OUTREACH: outreach,
}


@dataclass
class Context:
    """What one scan reads in bulk for everyone at once."""

    checked_in: set
    fanos_every: dict
    homework: dict
    last_contact: dict
    meeting_starts: dict


def context_for(preferences: list, now) -> Context:
    def owners_of(kind):
        return [prefs.owner_id for prefs in preferences if prefs.channels(kind)]

    checkin_people = [prefs for prefs in preferences if prefs.channels(Kind.CHECKIN)]
    dates = {now.astimezone(prefs.owner.zone).date() for prefs in checkin_people}
    dates |= {day - datetime.timedelta(days=1) for day in dates}
    checkin = [prefs.owner_id for prefs in checkin_people]
    fanos, homework, outreach = owners_of(Kind.FANOS), owners_of(Kind.HOMEWORK), owners_of(Kind.OUTREACH)
    meeting = owners_of(Kind.MEETING)
    return Context(
        checked_in=recovery.checked_in_on(checkin, dates) if checkin else set(),
        fanos_every=couple.fanos_intervals(fanos) if fanos else {},
        homework=therapy.open_homework_due(homework) if homework else {},
        last_contact=fellowship.last_contact_dates(outreach),
        meeting_starts=fellowship.next_meeting_starts(meeting, now) if meeting else {},
    )


def due_now(prefs, now, context) -> list[Due]:
    """The reminders due for this person now, fresh ones only, at most one per kind."""
    return [due for kind in prefs.kinds() if (due := _fresh(DUE[kind](prefs, now, context), now))]
