"""The registry of scopes: the kinds of data an owner can share, one grant per scope.

Apps register the scopes they own in their AppConfig.ready(); the core list below is the one the
product brief names, so a grant can be made for any of them from the first day.
"""

from django.utils.translation import gettext_lazy as _


class Scope:
    """A kind of data an owner can share. `label` and `description` may be given lazily
    (gettext_lazy); read, they are plain text in the reader's language, so every consumer (a
    page, a JSON answer, an API schema) gets a real string. `default_for`: the link roles
    (therapist, partner, sponsor, friend) for which the scope is on by default."""

    __slots__ = ("_description", "_label", "default_for", "key")

    def __init__(self, key: str, label, description, default_for: frozenset[str] = frozenset()):
        self.key = key
        self._label = label
        self._description = description
        self.default_for = frozenset(default_for)

    @property
    def label(self) -> str:
        return str(self._label)

    @property
    def description(self) -> str:
        return str(self._description)

    def _identity(self) -> tuple:
        return (self.key, self.label, self.description, self.default_for)

    def __eq__(self, other) -> bool:
        return isinstance(other, Scope) and self._identity() == other._identity()

    def __hash__(self) -> int:
        return hash(self.key)

    def __repr__(self) -> str:
        return f"Scope({self.key!r}, {self.label!r})"


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

NO_CONFIDENTIALITY = _(
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
        _("Sobriety summary"),
        _(
            "Your current streak, total sober days and the dates of slips — no details. A partner sees a slip "
            "only once you mark that you told them."
        ),
        frozenset({"therapist", "sponsor"}),
    ),
    Scope("checkins", _("Daily check-ins"), _("Your check-ins in detail: urges, triggers, feelings, notes."), CLINICAL),
    Scope("urges", _("Urges"), _("Urges you logged and what helped."), CLINICAL),
    Scope("circles", _("Three circles"), _("Your inner, middle and outer circles."), CLINICAL),
    Scope(
        "plan", _("Relapse prevention plan"), _("Your plan: triggers, warning signs, coping, people to call."), CLINICAL
    ),
    Scope("meetings", _("Meetings"), _("Your meeting schedule and attendance."), frozenset({"therapist", "sponsor"})),
    Scope(
        "outreach",
        _("Outreach"),
        _("Calls, texts and coffees with program friends."),
        frozenset({"therapist", "sponsor"}),
    ),
    Scope(
        "stepwork", _("Step work"), _("Your step-work answers and their threads."), frozenset({"therapist", "sponsor"})
    ),
    Scope("assessments", _("Questionnaires"), _("Your questionnaire results over time."), CLINICAL),
    Scope("homework", _("Homework"), _("Homework and your answers."), CLINICAL),
    Scope("timeline", _("Life timeline"), _("The events of your life timeline."), CLINICAL),
    Scope(
        "genogram", _("Family map"), _("Your family map: who is in your family and how they are connected."), CLINICAL
    ),
    Scope("journal", _("Journal"), _("Your private journal. Off unless you turn it on.")),
]:
    register(_scope)
