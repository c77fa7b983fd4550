"""Sections of the crisis page (/help/) after the crisis and domestic-violence lines.

An app registers a template and a function returning what it shows (the template gets it as
`section`) in `AppConfig.ready()`. The page is public: the function takes no person and reads no
one's data.
"""

from collections.abc import Callable

from django.conf import settings
from django.utils.translation import gettext


def gettext_noop(text: str) -> str:
    """Marks a default for `makemessages` (which looks for this name). Django's own gettext_noop
    reads settings.USE_I18N, and settings.py imports these defaults before settings exist."""
    return text


DEFAULT_CRISIS_TEXT = gettext_noop(
    "In the US, call or text 988 (Suicide & Crisis Lifeline). In an emergency, call 911."
)
DEFAULT_DV_TEXT = gettext_noop("Domestic violence: in the US, call 1-800-799-7233 or text START to 88788.")


def crisis_text() -> str:
    """The crisis line's words: Tandem's own default in the reader's language; a deployment's
    own text (TANDEM_CRISIS_TEXT) as it was written."""
    text = settings.TANDEM_CRISIS_TEXT
    return gettext(text) if text == DEFAULT_CRISIS_TEXT else text


def dv_text() -> str:
    """The domestic-violence line's words, as crisis_text() (TANDEM_DV_TEXT)."""
    text = settings.TANDEM_DV_TEXT
    return gettext(text) if text == DEFAULT_DV_TEXT else text


_SECTIONS: list[tuple[str, Callable[[], dict]]] = []


def register(template: str, context: Callable[[], dict]) -> None:
    if (template, context) not in _SECTIONS:
        _SECTIONS.append((template, context))


def sections() -> list[tuple[str, dict]]:
    return [(template, context()) for template, context in _SECTIONS]
