"""What other apps may ask of the recovery part. Stable names; the details live in insights.py,
caseload.py, learn.py and services.py (docs/recovery.md describes each)."""

from django.db.models import Max

from .caseload import caseload_warning_signs, last_checkins, recent_slips  # noqa: F401 - re-exported
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
from .models import CheckIn, PlanVersion, Slip
from .services import latest_plan


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
