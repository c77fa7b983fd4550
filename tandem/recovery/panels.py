"""What a grantee sees of each recovery scope on the person page (/shared/<owner_id>/).

Each function is called only after the sharing gate said yes for that scope, and reads only
what the scope promises:

- sobriety: per program, sober today or not, the current streak, total sober days and the
  dates of slips. Never a slip's behaviour, reflection or notes. A partner (anyone who holds the
  scope through a partner link) sees it counted only from the slips the client marked as told
  to them (`partner_sobriety`), never the full picture.
- checkins: the last two weeks of check-ins in full, and the urge level over 30 days.
- urges: the last 20 logged urges and the hour-by-weekday pattern over 90 days.
- circles: the current version of each program's circles.
- plan: the current relapse prevention plan.
- safety_plan: the current safety plan, under its own scope, which no link turns on by default.
"""

import datetime

from django.db.models import Count

from tandem.couple import api as couple
from tandem.sharing import gate

from . import charts, insights, services
from .library import FEELING_LABELS, Circle
from .models import CheckIn, CircleItem, CircleSet, PlanVersion, Slip, UrgeLog

DAY = datetime.timedelta(days=1)
SLIP_DATES_SHOWN = 12


def sobriety(viewer, owner) -> dict:
    roles = gate.roles_through(viewer, owner, "sobriety")
    if viewer.pk != owner.pk and (not roles or "partner" in roles):
        return partner_sobriety(owner)
    summaries = insights.sobriety_summary(owner)
    dates = {}
    for program_id, day in (
        Slip.objects.filter(owner=owner, program__archived=False)
        .order_by("-local_date")
        .values_list("program_id", "local_date")
        .distinct()[:500]
    ):
        dates.setdefault(program_id, []).append(day)
    programs = []
    for summary in summaries:
        counted = [d for d in dates.get(summary.program_id, []) if d >= summary.sobriety_date]
        programs.append(
            {"summary": summary, "slip_dates": counted[:SLIP_DATES_SHOWN], "more": len(counted) > SLIP_DATES_SHOWN}
        )
    return {"programs": programs}


def partner_sobriety(owner) -> dict:
    """The partner's view: counted only from the slips the client marked as told to them. A slip
    not yet told leaves this exactly as it was (no date, no count, no restarted streak)."""
    told = couple.slips_told_to_partner(owner)
    summaries = insights.summary_from_slips(owner, told)
    dates = {}
    for slip_id, program_id, day in (
        Slip.objects.filter(owner=owner, pk__in=list(told), program__archived=False)
        .order_by("-local_date", "-pk")
        .values_list("pk", "program_id", "local_date")
    ):
        dates.setdefault(program_id, []).append((day, told[slip_id]))
    programs = []
    updated = None
    for summary in summaries:
        first, last = summary.sobriety_date, summary.today
        counted = [(d, at) for d, at in dates.get(summary.program_id, []) if first <= d <= last]
        if counted:
            latest = max(at for _, at in counted)
            updated = latest if updated is None else max(updated, latest)
        days = sorted({d for d, _ in counted}, reverse=True)
        programs.append(
            {"summary": summary, "slip_dates": days[:SLIP_DATES_SHOWN], "more": len(days) > SLIP_DATES_SHOWN}
        )
    return {"programs": programs, "partner_view": True, "owner": owner, "updated": updated}


def checkins(viewer, owner) -> dict:
    today = owner.local_today()
    recent = list(
        CheckIn.objects.filter(owner=owner, local_date__gte=today - 13 * DAY)
        .select_related("program")
        .prefetch_related("items", "triggers")
    )
    for entry in recent:
        entry.feeling_labels = [FEELING_LABELS.get(f, f) for f in entry.feelings or []]
    rows = insights.daily_rows([owner.pk], today - 29 * DAY, today)
    daily = {r["local_date"]: r["urge"] for r in rows}
    chart = charts.urge_chart(f"p{owner.pk}-urges", daily, today, 30, who=owner.display_name)
    return {"checkins": recent, "chart": chart}


def urges(viewer, owner) -> dict:
    today = owner.local_today()
    heat = {
        (r["local_weekday"], r["local_hour"]): r["n"]
        for r in UrgeLog.objects.filter(owner=owner, local_date__gte=today - 89 * DAY)
        .values("local_weekday", "local_hour")
        .annotate(n=Count("pk"))
        .order_by()
    }
    recent = list(UrgeLog.objects.filter(owner=owner).select_related("trigger")[:20])
    return {"urges": recent, "heatmap": charts.urge_heatmap(f"p{owner.pk}-heat", heat, 90), "zone": owner.time_zone}


def circles(viewer, owner) -> dict:
    programs = services.active_programs(owner)
    latest = {}
    for circle_set in CircleSet.objects.filter(program__in=programs).order_by("program", "-version"):
        latest.setdefault(circle_set.program_id, circle_set)
    grouped = {}
    for item in CircleItem.objects.filter(circle_set__in=latest.values()):
        grouped.setdefault(item.circle_set_id, {c: [] for c in Circle.ORDER})[item.circle].append(item)
    blocks = []
    for program in programs:
        current = latest.get(program.pk)
        items = grouped.get(current.pk, {}) if current else {}
        blocks.append(
            {
                "program": program,
                "version": current,
                "circles": [(program.circle_label(c), items.get(c, [])) for c in Circle.ORDER] if current else [],
            }
        )
    return {"programs": blocks}


def plan(viewer, owner) -> dict:
    latest = services.latest_plan(owner, PlanVersion.Kind.RELAPSE)
    return {"plan": latest}


def safety_plan(viewer, owner) -> dict:
    return {"plan": services.latest_plan(owner, PlanVersion.Kind.SAFETY)}
