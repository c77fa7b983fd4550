"""The caseload: one row per client, with risk flags, in a fixed number of queries.

    rows(therapist, search="") -> list[Row]        flags of every client (to sort, filter, count)
    complete(therapist, page)                      streaks of the rows shown, and the access log

Queries, whatever the number of clients or the length of their history (each is skipped when no
client shares the scopes it needs):

    rows():
    1  the therapist's active links with their clients
    1  the live grants of those links (gate.scopes_by_owner)
    1  the last slip of the last week per client                      — clients sharing sobriety
    1  the last check-in per client (one indexed lookup each)         — clients sharing check-ins
    1  warning-sign profiles (with each client's stamp)               — clients sharing check-ins
    2  warning-sign facts: daily check-ins of 28 days,
       middle-circle days of 28 days                                  — those whose kept signs
                                                                         are stale (see below)
    1  the last meeting or call per client (indexed lookups)          — the same, sharing
                                                                         meetings and outreach too
    2  questionnaire flags (assessments.api)                          — sharing assessments, or
                                                                         agreed to safety alerts
    1  overdue homework                                               — clients sharing homework
    complete(), for the rows of one page (at most PAGE_SIZE):
    2  sobriety summaries (recovery.insights.summaries_for)           — clients sharing sobriety
    1  the access-log entries of what was read (one INSERT … SELECT)

Warning signs are kept per client between views (recovery/derived.py: per-process memory, keyed by
the client's stamp, local date and whether contacts were read), so a reload, a sort or a page
turn recomputes only the clients whose records changed.

Each piece of data is read only for the clients who share the scope it belongs to. History is
read through indexed windows (the last 28 days) or per-client lookups, never in full, so the
time grows with the number of clients, not with the length of their history.
"""

import dataclasses
import datetime
import zoneinfo
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Case, CharField, DateField, F, Max, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.models import User
from tandem.sharing import gate
from tandem.sharing.models import LinkRole

from . import flags as flag_rules
from .clients import active_links
from .models import Homework, HomeworkStatus

SORTS = {"risk": "Most at risk first", "name": "By name", "checkin": "Longest since a check-in"}
PAGE_SIZE = 25
CONTACT_HORIZON_DAYS = 90
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

    def local_today(self) -> datetime.date:
        try:
            zone = zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            zone = zoneinfo.ZoneInfo("UTC")
        return timezone.now().astimezone(zone).date()


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
            return "none yet"
        return "today" if days == 0 else "yesterday" if days == 1 else f"{days} days ago"

    @property
    def flag_keys(self) -> set[str]:
        return {f.key for f in self.flags}


def _sharing(clients, scopes, *needed) -> list:
    wanted = set(needed)
    return [c for c in clients if wanted <= scopes.get(c.pk, _NONE)]


_NONE: frozenset = frozenset()


def recent_slips(users, todays: dict) -> dict[int, datetime.date]:
    """The last slip of the last SLIP_WINDOW_DAYS days of each person (active programs), one query."""
    from tandem.recovery.models import Slip

    ids = [u.pk for u in users]
    if not ids:
        return {}
    first = min(todays[pk] for pk in ids) - (flag_rules.SLIP_WINDOW_DAYS - 1) * DAY
    rows = (
        Slip.objects.filter(owner_id__in=ids, local_date__gte=first, program__archived=False)
        .values("owner_id")
        .annotate(last=Max("local_date"))
        .values_list("owner_id", "last")
    )
    return {pk: day for pk, day in rows if day <= todays[pk]}


def last_checkins(users) -> dict[int, datetime.date | None]:
    """The last check-in date of each person: one query, one indexed lookup per person."""
    from tandem.recovery.models import CheckIn

    ids = [u.pk for u in users]
    if not ids:
        return {}
    latest = CheckIn.objects.filter(owner=OuterRef("pk")).order_by("-local_date").values("local_date")[:1]
    return dict(User.objects.filter(pk__in=ids).annotate(last=Subquery(latest)).order_by().values_list("pk", "last"))


