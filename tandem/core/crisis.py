"""Sections of the crisis page (/help/) after the crisis and domestic-violence lines.

An app registers a template and a function returning what it shows (the template gets it as
`section`) in `AppConfig.ready()`. The page is public: the function takes no person and reads no
one's data.
"""

from collections.abc import Callable

_SECTIONS: list[tuple[str, Callable[[], dict]]] = []


def register(template: str, context: Callable[[], dict]) -> None:
    if (template, context) not in _SECTIONS:
        _SECTIONS.append((template, context))


def sections() -> list[tuple[str, dict]]:
    return [(template, context()) for template, context in _SECTIONS]
