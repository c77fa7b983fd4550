"""Panels: how each scope of an owner's data is shown to someone they share it with.

An app registers, per scope, a template and a function `context(viewer, owner) -> dict`.
The person page calls `gate.may_view` for every scope before rendering its panel, so each panel
shown is a logged read, and a panel's context function is only ever called after the gate said yes.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    scope: str
    template: str
    context: Callable
    order: int = 50


_PANELS: dict[str, Panel] = {}


def register(scope: str, template: str, context: Callable, order: int = 50) -> None:
    _PANELS[scope] = Panel(scope, template, context, order)


def for_scope(scope: str) -> Panel | None:
    return _PANELS.get(scope)
