"""The caseload: one row per client, with risk flags, in a fixed number of queries.

    rows(therapist, search="") -> list[Row]        flags of every client (to sort, filter, count)
    complete(therapist, page)                      streaks of the rows shown, and the access log

Queries, whatever the number of clients or the length of their history (each is skipped when no
client shares the scopes it needs):

    rows():
    1  the therapist's active links with their clients
    1  the live grants of those links (gate.scopes_by_owner)
    1  the profiles with the kept facts (recovery.CaseloadFacts)      — clients sharing sobriety
                                                                         or check-ins
    1  the last slip of the last week per client                      — clients sharing sobriety
                                                                         whose kept facts are stale
    1  the last check-in per client (one indexed lookup each)         — clients sharing check-ins
                                                                         whose kept facts are stale
    2  warning-sign facts: daily check-ins of 28 days,
       middle-circle days of 28 days                                  — the same
    1  the last meeting or call per client (indexed lookups)          — the same, sharing
                                                                         meetings and outreach too
    2  questionnaire flags (assessments.api)                          — sharing assessments, or
                                                                         agreed to safety alerts
    1  overdue homework                                               — clients sharing homework
    complete(), for the rows of one page (at most PAGE_SIZE):
    2  sobriety summaries (recovery.insights.summaries_for)           — clients sharing sobriety
    1  the access-log entries of what was read (one INSERT … SELECT)

Recovery's answers come in bulk from tandem.recovery.api (recovery/caseload.py), from what each
client's writes kept (their last check-in and slip, the date-independent facts of the warning
signs, and which days those give none) wherever that is fresh. Warning signs are also kept per
client between views (recovery/derived.py: per-process memory, keyed by
the client's stamp, local date and whether contacts were read), so a reload, a sort or a page
turn recomputes only the clients whose records changed.

Each piece of data is read only for the clients who share the scope it belongs to. History is
read through indexed windows (the last 28 days) or per-client lookups, never in full, so the
time grows with the number of clients, not with the length of their history.
"""

import datetime
import zoneinfo
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tandem.assessments import api as assessments
from tandem.recovery import api as recovery
from tandem.sharing import gate
from tandem.sharing.models import LinkRole

from . import flags as flag_rules
from .clients import active_links
from .models import Homework, HomeworkStatus

SORTS = {"risk": _("Most at risk first"), "name": _("By name"), "checkin": _("Longest since a check-in")}
PAGE_SIZE = 25
DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Client:
    """What the caseload needs of a client: a plain record, not a model instance (300 of those
    cost more than all of the caseload's flags)."""

    pk: int
    display_name: str
    email: str
    time_zone: str
    safety_alerts: bool = False
    """The client agreed, when linking, that this therapist is alerted to a safety answer."""

    def __str__(self):
        return self.display_name or self.email.split("@")[0]

    def local_today(self, now: datetime.datetime | None = None) -> datetime.date:
        try:
            zone = zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            zone = zoneinfo.ZoneInfo("UTC")
        return (now or timezone.now()).astimezone(zone).date()


def _todays(clients) -> dict[int, datetime.date]:
    """Each client's local date, worked out once per time zone (a caseload has a few)."""
    now = timezone.now()
    by_zone: dict[str, datetime.date] = {}
    todays = {}
    for client in clients:
        today = by_zone.get(client.time_zone)
        if today is None:
            today = by_zone[client.time_zone] = client.local_today(now)
        todays[client.pk] = today
    return todays


def _clients(links_queryset) -> list[Client]:
    return [
        Client(*row)
        for row in links_queryset.values_list(
            "owner_id", "owner__display_name", "owner__email", "owner__time_zone", "safety_alerts"
        )
    ]


@dataclass
class Row:
    client: Client
    today: datetime.date
    scopes: set[str]
    flags: list = field(default_factory=list)
    risk: int = 0
    last_checkin: datetime.date | None = None
    streaks: list | None = None
    """[(program label, current streak in days)], filled in by complete() when sobriety is shared."""

    @property
    def url(self) -> str:
        return reverse("therapy_client", args=[self.client.pk])

    @property
    def shares_sobriety(self) -> bool:
        return "sobriety" in self.scopes

    @property
    def shares_checkins(self) -> bool:
        return "checkins" in self.scopes

    @property
    def days_since_checkin(self) -> int | None:
        return (self.today - self.last_checkin).days if self.last_checkin else None

    @property
    def checkin_text(self) -> str:
        if not self.shares_checkins:
            return ""
        days = self.days_since_checkin
        if days is None:
            return gettext("none yet")
        return flag_rules.days_ago(days)

    @property
    def flag_keys(self) -> set[str]:
        return {f.key for f in self.flags}


