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


for _scope in [
    Scope(
        "sobriety",
        "Sobriety summary",
        "Whether you're sober today, your current streak, total sober days and the dates of slips — no details.",
        frozenset({"therapist", "partner", "sponsor"}),
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
    Scope("genogram", "Genogram", "Your family map.", CLINICAL),
    Scope("journal", "Journal", "Your private journal. Off unless you turn it on."),
]:
    register(_scope)
