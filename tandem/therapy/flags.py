"""Risk flags on the caseload: what each one means, which shared scopes it needs, and the pure
function that derives them from one client's facts (no database; tested on fixed data).

A flag is computed only from scopes the client shares with this therapist now: every scope in
`needs` must be granted, or the flag is neither computed nor shown. The safety flag is shown to
every linked therapist who holds `assessments` (the same answer the "safety answer" badge shows
them), and also when the client agreed, when linking, that this therapist is alerted to a
safety answer (Link.safety_alerts) — then whatever else is shared. The alert email stays opt-in.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

DAY = datetime.timedelta(days=1)
SLIP_WINDOW_DAYS = 7


@dataclass(frozen=True)
class FlagKind:
    key: str
    label: str
    weight: int
    needs: frozenset[str]
    """Scopes that must all be shared for this flag to be computed."""


KINDS = (
    FlagKind("safety", _("Safety answer"), 100, frozenset({"assessments"})),
    FlagKind("slip", _("Slip in the last 7 days"), 40, frozenset({"sobriety"})),
    FlagKind("questionnaire", _("Questionnaire"), 20, frozenset({"assessments"})),
    FlagKind("urges", _("Urges trending up"), 15, frozenset({"checkins"})),
    FlagKind("isolation", _("Isolation"), 15, frozenset({"checkins", "meetings", "outreach"})),
    FlagKind("middle", _("Middle circle more often"), 10, frozenset({"checkins"})),
    FlagKind("missed", _("Missed check-ins"), 10, frozenset({"checkins"})),
    FlagKind("homework", _("Homework overdue"), 5, frozenset({"homework"})),
)
BY_KEY = {kind.key: kind for kind in KINDS}
_ORDER = {kind.key: i for i, kind in enumerate(KINDS)}
SCOPES_USED = frozenset().union(*(kind.needs for kind in KINDS))
"""Every scope the caseload reads."""

SIGN_TO_FLAG = {
    "urges_rising": "urges",
    "isolation": "isolation",
    "middle_circle": "middle",
    "missed_checkins": "missed",
}


@dataclass(frozen=True)
class Flag:
    key: str
    label: str
    detail: str
    weight: int


@dataclass
class ClientFacts:
    """What the caseload knows of one client, already limited to what they share."""

    today: datetime.date
    scopes: set[str]
    safety_alerts: bool = False
    last_slip: datetime.date | None = None
    """The last slip of the last seven days, if any (sobriety scope: the dates of slips)."""
    signs: list = field(default_factory=list)
    """recovery.insights.WarningSign (check-ins; isolation also needs meetings and outreach)."""
    assessment_flags: list = field(default_factory=list)
    """assessments.api.Flag (code: cutoff | worse | safety)."""
    overdue_homework: int = 0


def days_ago(days: int) -> str:
    """ "today", "yesterday", "3 days ago"."""
    if days == 0:
        return gettext("today")
    if days == 1:
        return gettext("yesterday")
    return ngettext("%(count)s day ago", "%(count)s days ago", days) % {"count": days}


def allowed(kind: FlagKind, facts: ClientFacts) -> bool:
    if kind.key == "safety":
        return facts.safety_alerts or kind.needs <= facts.scopes
    return kind.needs <= facts.scopes


def _flag(key: str, detail: str) -> Flag:
    kind = BY_KEY[key]
    return Flag(kind.key, kind.label, detail, kind.weight)


def compute(facts: ClientFacts) -> list[Flag]:
    """The flags of one client, most serious first. Deterministic; no database."""
    flags: list[Flag] = []

    if allowed(BY_KEY["safety"], facts):
        safety = [f for f in facts.assessment_flags if f.code == "safety"]
        if safety:
            flags.append(_flag("safety", "; ".join(f.text for f in safety)))

    if allowed(BY_KEY["slip"], facts) and facts.last_slip:
        days = (facts.today - facts.last_slip).days
        if 0 <= days < SLIP_WINDOW_DAYS:
            detail = gettext("A slip %(when)s (%(day)s).") % {
                "when": days_ago(days),
                "day": date_format(facts.last_slip, "j M"),
            }
            flags.append(_flag("slip", detail))

    if allowed(BY_KEY["questionnaire"], facts):
        scores = [f for f in facts.assessment_flags if f.code in ("cutoff", "worse")]
        if scores:
            flags.append(_flag("questionnaire", "; ".join(f.text for f in scores)))

    for sign in facts.signs:
        key = SIGN_TO_FLAG.get(sign.key)
        if key and allowed(BY_KEY[key], facts):
            flags.append(_flag(key, sign.explanation))

    if allowed(BY_KEY["homework"], facts) and facts.overdue_homework:
        n = facts.overdue_homework
        detail = ngettext(
            "%(count)s piece of homework past the due date.", "%(count)s pieces of homework past the due date.", n
        ) % {"count": n}
        flags.append(_flag("homework", detail))

    return sorted(flags, key=lambda f: _ORDER[f.key]) if len(flags) > 1 else flags


def risk(flags: list[Flag]) -> int:
    return sum(flag.weight for flag in flags)


def scopes_read(rows) -> dict[str, list[int]]:
    """{scope: client ids} of what the caseload read for these rows (each with .client, .scopes).

    A flag's scopes are read only when all of them are shared (meetings and outreach, for
    instance, only together with check-ins, for the isolation flag)."""
    reads: dict[str, list[int]] = {}
    for row in rows:
        used: set[str] = set()
        for kind in KINDS:
            if kind.needs and kind.needs <= row.scopes:
                used |= kind.needs
        for scope in used:
            reads.setdefault(scope, []).append(row.client.pk)
    return reads
