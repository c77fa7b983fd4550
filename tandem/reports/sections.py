"""What a report is made of.

A report walks the scopes in their registered order and, for each one the reader may see
(through the gate), shows the scope's *report section* if its app registered one here, or else
the scope's *panel* (tandem.sharing.panels) — so every app that has a panel for the person page
appears in reports with no further work. A panel's context function may accept an optional
keyword `period` (a reports.builder.Period, with .start and .end dates) to limit itself to the
report's period, and may return `"empty": True` so the report can say honestly that nothing
was recorded.

    register(scope, template, context)            context(viewer, owner, period) -> dict
    register_combined(key, label, template, context)
        A section drawn from several scopes at once (the recovery picture), in every report:
        context(viewer, owner, period, keys) -> dict, or None when the reader may see none of it
        among the parts chosen (`keys`); the app asks the gate itself, part by part.
    register_clinical(key, label, template, context, explicit=False)
        A therapist's own section of a client summary (a treatment plan; session notes with
        explicit=True, which then appear only when the therapist ticks them for that report).
        context(therapist, client, period) -> dict; the section's app decides what it shows.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ReportSection:
    scope: str
    template: str
    context: Callable


@dataclass(frozen=True)
class ClinicalSection:
    key: str
    label: str
    template: str
    context: Callable
    explicit: bool = False
    order: int = 50


@dataclass(frozen=True)
class CombinedSection:
    key: str
    label: str
    template: str
    context: Callable


_SECTIONS: dict[str, ReportSection] = {}
_COMBINED: dict[str, CombinedSection] = {}
_CLINICAL: dict[str, ClinicalSection] = {}


def register(scope: str, template: str, context: Callable) -> None:
    _SECTIONS[scope] = ReportSection(scope, template, context)


def for_scope(scope: str) -> ReportSection | None:
    return _SECTIONS.get(scope)


def register_combined(key: str, label: str, template: str, context: Callable) -> None:
    _COMBINED[key] = CombinedSection(key, label, template, context)


def combined_sections() -> list[CombinedSection]:
    return list(_COMBINED.values())


def register_clinical(
    key: str, label: str, template: str, context: Callable, *, explicit: bool = False, order: int = 50
) -> None:
    _CLINICAL[key] = ClinicalSection(key, label, template, context, explicit, order)


def unregister_clinical(key: str) -> None:
    _CLINICAL.pop(key, None)


def clinical_sections() -> list[ClinicalSection]:
    return sorted(_CLINICAL.values(), key=lambda s: (s.order, s.key))
