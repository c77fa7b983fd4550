"""The registry of scopes: the kinds of data an owner can share, one grant per scope.

Apps register the scopes they own in their AppConfig.ready(); the core list below is the one the
product brief names, so a grant can be made for any of them from the first day.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Scope:
    key: str
    label: str
    description: str
    default_for: frozenset[str] = frozenset()
    """Link roles (therapist, partner, sponsor, friend) for which the scope is on by default."""


_REGISTRY: dict[str, Scope] = {}

CLINICAL = frozenset({"therapist"})


def register(scope: Scope) -> Scope:
    existing = _REGISTRY.get(scope.key)
    if existing is not None and existing != scope:
        raise ValueError(f"scope {scope.key!r} registered twice with different definitions")
    _REGISTRY[scope.key] = scope
    return scope


def get(key: str) -> Scope:
    try:
        return _REGISTRY[key]
    except KeyError:
        raise UnknownScope(key) from None


def is_known(key: str) -> bool:
    return key in _REGISTRY


def all_scopes() -> list[Scope]:
    return list(_REGISTRY.values())


def defaults_for(role: str) -> list[str]:
    return [scope.key for scope in _REGISTRY.values() if role in scope.default_for]


class UnknownScope(KeyError):
    pass


SHARED_IN_CONFIDENCE = frozenset(
    {"checkins", "urges", "plan", "assessments", "homework", "timeline", "genogram", "journal", "safety_plan"}
)
"""Clinical scopes: granting one to anyone but a therapist (a partner, a sponsor, a program friend)
first asks the owner to confirm, with `NO_CONFIDENTIALITY`."""

NO_CONFIDENTIALITY = (
    "A partner, a sponsor or a program friend owes you no confidentiality: unlike a therapist, "
    "nothing stops them passing on what they read. Share this only because you want to. "
    "Nobody should press you to share, and you can stop at any time."
)


def needing_confirmation(role: str, keys) -> list[Scope]:
    """The clinical scopes among `keys` that need the owner's confirmation for a link of `role`."""
    if role == "therapist":
        return []
    return [get(key) for key in keys if key in SHARED_IN_CONFIDENCE and is_known(key)]


for _scope in [
    Scope(
        "sobriety",
        "Sobriety summary",
        "Your current streak, total sober days and the dates of slips — no details. A partner sees a slip "
        "only once you mark that you told them.",
        frozenset({"therapist", "sponsor"}),
    ),
    Scope("checkins", "Daily check-ins", "Your check-ins in detail: urges, triggers, feelings, notes.", CLINICAL),
    Scope("urges", "Urges", "Urges you logged and what helped.", CLINICAL),
    Scope("circles", "Three circles", "Your inner, middle and outer circles.", CLINICAL),
    Scope("plan", "Relapse prevention plan", "Your plan: triggers, warning signs, coping, people to call.", CLINICAL),
    Scope("meetings", "Meetings", "Your meeting schedule and attendance.", frozenset({"therapist", "sponsor"})),
    Scope(
        "outreach", "Outreach", "Calls, texts and coffees with program friends.", frozenset({"therapist", "sponsor"})
    ),
    Scope("stepwork", "Step work", "Your step-work answers and their threads.", frozenset({"therapist", "sponsor"})),
    Scope("assessments", "Questionnaires", "Your questionnaire results over time.", CLINICAL),
    Scope("homework", "Homework", "Homework and your answers.", CLINICAL),
    Scope("timeline", "Life timeline", "The events of your life timeline.", CLINICAL),
    Scope("genogram", "Family map", "Your family map: who is in your family and how they are connected.", CLINICAL),
    Scope("journal", "Journal", "Your private journal. Off unless you turn it on."),
]:
    register(_scope)
