"""What other apps may ask of the recovery part. Stable names; the details live in insights.py,
learn.py and services.py (docs/recovery.md describes each)."""

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


def safety_plan_for(user):
    """The person's latest safety plan (a PlanVersion; `.content` is a dict), or None."""
    from .models import PlanVersion
    from .services import latest_plan

    return latest_plan(user, PlanVersion.Kind.SAFETY)


def relapse_plan_for(user):
    """The person's latest relapse prevention plan (a PlanVersion), or None. Owner's view only:
    showing it to someone else goes through the sharing gate (scope "plan")."""
    from .models import PlanVersion
    from .services import latest_plan

    return latest_plan(user, PlanVersion.Kind.RELAPSE)
