"""Sobriety summaries and warning signs: plain functions for the dashboard, the sharing panels
and the therapist's caseload.

Public API (documented in docs/recovery.md):

    sobriety_summary(user, today=None) -> list[ProgramSummary]
    summaries_for(users, today_by_user=None) -> dict[user_id, list[ProgramSummary]]   # 2 queries
    warning_signs(user, today=None) -> list[WarningSign]
    warning_signs_for(users, today_by_user=None) -> dict[user_id, list[WarningSign]]  # 4 queries (+ fellowship)
    compute_warning_signs(facts: Facts, today) -> list[WarningSign]                   # pure, no database

The bulk forms issue a fixed number of queries whatever the number of people or the length of
their history: aggregates are computed in SQL, and only bounded windows (the last 28 days) are
read row by row.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Case, Count, Exists, IntegerField, Max, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext, ngettext

from tandem.accounts.models import User
from tandem.fellowship import api as fellowship

from .library import Circle
from .models import CheckIn, CheckInItem, CircleSet, Program, RecoveryProfile, Slip
from .sobriety import (
    DEFAULT_MILESTONES,
    Milestone,
    current_since,
    next_milestone,
    parse_specs,
    reached,
    streak_days,
    total_sober_days,
)

DAY = datetime.timedelta(days=1)
MOMENT_DAYS = 7
"""How many days, counting the day itself, a milestone's quiet moment waits on Today to be seen."""

# --- sobriety --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgramSummary:
    program_id: int
    label: str
    kind: str
    fellowship: str
    sobriety_date: datetime.date
    """The date the count started (chosen by the person; a slip does not change it)."""
    since: datetime.date
    """The start of the current streak: the sobriety date, or the date of the last slip."""
    today: datetime.date
    streak_days: int
    total_sober_days: int
    slip_count: int
    last_slip: datetime.date | None
    last_checkin: datetime.date | None
    next_milestone: Milestone | None
    latest_milestone: Milestone | None
    """The most recent milestone of the current streak, if any."""
    has_circles: bool = True
    milestone_put_away: datetime.date | None = None
    """The date of the milestone whose moment the person put away (Program.milestone_put_away)."""

    @property
    def checked_in_today(self) -> bool:
        return self.last_checkin == self.today

    @property
    def sober_today(self) -> bool:
        return self.last_slip != self.today

    @property
    def milestone_today(self) -> Milestone | None:
        if self.latest_milestone and self.latest_milestone.date == self.today:
            return self.latest_milestone
        return None

    @property
    def milestone_moment(self) -> Milestone | None:
        """The milestone to mark with a quiet moment on Today, for the owner's eyes only: the latest
        one of this streak, from its day until the person puts it away, and for at most
        `MOMENT_DAYS` (a first visit a few days later still finds it; one long past does not)."""
        m = self.latest_milestone
        if m is None or m.date == self.milestone_put_away:
            return None
        if not 0 <= (self.today - m.date).days < MOMENT_DAYS:
            return None
        return m

    @property
    def days_to_next(self) -> int | None:
        return (self.next_milestone.date - self.today).days if self.next_milestone else None


def _annotated_programs(user_ids: list[int]):
    after_start = Slip.objects.filter(program=OuterRef("pk"), local_date__gte=OuterRef("sobriety_date"))
    return (
        Program.objects.filter(owner_id__in=user_ids, archived=False)
        .annotate(
            last_slip=Subquery(after_start.order_by("-local_date").values("local_date")[:1]),
            slip_days=Coalesce(
                Subquery(
                    Slip.objects.filter(program=OuterRef("pk"), local_date__gt=OuterRef("sobriety_date"))
                    .values("program")
                    .annotate(n=Count("local_date", distinct=True))
                    .values("n")
                ),
                Value(0),
            ),
            slip_count=Coalesce(
                Subquery(after_start.values("program").annotate(n=Count("pk")).values("n")),
                Value(0),
            ),
            last_checkin=Subquery(
                CheckIn.objects.filter(program=OuterRef("pk")).order_by("-local_date").values("local_date")[:1]
            ),
            has_circles=Exists(CircleSet.objects.filter(program=OuterRef("pk"))),
        )
        .order_by("owner_id", "pk")
    )


