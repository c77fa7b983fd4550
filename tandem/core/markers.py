"""Marker seeders for the leak and encryption tests.

An app registers, for each scope it owns, a function `seed(owner, marker)` that creates a
realistic record of `owner` with `marker` inside its health free text (which must be an
encrypted field). Scope "private" is for data nobody else ever sees (e.g. FANOS notes).

The leak test seeds every persona's data with unique markers, visits every route as every
persona and fails on any marker the viewer may not see. The encryption test seeds the same
markers and fails if any appears in the raw database file, its WAL, a backup or a dump.
"""

from collections.abc import Callable

_SEEDERS: list[tuple[str, Callable]] = []


def register(scope: str, seeder: Callable) -> None:
    entry = (scope, seeder)
    if entry not in _SEEDERS:
        _SEEDERS.append(entry)


def seeders() -> list[tuple[str, Callable]]:
    return list(_SEEDERS)
