"""What other apps may ask of the recovery part. Stable names; the details live in insights.py,
caseload.py, learn.py and services.py (docs/recovery.md describes each)."""

import datetime

from django.db.models import Max
from django.utils.translation import gettext

from .caseload import caseload_recovery, caseload_warning_signs, last_checkins, recent_slips  # noqa: F401 - re-exported
from .insights import (  # noqa: F401 - re-exported
    Facts,
    ProgramSummary,
    WarningSign,
    compute_warning_signs,
    sobriety_summary,
    summaries_for,
    warning_signs,
    warning_signs_for,
)
from .learn import LearnPage, page, pages  # noqa: F401 - re-exported
from .library import Circle
from .models import CheckIn, CheckInItem, CheckInTrigger, PlanVersion, Slip, UrgeLog
from .services import (
    RecoveryError,
    active_programs,
    check_checkin_day,
    circles_in_force,
    current_circles,
    items_of,
    latest_plan,
    log_urge,
    profile_of,
    program_for,
    save_checkin,
    triggers_of,
)
from .weekly import middle_circle_dates, slip_dates, urge_levels  # noqa: F401 - re-exported


def safety_plan_for(user):
    """The person's latest safety plan (a PlanVersion; `.content` is a dict), or None."""
    return latest_plan(user, PlanVersion.Kind.SAFETY)


def relapse_plan_for(user):
    """The person's latest relapse prevention plan (a PlanVersion), or None. Owner's view only:
    showing it to someone else goes through the sharing gate (scope "plan")."""
    return latest_plan(user, PlanVersion.Kind.RELAPSE)


def checkin_meetings_by_day(user, first=None, last=None) -> dict:
    """{local date: meetings} from the person's check-ins (the larger count where two programmes
    were checked in on the same day: one meeting is not two). Owner's data: callers show it to
    someone else only after the gate said yes."""
    rows = CheckIn.objects.filter(owner=user, meetings__gt=0)
    if first is not None:
        rows = rows.filter(local_date__gte=first)
    if last is not None:
        rows = rows.filter(local_date__lte=last)
    return dict(rows.order_by().values("local_date").annotate(n=Max("meetings")).values_list("local_date", "n"))


def slips_of(user, since=None, *, limit: int = 100) -> list[Slip]:
    """The person's slips, latest first (at most `limit`), those at or after `since` when given.
    Owner's data: callers show them to someone else only after the gate said yes."""
    slips = Slip.objects.filter(owner=user)
    if since is not None:
        slips = slips.filter(occurred_at__gte=since)
    return list(slips.order_by("-occurred_at")[:limit])


def slip_of(user, pk) -> Slip | None:
    """The person's own slip `pk`, or None (another person's slip is None too)."""
    return Slip.objects.filter(owner=user, pk=pk).first()


# --- for the JSON API (tandem/api/routers/recovery.py): the owner's own data, the pages' rules --


class Refused(RecoveryError):
    """A write the pages' own form or service refused; `errors` maps a field to its messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("; ".join(m for messages in errors.values() for m in messages))
        self.errors = errors


def checkins_of(user):
    """The person's check-ins (a queryset: the caller orders and pages it)."""
    return CheckIn.objects.filter(owner=user)


def with_ticks(checkins: list[CheckIn]) -> list[CheckIn]:
    """The check-ins, each given `.ticked_items` and `.ticked_triggers` (ids, in the order
    ticked): two light queries for the whole page, whatever its length."""
    ids = [c.pk for c in checkins]
    items: dict[int, list[int]] = {}
    triggers: dict[int, list[int]] = {}
    if ids:
        for checkin_id, item_id in (
            CheckInItem.objects.filter(checkin_id__in=ids).order_by("pk").values_list("checkin_id", "item_id")
        ):
            items.setdefault(checkin_id, []).append(item_id)
        for checkin_id, trigger_id in (
            CheckInTrigger.objects.filter(checkin_id__in=ids).order_by("pk").values_list("checkin_id", "trigger_id")
        ):
            triggers.setdefault(checkin_id, []).append(trigger_id)
    for checkin in checkins:
        checkin.ticked_items = items.get(checkin.pk, [])
        checkin.ticked_triggers = triggers.get(checkin.pk, [])
    return checkins