def summarise(program, today: datetime.date, specs, yearly: bool) -> ProgramSummary:
    """A summary from a program annotated as in `_annotated_programs`."""
    since = current_since(program.sobriety_date, program.last_slip)
    done = reached(since, today, specs, yearly)
    return ProgramSummary(
        program_id=program.pk,
        label=program.label,
        kind=program.kind,
        fellowship=program.fellowship,
        sobriety_date=program.sobriety_date,
        since=since,
        today=today,
        streak_days=streak_days(since, today),
        total_sober_days=total_sober_days(program.sobriety_date, today, program.slip_days),
        slip_count=program.slip_count,
        last_slip=program.last_slip,
        last_checkin=program.last_checkin,
        next_milestone=next_milestone(since, today, specs, yearly),
        latest_milestone=done[-1] if done else None,
        has_circles=program.has_circles,
        milestone_put_away=program.milestone_put_away,
    )


def _specs_of(profile) -> tuple[list, bool]:
    if profile is None:
        return parse_specs(DEFAULT_MILESTONES), True
    try:
        return parse_specs(profile.milestones), profile.yearly
    except ValueError:
        return parse_specs(DEFAULT_MILESTONES), profile.yearly


def _todays(users, today_by_user) -> dict[int, datetime.date]:
    today_by_user = today_by_user or {}
    return {user.pk: today_by_user.get(user.pk) or user.local_today() for user in users}


def summaries_for(users: Iterable, today_by_user: dict | None = None) -> dict[int, list[ProgramSummary]]:
    """Sobriety summaries of many people in two queries (profiles, programs with aggregates)."""
    users = list(users)
    todays = _todays(users, today_by_user)
    ids = list(todays)
    profiles = {p.owner_id: p for p in RecoveryProfile.objects.filter(owner_id__in=ids)}
    result: dict[int, list[ProgramSummary]] = {pk: [] for pk in ids}
    for program in _annotated_programs(ids):
        specs, yearly = _specs_of(profiles.get(program.owner_id))
        result[program.owner_id].append(summarise(program, todays[program.owner_id], specs, yearly))
    return result


def sobriety_summary(user, today: datetime.date | None = None, *, profile=None) -> list[ProgramSummary]:
    """One person's summaries, one per active program (one query, two without `profile`)."""
    today = today or user.local_today()
    if profile is None:
        profile = RecoveryProfile.objects.filter(owner=user).first()
    specs, yearly = _specs_of(profile)
    return [summarise(program, today, specs, yearly) for program in _annotated_programs([user.pk])]


def summary_from_slips(user, slip_ids, today: datetime.date | None = None) -> list[ProgramSummary]:
    """One person's summaries counted as if only the slips `slip_ids` had happened (the rest are
    left out entirely: no streak restarts, no count, no date). For a partner's view, which sees a
    slip only once the client has marked it told. Never served from the derived cache."""
    today = today or user.local_today()
    specs, yearly = _specs_of(RecoveryProfile.objects.filter(owner=user).first())
    dates: dict[int, list[datetime.date]] = defaultdict(list)
    told = Slip.objects.filter(owner=user, pk__in=list(slip_ids))
    for program_id, day in told.values_list("program_id", "local_date"):
        dates[program_id].append(day)
    summaries = []
    for program in Program.objects.filter(owner=user, archived=False).order_by("pk"):
        counted = [d for d in dates.get(program.pk, []) if program.sobriety_date <= d <= today]
        program.last_slip = max(counted, default=None)
        program.slip_days = len({d for d in counted if d > program.sobriety_date})
        program.slip_count = len(counted)
        program.last_checkin = None
        program.has_circles = True
        summaries.append(summarise(program, today, specs, yearly))
    return summaries


# --- warning signs ---------------------------------------------------------------------------

URGE_SHORT_DAYS = 7
URGE_LONG_DAYS = 28
URGE_MARGIN = 1.0
URGE_MIN_SHORT = 4
URGE_MIN_LONG = 10
MIDDLE_WINDOW = 14
MIDDLE_MIN = 3
MIDDLE_RISE = 2
MISSED_WINDOW = 7
MISSED_MIN = 3
LOOKBACK_DAYS = 28
SLIP_WINDOW = 7


@dataclass(frozen=True)
class WarningSign:
    key: str
    """recent_slip | isolation | urges_rising | middle_circle | missed_checkins"""
    title: str
    explanation: str
    """One sentence, in plain words, with the numbers that triggered it."""
    value: float
    threshold: float