def last_contacts(users, todays: dict, recent: dict | None = None, searched_from=None) -> dict:
    """The last day with a meeting or a call (check-in counts or the fellowship log) of each person,
    as recovery.insights.last_contacts — in one query of indexed lookups per person.

    Check-ins are searched back CONTACT_HORIZON_DAYS only (a check-in row has no index on its
    counts, and someone who never logs a call would cost a scan of their whole history); the
    fellowship log is searched in full. A date older than the horizon may therefore be later in
    truth: warning_signs() treats it as "none within the horizon", which decides the isolation
    sign exactly (its limit is at most 60 days).

    `recent` holds check-in contacts the caller already found in its window (from `searched_from`
    on): for those people the check-ins are not searched again, and for the others only before it."""
    from tandem.fellowship.models import Attendance, Outreach
    from tandem.recovery.models import CheckIn

    ids = [u.pk for u in users]
    if not ids:
        return {}
    horizon = min(todays[pk] for pk in ids) - (CONTACT_HORIZON_DAYS - 1) * DAY

    def latest(model, field_name, *conditions):
        rows = model.objects.filter(*conditions, owner=OuterRef("pk")).order_by(f"-{field_name}")
        return Subquery(rows.values(field_name)[:1])

    recent = recent or {}
    contact = Q(meetings__gt=0) | Q(calls__gt=0)
    search = [pk for pk in ids if pk not in recent]
    if not search:
        from_checkins = Value(None, output_field=DateField())
    else:
        before = Q(local_date__lt=searched_from) if searched_from else Q()
        older = latest(CheckIn, "local_date", contact, before, Q(local_date__gte=horizon))
        from_checkins = older if len(search) == len(ids) else Case(When(pk__in=search, then=older), default=None)
    result = {}
    for pk, *dates in (
        User.objects.filter(pk__in=ids)
        .annotate(
            from_checkins=from_checkins,
            from_meetings=latest(Attendance, "date"),
            from_outreach=latest(Outreach, "date"),
        )
        .order_by()
        .values_list("pk", "from_checkins", "from_meetings", "from_outreach")
    ):
        known = [_date(d) for d in (*dates, recent.get(pk)) if d is not None]
        result[pk] = max(known) if known else None
    return result