def _sharing(clients, scopes, *needed) -> list:
    wanted = set(needed)
    return [c for c in clients if wanted <= scopes.get(c.pk, _NONE)]


_NONE: frozenset = frozenset()


def assessment_flags(ids) -> dict[int, list]:
    return assessments.assessment_flag_details_for(list(ids)) if ids else {}


def overdue_homework(users, todays: dict) -> dict[int, int]:
    ids = [u.pk for u in users]
    if not ids:
        return {}
    counts: dict[int, int] = {}
    latest_today = max(todays[pk] for pk in ids)
    for owner_id, due_on in Homework.objects.filter(
        owner_id__in=ids, status=HomeworkStatus.ASSIGNED, due_on__lt=latest_today
    ).values_list("owner_id", "due_on"):
        if due_on < todays[owner_id]:
            counts[owner_id] = counts.get(owner_id, 0) + 1
    return counts


def rows(therapist, *, search: str = "", owner_id: int | None = None) -> list[Row]:
    """Every client of this therapist (or the one client `owner_id`) with their flags (see the
    module docstring for the queries)."""
    search = (search or "").strip()[:60]
    links = active_links(therapist).order_by("owner__display_name", "owner_id")
    if search:
        links = links.filter(owner__display_name__icontains=search)
    if owner_id is not None:
        links = links.filter(owner_id=owner_id)
    clients = _clients(links)
    scopes = gate.scopes_by_owner(
        therapist,
        role=LinkRole.THERAPIST,
        owners=links.values("owner_id"),
        only=flag_rules.SCOPES_USED,
    )
    todays = _todays(clients)

    contact_ids = {c.pk for c in _sharing(clients, scopes, "checkins", "meetings", "outreach")}
    slips, last, signs = recovery.caseload_recovery(
        _sharing(clients, scopes, "sobriety"),
        _sharing(clients, scopes, "checkins"),
        contact_ids,
        todays,
        flag_rules.SLIP_WINDOW_DAYS,
    )
    asked = {c.pk for c in _sharing(clients, scopes, "assessments")}
    asked |= {c.pk for c in clients if c.safety_alerts}
    questionnaires = assessment_flags(sorted(asked))
    homework = overdue_homework(_sharing(clients, scopes, "homework"), todays)

    result = []
    for client in clients:
        pk = client.pk
        client_scopes = scopes.get(pk, set())
        last_slip, client_signs = slips.get(pk), signs.get(pk)
        client_questionnaires, overdue = questionnaires.get(pk), homework.get(pk, 0)
        found = []
        if last_slip or client_signs or client_questionnaires or overdue:  # nothing to flag otherwise
            facts = flag_rules.ClientFacts(
                today=todays[pk],
                scopes=client_scopes,
                safety_alerts=client.safety_alerts,
                last_slip=last_slip,
                signs=client_signs or [],
                assessment_flags=client_questionnaires or [],
                overdue_homework=overdue,
            )
            found = flag_rules.compute(facts)
        result.append(
            Row(
                client=client,
                today=todays[pk],
                scopes=client_scopes,
                flags=found,
                risk=flag_rules.risk(found),
                last_checkin=last.get(pk),
            )
        )
    return result


def complete(therapist, page: list[Row], *, log: bool = True) -> list[Row]:
    """Fill in the streaks of the rows shown, and log what was read of each client shown."""
    sharing = [row.client for row in page if row.shares_sobriety]
    summaries = recovery.summaries_for(sharing, {row.client.pk: row.today for row in page}) if sharing else {}
    for row in page:
        if row.shares_sobriety:
            row.streaks = [(s.label, s.streak_days) for s in summaries.get(row.client.pk, [])]
    if log and page:
        gate.record_reads(therapist, flag_rules.scopes_read(page), kind="caseload", role=LinkRole.THERAPIST)
    return page


def sort_rows(found: list[Row], how: str) -> list[Row]:
    if how == "name":
        return sorted(found, key=lambda r: (r.client.display_name.lower(), r.client.pk))
    if how == "checkin":
        far = datetime.date.min
        return sorted(
            found, key=lambda r: (not r.shares_checkins, r.last_checkin or far, r.client.display_name.lower())
        )
    return sorted(found, key=lambda r: (-r.risk, r.client.display_name.lower(), r.client.pk))


def filter_rows(found: list[Row], flag: str) -> list[Row]:
    if flag not in flag_rules.BY_KEY:
        return found
    return [r for r in found if flag in r.flag_keys]


def flag_counts(found: list[Row]) -> dict[str, int]:
    counts = {kind.key: 0 for kind in flag_rules.KINDS}
    for row in found:
        for key in row.flag_keys:
            counts[key] += 1
    return counts