def add_checkin(user, *, program_id, day, answers: dict) -> CheckIn:
    """A new check-in of the person's program `program_id` (someone else's: Http404) for `day`,
    checked by the check-in page's own form and saved by its service. `answers` holds the form's
    fields: stayed_out (bool), urge_level, feelings, meetings, calls, gratitude, note, and the ids
    of the day's circle items (items) and the person's triggers (triggers). A day that already
    has a check-in is refused: it is changed on its page, where the day's answers are shown."""
    from .forms import CheckInForm

    program = program_for(user, program_id)
    today = user.local_today()
    check_checkin_day(program, day, today)
    if CheckIn.objects.filter(program=program, local_date=day).exists():
        raise Refused({"day": [gettext("There is already a check-in for that day; you can change it on its page.")]})
    version = current_circles(program) if day == today else circles_in_force(program, day)
    items = items_of(version)
    by_circle = {str(i.pk): circle for circle in (Circle.MIDDLE, Circle.OUTER) for i in items.get(circle, [])}
    chosen = [str(pk) for pk in answers.get("items", [])]
    unknown = [pk for pk in chosen if pk not in by_circle]
    if unknown:
        raise Refused(
            {"items": [gettext("Not one of this day's circle items: %(items)s.") % {"items": ", ".join(unknown)}]}
        )
    data = {
        "stayed_out": "yes" if answers.get("stayed_out") else "no",
        "urge_level": answers.get("urge_level"),
        "feelings": list(answers.get("feelings", [])),
        "meetings": answers.get("meetings", 0),
        "calls": answers.get("calls", 0),
        "gratitude": answers.get("gratitude", ""),
        "note": answers.get("note", ""),
        "triggers": [str(pk) for pk in answers.get("triggers", [])],
        "middle": [pk for pk in chosen if by_circle[pk] == Circle.MIDDLE],
        "outer": [pk for pk in chosen if by_circle[pk] == Circle.OUTER],
    }
    form = CheckInForm(data, items=items, triggers=triggers_of(user), program=program, user=None)
    if not form.is_valid():
        raise Refused({field: [str(e) for e in errors] for field, errors in form.errors.items()})
    checkin, _ = save_checkin(user, program, day, **form.checkin_fields())
    return checkin


def urges_of(user):
    """The person's logged urges (a queryset)."""
    return UrgeLog.objects.filter(owner=user)


URGE_TEXT_LIMIT = 4000


def add_urge(
    user,
    *,
    occurred_at,
    intensity: int,
    program_id=None,
    outcome: str = UrgeLog.Outcome.PASSED,
    helped: str = "",
    note: str = "",
    surfed_minutes: int | None = None,
) -> UrgeLog:
    """Log an urge of the person's (their program `program_id`, when given: someone else's is
    Http404) through the urge page's service, which refuses a time still to come."""
    if outcome not in UrgeLog.Outcome.values:
        raise Refused({"outcome": [gettext("One of: %(values)s.") % {"values": ", ".join(UrgeLog.Outcome.values)}]})
    too_long = [name for name, text in (("helped", helped), ("note", note)) if len(text) > URGE_TEXT_LIMIT]
    if too_long:
        raise Refused(
            {name: [gettext("At most %(limit)s characters.") % {"limit": URGE_TEXT_LIMIT}] for name in too_long}
        )
    program = program_for(user, program_id) if program_id is not None else None
    urge, _ = log_urge(
        user,
        occurred_at=occurred_at,
        intensity=intensity,
        program=program,
        outcome=outcome,
        helped=helped,
        note=note,
        surfed_minutes=surfed_minutes,
    )
    return urge


def slip_rows(user):
    """The person's slips (a queryset: the caller orders and pages it)."""
    return Slip.objects.filter(owner=user)


def circles_of(user) -> list[dict]:
    """Each active program with its circles in force: {program, version, valid_from, circles:
    {inner|middle|outer: [CircleItem]}}. Owner's data."""
    result = []
    for program in active_programs(user):
        version = current_circles(program)
        result.append(
            {
                "program": program,
                "version": version.version if version else None,
                "valid_from": version.valid_from if version else None,
                "circles": items_of(version),
            }
        )
    return result


