"""The Spanish run: every page of every app, as every persona, asked for in Spanish (the browser's
Accept-Language). No visible text may be, whole, one of our English msgids whose Spanish differs (or one
with its placeholders filled in: "Shared with Robin"):
that text was marked but shown in English (translated at import time with a plain gettext, or
not translated yet). Every page says <html lang="es">. `-k recovery-owner` picks one app's pages
as one persona.
"""

import pytest

from tests.support.i18n import (
    english_left_on_pages,
    pages_by_app,
    visible_texts,
    visit,
)
from tests.support.world import PERSONAS

PAGES = pages_by_app()
CASES = [(app, persona) for app in sorted(PAGES) for persona in ("anonymous", *PERSONAS)]


@pytest.fixture
def world(module_world):
    return module_world


@pytest.mark.parametrize(("app", "persona"), CASES, ids=[f"{app}-{persona}" for app, persona in CASES])
def test_no_text_of_ours_is_shown_in_english(sources, shapes, world, app, persona):
    shown, wrong_lang = [], []
    for name, url, response in visit(world, PAGES[app], persona, "es"):
        texts, lang = visible_texts(response.content.decode())
        if lang is not None and lang != "es":
            wrong_lang.append(f"{name} {url}: <html lang={lang!r}>")
        shown.append((name, url, texts))
    assert not wrong_lang, "pages not in Spanish:\n  " + "\n  ".join(wrong_lang)
    leaks = english_left_on_pages(shown, sources, shapes)
    assert not leaks, (
        f"{len(leaks)} text(s) on {app}'s pages, seen as {persona} in Spanish, still in English "
        "(marked, but shown untranslated: a gettext at import time, or a missing translation); "
        "the text, then where:\n  "
        + "\n  ".join(f"{text}\n      on {', '.join(where)}" for text, where in leaks.items())
    )
