"""Marker seeders for the leak and encryption tests.

Each app lists, in tandem/<app>/tests/markers.py, SEEDERS: pairs (scope, seed) where
`seed(owner, marker)` creates a realistic record of `owner` with `marker` inside its health free
text (which must be an encrypted field). Scope "private" is for data nobody else ever sees
(e.g. FANOS notes).

The leak test seeds every persona's data with unique markers, visits every route as every
persona and fails on any marker the viewer may not see. The encryption test seeds the same
markers and fails if any appears in the raw database file, its WAL, a backup or a dump.
"""

from collections.abc import Callable

from .discovery import app_test_modules


def seeders() -> list[tuple[str, Callable]]:
    """Every app's SEEDERS, in INSTALLED_APPS order."""
    return [entry for module in app_test_modules("markers") for entry in module.SEEDERS]
