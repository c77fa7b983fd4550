"""Recovery's part of a therapist's caseload: each answer for many clients at once, in a fixed
number of queries whatever the number of clients or the length of their history (the caseload,
tandem/therapy/caseload.py, counts them). Clients here are anything with a `.pk`; `todays` maps
each one's id to their local date. None of these asks the sharing gate: the caller passes only
clients who share what is read.

    caseload_recovery(sobriety_users, checkin_users, contact_ids, todays, slip_days)
        the three below in one go: 1 query (the profiles with the kept facts), and for the clients
        whose kept facts are stale, what the three below read for them
    recent_slips(users, todays, days)                 1 query
    last_checkins(users)                              1 query
    caseload_warning_signs(users, contact_ids, todays) 1 query for the profiles, and for the clients
                                                      whose kept facts are stale 2 (the last 28 days
                                                      of check-ins and middle-circle days) and 1
                                                      (the last meeting or call of those who share
                                                      contacts)
"""

import dataclasses
import datetime
import hashlib
import json
import zoneinfo

from django.db import connection
from django.db.models import Case, CharField, DateField, Exists, F, Max, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import ngettext

from tandem.accounts.models import User
from tandem.fellowship import api as fellowship
from tandem.sharing.models import Link, LinkRole, LinkStatus

from . import derived, insights
from .library import Circle
from .models import CaseloadFacts, CheckIn, CheckInItem, RecoveryProfile, Slip

CONTACT_HORIZON_DAYS = 90
DAY = datetime.timedelta(days=1)
SIGN_DAYS = 8
"""For how many days from their `as_of` the kept facts say which warning signs show."""
KNOWN, OTHER = 1, 32
SIGN_BITS = (("isolation", 4), ("urges_rising", 8), ("middle_circle", 16), ("missed_checkins", 2))
SIGN_RULES_REVISION = 1
"""Raise it when the way insights.compute_warning_signs decides changes (its thresholds are in
SIGN_RULES already): facts kept under other rules then count as stale."""
SIGN_RULES = hashlib.sha256(
    repr(
        (
            SIGN_RULES_REVISION,
            SIGN_DAYS,
            SIGN_BITS,
            insights.URGE_SHORT_DAYS,
            insights.URGE_LONG_DAYS,
            insights.URGE_MARGIN,
            insights.URGE_MIN_SHORT,
            insights.URGE_MIN_LONG,
            insights.MIDDLE_WINDOW,
            insights.MIDDLE_MIN,
            insights.MIDDLE_RISE,
            insights.MISSED_WINDOW,
            insights.MISSED_MIN,
            insights.LOOKBACK_DAYS,
            insights.SLIP_WINDOW,
        )
    ).encode()
).hexdigest()[:16]
"""The rules a row of kept facts was kept under (CaseloadFacts.rules)."""
"""The bits of one day in CaseloadFacts.signs_by_day (six a day), in the order the signs come."""
_BIT = dict(SIGN_BITS)


def recent_slips(users, todays: dict, days: int) -> dict[int, datetime.date]:
    """The last slip of the last `days` days of each person (active programs), one query."""
    ids = [u.pk for u in users]
    if not ids:
        return {}
    first = min(todays[pk] for pk in ids) - (days - 1) * DAY
    rows = (
        Slip.objects.filter(owner_id__in=ids, local_date__gte=first, program__archived=False)
        .values("owner_id")
        .annotate(last=Max("local_date"))
        .values_list("owner_id", "last")
    )
    return {pk: day for pk, day in rows if day <= todays[pk]}


def last_checkins(users) -> dict[int, datetime.date | None]:
    """The last check-in date of each person: one query, one indexed lookup per person."""
    ids = [u.pk for u in users]
    if not ids:
        return {}
    latest = CheckIn.objects.filter(owner=OuterRef("pk")).order_by("-local_date").values("local_date")[:1]
    return dict(User.objects.filter(pk__in=ids).annotate(last=Subquery(latest)).order_by().values_list("pk", "last"))