def _plain(queryset) -> tuple[dict[str, int], list[tuple]]:
    """Run a values() queryset and return its plain rows (and column positions by name).

    Thousands of small rows (a caseload's last four weeks of check-ins) cost more in Django's
    per-value converters than in the database, so dates come back as ISO text (see _DAY) and
    are read with the C-level date.fromisoformat."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        columns = {column[0]: i for i, column in enumerate(cursor.description)}
        return columns, cursor.fetchall()


def _DAY():  # noqa: N802 — an expression factory, read like a constant
    return Cast("local_date", output_field=CharField())


def _date(value) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


def warning_signs(checkin_users, contact_ids: set[int], todays: dict) -> dict[int, list]:
    """The warning signs of clients who share check-ins (with the isolation sign for those in
    `contact_ids`, who also share meetings and outreach).

    Kept per client between views (recovery/derived.py) while that client's records and local
    date stay the same, and keyed by whether contacts were read, so a sign is only ever computed
    from what the client shares with this therapist now: the caller decides who is asked for."""
    from tandem.recovery import derived
    from tandem.recovery.models import RecoveryProfile

    ids = [u.pk for u in checkin_users]
    if not ids:
        return {}
    profiles = {
        owner_id: (started_on, isolation_days, stamp)
        for owner_id, started_on, isolation_days, stamp in RecoveryProfile.objects.filter(owner_id__in=ids).values_list(
            "owner_id", "started_on", "isolation_days", "stamp"
        )
    }
    keys = {
        pk: derived.key("caseload-signs", pk, profiles[pk][2], todays[pk], pk in contact_ids)
        for pk in ids
        if pk in profiles
    }
    kept = derived.kept().get_many(list(keys.values()))
    result = {pk: kept[k] for pk, k in keys.items() if k in kept}
    computed = _compute_warning_signs([u for u in checkin_users if u.pk not in result], contact_ids, todays, profiles)
    derived.kept().set_many({keys[pk]: signs for pk, signs in computed.items() if pk in keys})
    result.update(computed)
    return result


def _compute_warning_signs(checkin_users, contact_ids: set[int], todays: dict, profiles: dict) -> dict[int, list]:
    """recovery's warning signs for many clients: recovery.insights.compute_warning_signs on the
    same facts recovery.insights.warning_signs_for gathers (the highest urge of each day, the
    days with a check-in, the days with a middle-circle behaviour, the last meeting or call),
    read in bulk over the last 28 days — and meetings and calls only for clients who share them
    (the isolation sign)."""
    from tandem.recovery import insights
    from tandem.recovery.library import Circle
    from tandem.recovery.models import CheckIn, CheckInItem

    ids = [u.pk for u in checkin_users]
    if not ids:
        return {}
    window = max(insights.URGE_LONG_DAYS, insights.MISSED_WINDOW + 1, 2 * insights.MIDDLE_WINDOW)
    first = min(todays[pk] for pk in ids) - (window - 1) * DAY
    last = max(todays[pk] for pk in ids)
    facts = {pk: insights.Facts(started_on=None) for pk in ids}
    for owner_id in ids:
        if owner_id not in profiles:
            continue
        started_on, isolation_days, _stamp = profiles[owner_id]
        facts[owner_id].started_on = started_on
        facts[owner_id].isolation_days = isolation_days
    in_window = {"owner_id__in": ids, "local_date__gte": first, "local_date__lte": last}
    columns, found = _plain(
        CheckIn.objects.filter(**in_window)
        .annotate(day=_DAY(), contact=F("meetings") + F("calls"))
        .values_list("owner_id", "day", "urge_level", "contact")
        .order_by()
    )
    owner_at, day_at, urge_at, contact_at = (columns[c] for c in ("owner_id", "day", "urge_level", "contact"))
    days: dict = {}  # ISO text -> date: a few dozen distinct days for thousands of rows
    recent_contact: dict = {}  # the last check-in with a meeting or a call, in the window
    for row in found:
        text = row[day_at]
        day = days.get(text) or days.setdefault(text, _date(text))
        owner = row[owner_at]
        fact = facts.get(owner)
        if fact is None:
            continue
        urge = row[urge_at]
        if fact.daily_urge.get(day, -1) < urge:
            fact.daily_urge[day] = urge
        fact.checkin_days.add(day)
        if row[contact_at] and owner in contact_ids and recent_contact.get(owner, day) <= day:
            recent_contact[owner] = day
    columns, found = _plain(
        CheckInItem.objects.filter(circle=Circle.MIDDLE, **in_window)
        .annotate(day=_DAY())
        .values_list("owner_id", "day")
        .distinct()
        .order_by()
    )
    owner_at, day_at = columns["owner_id"], columns["day"]
    for row in found:
        text = row[day_at]
        if row[owner_at] in facts:
            facts[row[owner_at]].middle_days.add(days.get(text) or days.setdefault(text, _date(text)))
    with_profile = [u for u in checkin_users if u.pk in contact_ids and facts[u.pk].started_on is not None]
    beyond = set()
    for pk, day in last_contacts(with_profile, todays, recent_contact, first).items():
        horizon = todays[pk] - (CONTACT_HORIZON_DAYS - 1) * DAY
        if (day is None or day < horizon) and facts[pk].started_on < horizon:
            facts[pk].last_contact = horizon - DAY  # "none within the horizon": the sign is decided exactly
            beyond.add(pk)
        else:
            facts[pk].last_contact = day
    result = {}
    for pk in ids:
        signs = insights.compute_warning_signs(facts[pk], todays[pk])
        result[pk] = [_beyond_horizon(s, facts[pk]) if pk in beyond else s for s in signs]
        result[pk] = [s for s in result[pk] if s.key != "isolation" or pk in contact_ids]
    return result


def _beyond_horizon(sign, fact):
    if sign.key != "isolation":
        return sign
    limit = fact.isolation_days
    return dataclasses.replace(
        sign,
        explanation=f"No meeting or call in the last {CONTACT_HORIZON_DAYS} days, longer than the "
        f"{limit} day{'s' if limit != 1 else ''} set as the limit.",
    )


def assessment_flags(ids) -> dict[int, list]:
    if not ids:
        return {}
    try:
        from tandem.assessments.api import assessment_flag_details_for
    except ImportError:  # a deployment without questionnaires
        return {}
    return assessment_flag_details_for(list(ids))


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
    todays = {c.pk: c.local_today() for c in clients}

    slips = recent_slips(_sharing(clients, scopes, "sobriety"), todays)
    checkin_users = _sharing(clients, scopes, "checkins")
    last = last_checkins(checkin_users)
    contact_ids = {c.pk for c in _sharing(clients, scopes, "checkins", "meetings", "outreach")}
    signs = warning_signs(checkin_users, contact_ids, todays)
    asked = {c.pk for c in _sharing(clients, scopes, "assessments")}
    asked |= {c.pk for c in clients if c.safety_alerts}
    questionnaires = assessment_flags(sorted(asked))
    homework = overdue_homework(_sharing(clients, scopes, "homework"), todays)

    result = []
    for client in clients:
        pk = client.pk
        client_scopes = scopes.get(pk, set())
        facts = flag_rules.ClientFacts(
            today=todays[pk],
            scopes=client_scopes,
            safety_alerts=client.safety_alerts,
            last_slip=slips.get(pk),
            signs=signs.get(pk, []),
            assessment_flags=questionnaires.get(pk, []),
            overdue_homework=homework.get(pk, 0),
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
    from tandem.recovery.insights import summaries_for

    sharing = [row.client for row in page if row.shares_sobriety]
    summaries = summaries_for(sharing, {row.client.pk: row.today for row in page}) if sharing else {}
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
