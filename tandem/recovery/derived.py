"""What the dashboard derives from a person's history, kept between views until that history changes.

The dashboard's sobriety summaries, warning signs, today's meetings and four charts are pure
functions of the person's own records and their local date. Computing them costs most of the page (a dozen
queries, hundreds of SVG elements, a table per chart); a person opens the page far more often
than they write. So the result is kept, keyed by

    owner · RecoveryProfile.stamp · local date · chart span

and `RecoveryProfile.stamp` becomes a new random value in the same transaction as any write to a
record the dashboard reads (the `SOURCES` below, through model signals, and the profile's own
save). A reader takes the stamp before it reads the records, so whatever it keeps is filed under
a stamp no later than the data it saw: it can never serve an older picture under a newer stamp.

Where it is kept: the "derived" cache, which settings define as per-process memory — never Redis
or any shared store — because it holds health information in the clear. Entries expire after
`settings.TANDEM_DERIVED_SECONDS`; an erased person's entries are unreachable at once (their
profile, and so the stamp, is gone) and leave memory by that expiry at the latest.
"""

import datetime
import logging
import uuid

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import transaction
from django.db.models import Count
from django.db.models.signals import post_delete, post_save
from django.template.loader import render_to_string
from django.utils import translation

from tandem.fellowship import api as fellowship

from . import charts, insights
from .library import Halt
from .models import CheckInTrigger, RecoveryProfile, Slip, UrgeLog

logger = logging.getLogger(__name__)
DAY = datetime.timedelta(days=1)
CACHE = "derived"
RANGES = (30, 90, 365)
"""The urge chart's spans, in days."""


def touch(*owner_ids: int) -> None:
    """Mark these people's derived data as stale (one UPDATE; no-op for anyone without a profile),
    and once the write is committed keep their caseload facts anew (caseload.keep_facts)."""
    RecoveryProfile.objects.filter(owner_id__in=owner_ids).update(stamp=uuid.uuid4())
    _keep_after_commit(owner_ids)


def _keep_after_commit(owner_ids) -> None:
    """Keep these people's caseload facts once the write is committed: once per transaction,
    however many writes it made (the first callback to run after the commit keeps everyone
    touched on this connection since; the others find nothing left). Ids left over from a
    transaction rolled back are kept with the next commit: needless, never wrong (the facts are
    read afresh under the stamp of the moment)."""
    if not owner_ids:
        return
    pending = _pending(transaction.get_connection())
    pending.update(owner_ids)

    def keep_their_facts():
        """Kept facts are a shortcut: when keeping them fails, the caseload reads these people's
        records instead (their stamp no longer matches), so the failure is logged, never raised
        into the request whose write has already been committed."""
        from .caseload import keep_facts  # caseload reads through this module

        owners = tuple(sorted(pending))
        pending.clear()
        if not owners:
            return
        try:
            keep_facts(owners)
        except Exception:
            logger.exception("Could not keep the caseload facts of %s; the caseload reads their records", owners)

    transaction.on_commit(keep_their_facts)


def _pending(connection) -> set:
    """The people touched on this database connection (one per thread) whose facts are not kept yet."""
    try:
        return connection.tandem_caseload_pending
    except AttributeError:
        connection.tandem_caseload_pending = set()
        return connection.tandem_caseload_pending


def _on_profile_save(sender, instance, **kwargs):
    _keep_after_commit((instance.owner_id,))  # its save gave it a new stamp


def _on_change(sender, instance, origin=None, **kwargs):
    if isinstance(origin, (get_user_model(), RecoveryProfile)):
        return  # the person (or their profile) is being erased: there is nothing left to renew
    owner_id = getattr(instance, "owner_id", None)
    if owner_id is not None:
        touch(owner_id)


SOURCES = (
    "recovery.Program",
    "recovery.CircleSet",
    "recovery.Trigger",
    "recovery.CheckIn",
    "recovery.Slip",
    "recovery.UrgeLog",
    "recovery.PlanVersion",
)
"""Every owner-bound recovery model the dashboard's derived part reads (the profile touches
itself). The meeting schedule, attendance and outreach it reads are the fellowship app's, which
says when they change (`tandem.fellowship.api.records_changed`)."""

WRITTEN_WITH_PARENT = {
    "recovery.CircleItem": "circle_set",
    "recovery.CheckInItem": "checkin",
    "recovery.CheckInTrigger": "checkin",
}
"""Rows only ever written in the same transaction as their parent (services.py), whose save
touches the stamp. They send no signals of their own: a check-in edit replaces its items with one
DELETE, which a per-row delete signal would turn into a query per item."""