@dataclass
class Facts:
    """Everything the warning signs look at, for one person (built in bulk, or by hand in tests)."""

    started_on: datetime.date | None
    isolation_days: int = 5
    last_contact: datetime.date | None = None
    """The last day with a meeting or outreach (fellowship log or check-in counts)."""
    daily_urge: dict[datetime.date, int] = field(default_factory=dict)
    """The highest check-in urge level of each day (at least the last 28 days)."""
    checkin_days: set[datetime.date] = field(default_factory=set)
    middle_days: set[datetime.date] = field(default_factory=set)
    """Days with at least one middle-circle behaviour ticked in a check-in."""
    slip_days: set[datetime.date] = field(default_factory=set)
    """Days with a logged slip (only the slips the reader may count)."""


def _mean(values: list[int]) -> float:
    return sum(values) / len(values)


def _days(n: int) -> str:
    return ngettext("%(count)s day", "%(count)s days", n) % {"count": n}


def compute_warning_signs(facts: Facts, today: datetime.date) -> list[WarningSign]:
    """The warning signs of one person on `today`. Deterministic; no database."""
    signs = []
    if facts.started_on is None:
        return signs

    recent_slips = sorted(d for d in facts.slip_days if today - (SLIP_WINDOW - 1) * DAY <= d <= today)
    if recent_slips:
        last = recent_slips[-1]
        ago = (today - last).days
        if ago == 0:
            logged = gettext("A slip was logged today.")
        elif ago == 1:
            logged = gettext("A slip was logged yesterday.")
        else:
            logged = ngettext("A slip was logged %(count)s day ago.", "A slip was logged %(count)s days ago.", ago) % {
                "count": ago
            }
        signs.append(
            WarningSign(
                "recent_slip",
                gettext("A recent slip"),
                logged
                + " "
                + gettext(
                    "The days after a slip are when support helps most — a call, a meeting, a look at your plan."
                ),
                len(recent_slips),
                1,
            )
        )

    baseline = max(d for d in (facts.last_contact, facts.started_on) if d is not None)
    quiet = (today - baseline).days
    if quiet > facts.isolation_days:
        if facts.last_contact:
            text = gettext(
                "The last meeting or call was %(days)s ago, longer than the %(limit)s set as the limit — "
                "isolation is the warning sign fellowships name first."
            )
        else:
            text = gettext(
                "No meeting or call has been logged in the %(days)s since starting, longer than the %(limit)s "
                "set as the limit — isolation is the warning sign fellowships name first."
            )
        signs.append(
            WarningSign(
                "isolation",
                gettext("Isolation"),
                text % {"days": _days(quiet), "limit": _days(facts.isolation_days)},
                quiet,
                facts.isolation_days,
            )
        )

    short_from, long_from = today - (URGE_SHORT_DAYS - 1) * DAY, today - (URGE_LONG_DAYS - 1) * DAY
    long = [(d, v) for d, v in facts.daily_urge.items() if long_from <= d <= today]
    short = [v for d, v in long if d >= short_from]
    long = [v for _d, v in long]
    if len(short) >= URGE_MIN_SHORT and len(long) >= URGE_MIN_LONG:
        short_mean, long_mean = _mean(short), _mean(long)
        if short_mean >= long_mean + URGE_MARGIN:
            signs.append(
                WarningSign(
                    "urges_rising",
                    gettext("Urges rising"),
                    gettext(
                        "Urges are trending up: the average over the last 7 days is %(short)s, "
                        "against %(long)s over the last 28."
                    )
                    % {"short": f"{short_mean:.1f}", "long": f"{long_mean:.1f}"},
                    round(short_mean - long_mean, 2),
                    URGE_MARGIN,
                )
            )

    recent_start = today - (MIDDLE_WINDOW - 1) * DAY
    prior_start = recent_start - MIDDLE_WINDOW * DAY
    recent = sum(1 for d in facts.middle_days if recent_start <= d <= today)
    prior = sum(1 for d in facts.middle_days if prior_start <= d < recent_start)
    if recent >= MIDDLE_MIN and recent >= prior + MIDDLE_RISE:
        signs.append(
            WarningSign(
                "middle_circle",
                gettext("Middle circle more often"),
                gettext(
                    "Middle-circle behaviours are becoming more frequent: %(recent)s in the last two weeks, "
                    "against %(prior)s in the two weeks before."
                )
                % {"recent": _days(recent), "prior": prior},
                recent - prior,
                MIDDLE_RISE,
            )
        )

    first = max(facts.started_on, today - MISSED_WINDOW * DAY)
    window = [first + i * DAY for i in range((today - first).days)]  # up to yesterday
    missed = sum(1 for d in window if d not in facts.checkin_days)
    if missed >= MISSED_MIN:
        signs.append(
            WarningSign(
                "missed_checkins",
                gettext("Missed check-ins"),
                gettext("Check-ins have been missed on %(missed)s of the last %(days)s days.")
                % {"missed": missed, "days": len(window)},
                missed,
                MISSED_MIN,
            )
        )
    return signs