def milestones_of(user, today=None) -> list[dict]:
    """Each active program's count: {summary (a ProgramSummary), reached: [Milestone] of the
    current streak, latest first}. Owner's data."""
    from .insights import _specs_of
    from .sobriety import reached

    today = today or user.local_today()
    profile = profile_of(user)
    specs, yearly = _specs_of(profile)
    return [
        {"summary": summary, "reached": list(reversed(reached(summary.since, today, specs, yearly)))}
        for summary in sobriety_summary(user, today, profile=profile)
    ]


SHARED_CHECKIN_DAYS = 14
SHARED_URGES = 20


def shared_summary(viewer, owner, scope: str) -> dict | None:
    """The JSON API's summary of owner's `scope` as the person page's panel shows it to viewer
    (a partner's count only from the slips told to them), or None for a scope this part does not
    summarise. Call it only after the gate said yes to this read."""
    from . import panels

    if scope == "sobriety":
        return {
            "programs": [
                {
                    "program": block["summary"].label,
                    "sobriety_date": block["summary"].sobriety_date,
                    "since": block["summary"].since,
                    "streak_days": block["summary"].streak_days,
                    "total_sober_days": block["summary"].total_sober_days,
                    "slip_dates": list(block["slip_dates"]),
                }
                for block in panels.sobriety(viewer, owner)["programs"]
            ]
        }
    if scope == "checkins":
        first = owner.local_today() - datetime.timedelta(days=SHARED_CHECKIN_DAYS - 1)
        rows = CheckIn.objects.filter(owner=owner, local_date__gte=first).order_by("-local_date", "-pk")
        fields = ("local_date", "program_id", "stayed_out", "urge_level", "feelings", "meetings", "calls", "note")
        return {"checkins": [{name: getattr(row, name) for name in fields} for row in rows]}
    if scope == "urges":
        rows = UrgeLog.objects.filter(owner=owner).order_by("-occurred_at", "-pk")[:SHARED_URGES]
        return {
            "urges": [
                {"occurred_at": u.occurred_at, "intensity": u.intensity, "outcome": u.outcome, "helped": u.helped}
                for u in rows
            ]
        }
    if scope == "circles":
        return {
            "programs": [
                {
                    "program": block["program"].label,
                    "circles": {
                        circle: [item.text for item in block["circles"].get(circle, [])] for circle in Circle.ORDER
                    },
                }
                for block in circles_of(owner)
            ]
        }
    if scope in ("plan", "safety_plan"):
        return _plan_summary(getattr(panels, scope)(viewer, owner)["plan"], scope)
    return None


_PERSON = {"name": None, "phone": None}
PLAN_SHOWN = {
    "plan": {
        "reasons": None,
        "triggers_internal": None,
        "triggers_external": None,
        "warning_signs": None,
        "high_risk": {"situation": None, "coping": None},
        "coping": None,
        "people": _PERSON,
        "safe_places": None,
        "boundaries": {"devices": None, "travel": None, "money": None},
        "lapse_plan": {"tell": None, "by_when": None, "steps": None},
    },
    "safety_plan": {
        "warning_signs": None,
        "coping": None,
        "distractions": None,
        "helpers": _PERSON,
        "professionals": _PERSON,
        "safe_environment": None,
        "reasons_to_live": None,
    },
}
"""What the plan panels show of a plan's content, key by key (a dict: the keys shown of each item
or of the nested part); anything else a plan's content may hold stays out of the API."""


def _shown(value, keys):
    if keys is None or value is None:
        return value
    if isinstance(value, list):
        return [_shown(item, keys) for item in value if isinstance(item, dict)]
    if isinstance(value, dict):
        return {key: _shown(value.get(key), sub) for key, sub in keys.items()}
    return None


def _plan_summary(plan, scope: str) -> dict:
    if plan is None:
        return {"plan": None}
    content = plan.content if isinstance(plan.content, dict) else {}
    return {
        "version": plan.version,
        "saved_at": plan.created_at,
        "plan": {key: _shown(content.get(key), keys) for key, keys in PLAN_SHOWN[scope].items()},
    }


def checked_in_on(owner_ids, dates) -> set[tuple[int, datetime.date]]:
    """(owner id, local date) of the check-ins among these people on these dates (reminders use
    it to leave out a check-in reminder once the day's check-in is done). One query."""
    return set(
        CheckIn.objects.filter(owner_id__in=list(owner_ids), local_date__in=list(dates)).values_list(
            "owner_id", "local_date"
        )
    )