def connect() -> None:
    """Touch the owner's stamp on every save and delete of a `SOURCES` row, and whenever the
    fellowship app says a person's schedule, attendance or outreach changed.

    Bulk writes (`bulk_create`, `QuerySet.update`) send no signals: code that writes a source in
    bulk calls `touch` itself, in the same transaction."""
    for label in SOURCES:
        model = apps.get_model(label)
        uid = f"derived-{model._meta.label}"
        post_save.connect(_on_change, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(_on_change, sender=model, dispatch_uid=uid + "-delete")
    fellowship.records_changed.connect(_on_fellowship_change, dispatch_uid="derived-fellowship")
    post_save.connect(_on_profile_save, sender=RecoveryProfile, dispatch_uid="derived-profile-save")


def _on_fellowship_change(sender, owner_id, **kwargs):
    touch(owner_id)


def key(kind: str, owner_id: int, stamp, today: datetime.date, *variant) -> str:
    """The cache key of something derived from one person's records as they stand (`stamp`) on
    their local `today`; `variant` holds whatever else shaped it (a span, which scopes were read)."""
    language = translation.get_language() or ""  # the text in it (labels, signs, charts) is in one language
    return ":".join((kind, str(owner_id), str(stamp), today.isoformat(), language, *map(str, variant)))


def kept():
    return caches[CACHE]


def dashboard(user, profile: RecoveryProfile, today: datetime.date, span: int) -> dict:
    """The derived part of the dashboard: kept while the history and the date stay the same."""
    cache = kept()
    key_ = key("dashboard", user.pk, profile.stamp, today, span)
    parts = cache.get(key_)
    if parts is None:
        parts = compute_dashboard(user, profile, today, span)
        cache.set(key_, parts)
    return parts


def compute_dashboard(user, profile: RecoveryProfile, today: datetime.date, span: int) -> dict:
    """Summaries, pending slips, warning signs, today's meetings and the charts' HTML, straight
    from the records. (A meeting's time changed by a feed import shows after the next write or
    within `TANDEM_DERIVED_SECONDS`.)"""
    summaries = insights.sobriety_summary(user, today, profile=profile)
    year_ago = today - 364 * DAY
    # Only the days something on the page shows: the urge chart's span, the calendar (12 weeks),
    # the warning signs (6 weeks). Bounded by the window, never by the length of the history.
    rows = list(insights.daily_rows([user.pk], today - max(span - 1, 90) * DAY, today))
    daily_urge = {r["local_date"]: r["urge"] for r in rows}
    calendar_first = today - 90 * DAY
    slip_days = set(
        Slip.objects.filter(owner=user, local_date__gte=calendar_first, local_date__lte=today)
        .order_by()
        .values_list("local_date", flat=True)
        .distinct()
    )
    states = _calendar_states(rows, slip_days, profile.started_on, today, calendar_first)
    pending = sorted(
        r["local_date"]
        for r in rows
        if r["inner"] and r["local_date"] >= today - 7 * DAY and r["local_date"] not in slip_days
    )
    heat = {
        (r["local_weekday"], r["local_hour"]): r["n"]
        for r in UrgeLog.objects.filter(owner=user, local_date__gte=year_ago)
        .values("local_weekday", "local_hour")
        .annotate(n=Count("pk"))
        .order_by()
    }
    facts = insights.Facts(
        started_on=profile.started_on,
        isolation_days=profile.isolation_days,
        last_contact=insights.last_contacts([user])[user.pk],
        daily_urge={d: v for d, v in daily_urge.items() if d >= today - insights.LOOKBACK_DAYS * DAY},
        checkin_days={r["local_date"] for r in rows},
        middle_days=insights.middle_days(
            [user.pk], today - (insights.LOOKBACK_DAYS + insights.MIDDLE_WINDOW) * DAY, today
        ).get(user.pk, set()),
        slip_days=slip_days,
    )
    charts_html = render_to_string(
        "recovery/_dashboard_charts.html",
        {
            "span": span,
            "ranges": RANGES,
            "urge_chart": charts.urge_chart("urges", daily_urge, today, span),
            "calendar": charts.checkin_calendar("calendar", states, today),
            "trigger_chart": charts.trigger_chart("triggers", trigger_counts(user, today - 89 * DAY), 90),
            "heatmap": charts.urge_heatmap("heatmap", heat, 365),
        },
    )
    return {
        "meetings": fellowship.todays_meetings(user),
        "summaries": summaries,
        "pending_slips": pending,
        "signs": insights.compute_warning_signs(facts, today),
        "charts_html": charts_html,
    }


def _calendar_states(rows, slip_days, started_on, today, first) -> dict:
    states = {}
    day = max(first, started_on)
    by_day = {r["local_date"]: r for r in rows}
    while day <= today:
        row = by_day.get(day)
        if day in slip_days:
            states[day] = "slip"
        elif row is not None:
            states[day] = "late" if row["late"] else "done"
        else:
            states[day] = "today" if day == today else "missed"
        day += DAY
    return states


def trigger_counts(user, first) -> list[tuple[str, int]]:
    rows = (
        CheckInTrigger.objects.filter(owner=user, local_date__gte=first)
        .values("trigger_id", "trigger__key", "trigger__label")
        .annotate(n=Count("pk"))
        .order_by("-n", "trigger_id")[:8]
    )
    return [(Halt.LABELS.get(r["trigger__key"]) or r["trigger__label"], r["n"]) for r in rows]
