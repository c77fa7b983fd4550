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


def _prepare(key: str, label: str, prepare, *, clinical: bool = False, may_skip: bool = False) -> BuiltSection | None:
    """One section from `prepare()` -> (template, context); None when `may_skip` and the context is
    None (the reader may see none of it). A section whose preparing failed is kept as failed (logged)."""
    try:
        template, context = prepare()
    except Exception:
        log.exception("report section %s could not be prepared", key)
        return BuiltSection(key, label, "", {}, failed=True, clinical=clinical)
    if context is None and may_skip:
        return None
    context = context if isinstance(context, dict) else {}
    return BuiltSection(key, label, template, context, empty=bool(context.get("empty")), clinical=clinical)


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
        built.append(
            _prepare(scope.key, scope.label, lambda key=scope.key: _section_context(key, viewer, owner, period))
        )
    for section in sections.combined_sections():  # each asks the gate itself, part by part
        built.append(
            _prepare(
                section.key,
                section.label,
                lambda s=section: (s.template, s.context(viewer, owner, period, wanted)),
                may_skip=True,
            )
        )
    for section in sections.clinical_sections() if clinical_keys is not None else []:
        if section.explicit and section.key not in clinical_keys:
            continue
        built.append(
            _prepare(
                section.key,
                section.label,
                lambda s=section: (s.template, s.context(viewer, owner, period)),
                clinical=True,
            )
        )
    return [section for section in built if section is not None]
