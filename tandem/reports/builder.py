"""Putting a report together: which sections, for which period, through the gate."""

import datetime
import inspect
import logging
from dataclasses import dataclass, field

from tandem.accounts.models import User
from tandem.sharing import gate, panels, scopes

from . import sections

log = logging.getLogger(__name__)

OBJECT_KIND = "report"
NOT_BY_DEFAULT = {"journal"}
"""Scopes left unticked until the owner ticks them (the journal is private by nature)."""


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass
class BuiltSection:
    key: str
    label: str
    template: str
    context: dict
    empty: bool = False
    failed: bool = False
    clinical: bool = False
    notes: list = field(default_factory=list)


def reportable_scopes() -> list[scopes.Scope]:
    """Scopes some app can show: a report section of its own, or a panel."""
    return [s for s in scopes.all_scopes() if sections.for_scope(s.key) or panels.for_scope(s.key)]


def default_keys(keys: list[str]) -> list[str]:
    return [k for k in keys if k not in NOT_BY_DEFAULT]


def therapist_scopes(viewer, owner_id) -> list[str]:
    """Scopes `owner_id` shares with viewer *as their therapist* (the gate's listing; no read logged)."""
    try:
        owner_id = int(owner_id)
    except (TypeError, ValueError):
        return []
    shared = gate.scopes_by_owner(viewer, role="therapist", owners=[owner_id]).get(owner_id, set())
    return [s.key for s in reportable_scopes() if s.key in shared]


def therapist_clients(viewer):
    """Everyone who shares at least one reportable scope with viewer as their therapist."""
    shared = gate.scopes_by_owner(viewer, role="therapist", only={s.key for s in reportable_scopes()})
    found = User.objects.filter(pk__in=list(shared), is_active=True)
    return sorted(found, key=lambda u: (u.display_name.casefold(), u.pk))


def _accepts_period(fn) -> bool:
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(p.name == "period" or p.kind is inspect.Parameter.VAR_KEYWORD for p in params)


def _section_context(scope_key: str, viewer, owner, period: Period) -> tuple[str, dict]:
    own = sections.for_scope(scope_key)
    if own is not None:
        return own.template, own.context(viewer, owner, period)
    panel = panels.for_scope(scope_key)
    if _accepts_period(panel.context):
        return panel.template, panel.context(viewer, owner, period=period)
    return panel.template, panel.context(viewer, owner)


def _combined(viewer, owner, period: Period, wanted: set[str]) -> list[BuiltSection]:
    built = []
    for section in sections.combined_sections():
        try:
            context = section.context(viewer, owner, period, wanted)
        except Exception:
            log.exception("report section %s could not be prepared", section.key)
            built.append(BuiltSection(section.key, section.label, "", {}, failed=True))
            continue
        if context is not None:
            built.append(
                BuiltSection(section.key, section.label, section.template, context, empty=bool(context.get("empty")))
            )
    return built


def build(viewer, owner, period: Period, keys, *, clinical_keys=None) -> list[BuiltSection]:
    """The sections of one report, each read through the gate (logged when it is someone else's).

    clinical_keys: None for a person's own report; for a therapist's client summary, the explicit
    clinical sections (e.g. session notes) the therapist chose to include.
    """
    wanted = set(keys)
    built = []
    for scope in reportable_scopes():
        if scope.key not in wanted:
            continue
        if not gate.may_view(viewer, owner, scope.key, OBJECT_KIND):
            continue
        try:
            template, context = _section_context(scope.key, viewer, owner, period)
        except Exception:
            log.exception("report section %s could not be prepared", scope.key)
            built.append(BuiltSection(scope.key, scope.label, "", {}, failed=True))
            continue
        context = context if isinstance(context, dict) else {}
        built.append(BuiltSection(scope.key, scope.label, template, context, empty=bool(context.get("empty"))))
    built += _combined(viewer, owner, period, wanted)
    for section in sections.clinical_sections() if clinical_keys is not None else []:
        if section.explicit and section.key not in clinical_keys:
            continue
        try:
            context = section.context(viewer, owner, period)
        except Exception:
            log.exception("clinical report section %s could not be prepared", section.key)
            built.append(BuiltSection(section.key, section.label, "", {}, failed=True, clinical=True))
            continue
        context = context if isinstance(context, dict) else {}
        built.append(
            BuiltSection(
                section.key, section.label, section.template, context, empty=bool(context.get("empty")), clinical=True
            )
        )
    return built