def last_contacts(users, todays: dict, recent: dict | None = None, searched_from=None) -> dict:
    """The last day with a meeting or a call (check-in counts or the fellowship log) of each person,
    as insights.last_contacts — in one query of indexed lookups per person.

    Check-ins are searched back CONTACT_HORIZON_DAYS only (a check-in row has no index on its
    counts, and someone who never logs a call would cost a scan of their whole history); the
    fellowship log is searched in full. A date older than the horizon may therefore be later in
    truth: caseload_warning_signs() treats it as "none within the horizon", which decides the isolation
    sign exactly (its limit is at most 60 days).

    `recent` holds check-in contacts the caller already found in its window (from `searched_from`
    on): for those people the check-ins are not searched again, and for the others only before it."""
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
    from_meetings, from_outreach = fellowship.last_contact_subqueries(OuterRef("pk"))
    result = {}
    for pk, *dates in (
        User.objects.filter(pk__in=ids)
        .annotate(
            from_checkins=from_checkins,
            from_meetings=from_meetings,
            from_outreach=from_outreach,
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


def _DAY():
    return Cast("local_date", output_field=CharField())


def _date(value) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


def caseload_recovery(sobriety_users, checkin_users, contact_ids: set[int], todays: dict, slip_days: int):
    """The caseload's recovery answers in one go: (the last slip of the last `slip_days` days of
    each client in `sobriety_users`; the last check-in and the warning signs of each client in
    `checkin_users`), as recent_slips, last_checkins and caseload_warning_signs give them.

    One query reads the profiles with the kept facts (models.CaseloadFacts); every client whose
    facts are fresh (kept under the profile's stamp, on a date no later than theirs) is answered
    from those. Which warning signs show on each of the days after `as_of` is kept too: such a
    client's signs come with their key at once and their sentences as lazy text, worked out from
    the facts only when read (the rows a page shows). The others are read from the records as
    before, in the same queries as those three functions; the gate has already decided who is
    asked for what."""
    slip_ids = {u.pk for u in sobriety_users}
    checkin_ids = {u.pk for u in checkin_users}
    ids = slip_ids | checkin_ids
    if not ids:
        return {}, {}, {}
    profiles = _profiles(ids)
    slips, last, signs, fresh = {}, {}, {}, set()
    for pk, (started_on, isolation_days, stamp, facts_stamp, as_of, facts) in profiles.items():
        today = todays[pk]
        if facts_stamp is None or facts_stamp != stamp or as_of > today:
            continue
        fresh.add(pk)
        data, last_checkin, last_slip, by_day = facts
        if pk in slip_ids and last_slip is not None:
            day = _date(last_slip)
            if 0 <= (today - day).days < slip_days:
                slips[pk] = day
        if pk in checkin_ids:
            last[pk] = None if last_checkin is None else _date(last_checkin)
            offset = (today - as_of).days
            bits = by_day >> (6 * offset) & 63 if offset < SIGN_DAYS else 0
            if bits & KNOWN and not bits & OTHER:
                # Which signs show today is kept; their sentences are worked out only if shown.
                later = _Later(pk, data, started_on, isolation_days, today, pk in contact_ids)
                signs[pk] = [
                    _KeptSign(key, later)
                    for key, bit in SIGN_BITS
                    if bits & bit and (key != "isolation" or pk in contact_ids)
                ]
    slips.update(recent_slips([u for u in sobriety_users if u.pk not in fresh], todays, slip_days))
    last.update(last_checkins([u for u in checkin_users if u.pk not in last]))
    rest = [u for u in checkin_users if u.pk not in signs]
    signs.update(_warning_signs(rest, contact_ids, todays, profiles))
    return slips, last, signs


def _profiles(ids) -> dict[int, tuple]:
    """{id: (started_on, isolation_days, stamp, kept facts' stamp, their as_of, (their data as text,
    last check-in, last slip, signs by day))} of the people with a profile: one query, plain rows.
    Facts kept under other warning-sign rules (SIGN_RULES) come with no stamp: stale."""
    columns, found = _plain(
        User.objects.filter(pk__in=ids, recovery_profile__isnull=False)
        .annotate(facts_data=Cast("caseload_facts__data", output_field=CharField()))
        .values_list(
            "pk",
            "recovery_profile__started_on",
            "recovery_profile__isolation_days",
            "recovery_profile__stamp",
            "caseload_facts__stamp",
            "caseload_facts__as_of",
            "facts_data",
            "caseload_facts__last_checkin",
            "caseload_facts__last_slip",
            "caseload_facts__signs_by_day",
            "caseload_facts__rules",
        )
        .order_by()
    )
    return {
        row[0]: (
            None if row[1] is None else _date(row[1]),
            row[2],
            row[3],
            row[4] if row[10] == SIGN_RULES else None,  # kept under other rules: stale
            None if row[5] is None else _date(row[5]),
            row[6:10],
        )
        for row in found
    }


def caseload_warning_signs(checkin_users, contact_ids: set[int], todays: dict) -> dict[int, list]:
    """The warning signs of clients who share check-ins (with the isolation sign for those in
    `contact_ids`, who also share meetings and outreach): one query for the profiles, then as
    `_warning_signs`."""
    ids = [u.pk for u in checkin_users]
    if not ids:
        return {}
    return _warning_signs(checkin_users, contact_ids, todays, _profiles(ids))


def _warning_signs(checkin_users, contact_ids: set[int], todays: dict, profiles: dict) -> dict[int, list]:
    """The warning signs of these clients, given their `_profiles`.

    Kept per client between views (derived.py) while that client's records and local
    date stay the same, and keyed by whether contacts were read, so a sign is only ever computed
    from what the client shares with this therapist now: the caller decides who is asked for.
    What does not depend on the date (the last four weeks' urges, check-in and middle-circle
    days, the last meeting or call) is kept on write (`keep_facts`, models.CaseloadFacts): the
    first view of the day computes only what depends on today from those."""
    ids = [u.pk for u in checkin_users]
    if not ids:
        return {}
    keys = {
        pk: derived.key("caseload-signs", pk, profiles[pk][2], todays[pk], pk in contact_ids)
        for pk in ids
        if pk in profiles
    }
    kept = derived.kept().get_many(list(keys.values()))
    result = {pk: kept[k] for pk, k in keys.items() if k in kept}
    facts, contacts = {}, {}
    for pk in keys:
        if pk in result:
            continue
        started_on, isolation_days, stamp, facts_stamp, as_of, kept_facts = profiles[pk]
        if kept_facts[0] is None or facts_stamp != stamp or as_of > todays[pk]:
            continue
        facts[pk], contacts[pk] = _facts_from_kept(kept_facts[0], started_on, isolation_days)
    computed = _signs_from_facts(facts, contacts, contact_ids, todays)
    rest = [u for u in checkin_users if u.pk in keys and u.pk not in result and u.pk not in computed]
    computed.update(_compute_warning_signs(rest, contact_ids, todays, profiles))
    computed.update({pk: [] for pk in ids if pk not in profiles})  # no profile yet: no signs to read
    derived.kept().set_many({keys[pk]: signs for pk, signs in computed.items() if pk in keys})
    result.update(computed)
    return result


def _gather(checkin_users, contact_ids: set[int], todays: dict, profiles: dict):
    """The facts of many clients read in bulk over the last 28 days (the highest urge of each day,
    the days with a check-in, the days with a middle-circle behaviour), and the last meeting or
    call of those in `contact_ids` who have a profile: (facts by id, last contact by id)."""
    ids = [u.pk for u in checkin_users]
    window = max(insights.URGE_LONG_DAYS, insights.MISSED_WINDOW + 1, 2 * insights.MIDDLE_WINDOW)
    first = min(todays[pk] for pk in ids) - (window - 1) * DAY
    last = max(todays[pk] for pk in ids)
    facts = {pk: insights.Facts(started_on=None) for pk in ids}
    for owner_id in ids:
        if owner_id not in profiles:
            continue
        started_on, isolation_days = profiles[owner_id][:2]
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
    return facts, last_contacts(with_profile, todays, recent_contact, first)


def _signs_from_facts(facts: dict, contacts: dict, contact_ids: set[int], todays: dict) -> dict[int, list]:
    """The signs on each client's `today` from their facts; the last meeting or call (`contacts`)
    is used only for the clients in `contact_ids`."""
    result = {}
    for pk, fact in facts.items():
        today = todays[pk]
        beyond = False
        if pk in contact_ids and pk in contacts and fact.started_on is not None:
            day = contacts[pk]
            horizon = today - (CONTACT_HORIZON_DAYS - 1) * DAY
            if (day is None or day < horizon) and fact.started_on < horizon:
                fact.last_contact = horizon - DAY  # "none within the horizon": the sign is decided exactly
                beyond = True
            else:
                fact.last_contact = day
        else:
            fact.last_contact = None
        signs = insights.compute_warning_signs(fact, today)
        result[pk] = [
            _beyond_horizon(s, fact) if beyond else s for s in signs if s.key != "isolation" or pk in contact_ids
        ]
    return result


def _compute_warning_signs(checkin_users, contact_ids: set[int], todays: dict, profiles: dict) -> dict[int, list]:
    """The warning signs of many clients straight from their records: insights.compute_warning_signs
    on the facts `_gather` reads — meetings and calls only for clients who share them (the
    isolation sign)."""
    if not checkin_users:
        return {}
    facts, contacts = _gather(checkin_users, contact_ids, todays, profiles)
    return _signs_from_facts(facts, contacts, contact_ids, todays)


# --- kept on write --------------------------------------------------------------------------------


def keep_facts(owner_ids) -> None:
    """Read and keep what the caseload needs of these people that does not depend on the date
    (models.CaseloadFacts), filed under the profile stamp taken before the records are read, so a
    write racing this one leaves them stale (read from the records), never wrong. Runs after the
    commit of every write that touches the stamp (derived.touch), once per transaction; people
    without an active therapist link are skipped (no caseload shows them: should one come, it
    reads their records until their next write)."""
    ids = sorted(set(owner_ids))
    if not ids:
        return
    therapist = Link.objects.filter(owner_id=OuterRef("owner_id"), role=LinkRole.THERAPIST, status=LinkStatus.ACTIVE)
    profiles = {
        owner_id: (started_on, isolation_days, stamp)
        for owner_id, started_on, isolation_days, stamp in RecoveryProfile.objects.filter(owner_id__in=ids)
        .filter(Exists(therapist))
        .values_list("owner_id", "started_on", "isolation_days", "stamp")
    }
    if not profiles:
        return
    latest_checkin = CheckIn.objects.filter(owner=OuterRef("pk")).order_by("-local_date").values("local_date")[:1]
    latest_slip = (
        Slip.objects.filter(owner=OuterRef("pk"), program__archived=False)
        .order_by("-local_date")
        .values("local_date")[:1]
    )
    found = (
        User.objects.filter(pk__in=profiles)
        .annotate(last_checkin=Subquery(latest_checkin), last_slip=Subquery(latest_slip))
        .values_list("pk", "time_zone", "last_checkin", "last_slip")
    )
    people, last = [], {}
    for pk, zone, last_checkin, last_slip in found:
        people.append(_Person(pk, zone))
        last[pk] = (last_checkin, last_slip)
    if not people:
        return
    todays = {p.pk: p.local_today() for p in people}
    facts, contacts = _gather(people, set(todays), todays, profiles)
    rows = []
    for person in people:
        fact = facts[person.pk]
        today = todays[person.pk]
        first = today.toordinal() - CONTACT_HORIZON_DAYS
        contact = contacts.get(person.pk)
        data = {
            "urge": sorted((d.toordinal() - first, v) for d, v in fact.daily_urge.items()),
            "middle": sorted(d.toordinal() - first for d in fact.middle_days),
            "contact": contact.toordinal() - first if contact else None,
            "first": first,
        }
        rows.append(
            CaseloadFacts(
                owner_id=person.pk,
                stamp=profiles[person.pk][2],
                as_of=today,
                data=data,
                last_checkin=last[person.pk][0],
                last_slip=last[person.pk][1],
                rules=SIGN_RULES,
            )
        )
        rows[-1].signs_by_day = _signs_by_day(person.pk, data, *profiles[person.pk][:2], today)
    CaseloadFacts.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["owner"],
        update_fields=["stamp", "as_of", "data", "last_checkin", "last_slip", "signs_by_day", "rules"],
    )


def _signs_by_day(pk: int, data: dict, started_on, isolation_days, as_of: datetime.date) -> int:
    """Which warning signs these facts give on `as_of` and each of the SIGN_DAYS - 1 days after
    it (for a therapist who may read meetings and calls: the others drop isolation), six bits a
    day — by the caseload's own rules on the facts as the caseload decodes them."""
    found = 0
    for offset in range(SIGN_DAYS):
        fact, contact = _facts_from_kept(data, started_on, isolation_days)
        day = as_of + offset * DAY
        bits = KNOWN
        for sign in _signs_from_facts({pk: fact}, {pk: contact}, {pk}, {pk: day})[pk]:
            bits |= _BIT.get(sign.key, OTHER)
        found |= bits << (6 * offset)
    return found


class _Later:
    """One client's warning signs from their kept facts, worked out the first time one of their
    sentences is read (in practice: for the rows a page shows)."""

    __slots__ = ("args", "signs")

    def __init__(self, *args):
        self.args = args
        self.signs = None

    def get(self, key: str, name: str):
        if self.signs is None:
            pk, data, started_on, isolation_days, today, with_contacts = self.args
            fact, contact = _facts_from_kept(data, started_on, isolation_days)
            found = _signs_from_facts({pk: fact}, {pk: contact}, {pk} if with_contacts else set(), {pk: today})
            self.signs = {sign.key: sign for sign in found[pk]}
        sign = self.signs.get(key)
        return "" if sign is None else getattr(sign, name)  # kept bits and facts disagree: never a 500


_later_text = lazy(_Later.get, str)


class _KeptSign:
    """A warning sign the kept facts say shows today (insights.WarningSign's fields): its key at
    once, its sentences as lazy text, worked out from the facts when first read."""

    __slots__ = ("key", "_later")

    def __init__(self, key: str, later: _Later):
        self.key = key
        self._later = later

    @property
    def title(self):
        return _later_text(self._later, self.key, "title")

    @property
    def explanation(self):
        return _later_text(self._later, self.key, "explanation")

    @property
    def value(self):
        return self._later.get(self.key, "value")

    @property
    def threshold(self):
        return self._later.get(self.key, "threshold")


def _facts_from_kept(data, started_on, isolation_days) -> tuple:
    if isinstance(data, str):
        data = json.loads(data)
    first = data["first"]
    fact = insights.Facts(started_on=started_on, isolation_days=isolation_days)
    urge = fact.daily_urge = {_ordinal(first + n): v for n, v in data["urge"]}
    fact.checkin_days = set(urge)
    fact.middle_days = {_ordinal(first + n) for n in data["middle"]}
    contact = data["contact"]
    return fact, None if contact is None else _ordinal(first + contact)


_ordinal = datetime.date.fromordinal


@dataclasses.dataclass(frozen=True)
class _Person:
    pk: int
    time_zone: str

    def local_today(self) -> datetime.date:
        try:
            zone = zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            zone = zoneinfo.ZoneInfo("UTC")
        return timezone.now().astimezone(zone).date()


def _beyond_horizon(sign, fact):
    if sign.key != "isolation":
        return sign
    limit = fact.isolation_days
    return dataclasses.replace(
        sign,
        explanation=ngettext(
            "No meeting or call in the last %(horizon)s days, longer than the %(limit)s day set as the limit.",
            "No meeting or call in the last %(horizon)s days, longer than the %(limit)s days set as the limit.",
            limit,
        )
        % {"horizon": CONTACT_HORIZON_DAYS, "limit": limit},
    )