def daily_rows(user_ids: list[int], first: datetime.date, last: datetime.date):
    """One row per (owner, day) with check-ins in [first, last]: highest urge, any "no", any late."""
    return (
        CheckIn.objects.filter(owner_id__in=user_ids, local_date__gte=first, local_date__lte=last)
        .values("owner_id", "local_date")
        .annotate(
            urge=Max("urge_level"),
            n=Count("pk"),
            inner=Max(Case(When(stayed_out=False, then=1), default=0, output_field=IntegerField())),
            late=Max(Case(When(filled_late=True, then=1), default=0, output_field=IntegerField())),
        )
        .order_by("owner_id", "local_date")
    )


def middle_days(user_ids: list[int], first: datetime.date, last: datetime.date) -> dict[int, set]:
    rows = (
        CheckInItem.objects.filter(
            owner_id__in=user_ids, circle=Circle.MIDDLE, local_date__gte=first, local_date__lte=last
        )
        .values_list("owner_id", "local_date")
        .distinct()
    )
    result = defaultdict(set)
    for owner_id, day in rows:
        result[owner_id].add(day)
    return result


def slip_days(user_ids: list[int], first: datetime.date, last: datetime.date):
    """(owner_id, day) for each day in [first, last] with a logged slip."""
    return (
        Slip.objects.filter(owner_id__in=user_ids, local_date__gte=first, local_date__lte=last)
        .values_list("owner_id", "local_date")
        .distinct()
        .order_by()
    )


def last_contacts(users: list) -> dict[int, datetime.date | None]:
    """Last day with a meeting or outreach: the later of the check-in counts and the fellowship log.

    The check-in side is one query whatever the number of people: for each, the newest check-in
    with a meeting or a call, one step into the partial index `checkin_contact_days` (so a
    person who never logs a call costs no scan of their history either)."""
    ids = [u.pk for u in users]
    if not ids:
        return {}
    newest = (
        CheckIn.objects.filter(owner=OuterRef("pk"))
        .filter(Q(meetings__gt=0) | Q(calls__gt=0))
        .order_by("-local_date")
        .values("local_date")[:1]
    )
    from_checkins = dict(
        User.objects.filter(pk__in=ids).order_by().annotate(last=Subquery(newest)).values_list("pk", "last")
    )
    bulk = getattr(fellowship, "last_contact_dates", None)
    from_log = bulk(users) if bulk is not None else {user.pk: fellowship.last_contact_date(user) for user in users}
    result = {}
    for pk in ids:
        dates = [d for d in (from_checkins.get(pk), from_log.get(pk)) if d is not None]
        result[pk] = max(dates) if dates else None
    return result


def warning_signs_for(users: Iterable, today_by_user: dict | None = None) -> dict[int, list[WarningSign]]:
    """Warning signs of many people with a fixed number of queries (five, plus the fellowship's)."""
    users = list(users)
    todays = _todays(users, today_by_user)
    ids = list(todays)
    if not ids:
        return {}
    first = min(todays.values()) - (LOOKBACK_DAYS + MIDDLE_WINDOW) * DAY
    last = max(todays.values())
    profiles = {
        row["owner_id"]: row
        for row in RecoveryProfile.objects.filter(owner_id__in=ids).values("owner_id", "started_on", "isolation_days")
    }
    facts = {
        pk: Facts(
            started_on=profiles[pk]["started_on"] if pk in profiles else None,
            isolation_days=profiles[pk]["isolation_days"] if pk in profiles else 5,
        )
        for pk in ids
    }
    for row in daily_rows(ids, first, last):
        fact = facts[row["owner_id"]]
        fact.daily_urge[row["local_date"]] = row["urge"]
        fact.checkin_days.add(row["local_date"])
    for pk, days in middle_days(ids, first, last).items():
        facts[pk].middle_days = days
    for pk, day in slip_days(ids, last - (SLIP_WINDOW + 1) * DAY, last):
        facts[pk].slip_days.add(day)
    for pk, day in last_contacts([u for u in users if u.pk in profiles]).items():
        facts[pk].last_contact = day
    return {pk: compute_warning_signs(facts[pk], todays[pk]) for pk in ids}


def warning_signs(user, today: datetime.date | None = None) -> list[WarningSign]:
    today = today or user.local_today()
    return warning_signs_for([user], {user.pk: today})[user.pk]
