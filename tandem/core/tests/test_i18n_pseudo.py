"""The pseudo-locale run: every page of every app, as every persona, in a language whose every
catalogue string reads ⟦Ŝţŕîñĝš⟧ (tests/support/i18n.py). A word of ours still in plain English
on such a page never went through a catalogue: a string left unmarked (or marked where it is not
gathered). `-k recovery` runs tandem/recovery's pages; `-k recovery-owner` as the owner only.

What may stay in plain letters: the data (names, emails, what people and the world wrote, seeded
meetings, the questionnaires' validated English, the site's name), addresses, numbers, dates and
times, and words our English does not use. Django's and the installed packages' own strings come
from their own catalogues, so the pseudo-locale accents them too.
"""

import pytest

from tests.support.i18n import (
    CLOSE,
    OPEN,
    PSEUDO,
    data_texts,
    english_left,
    english_vocabulary,
    pages_by_app,
    pseudo,
    pseudo_locale,
    visible_texts,
    visit,
)
from tests.support.world import PERSONAS

PAGES = pages_by_app()
CASES = [(app, persona) for app in sorted(PAGES) for persona in ("anonymous", *PERSONAS)]


@pytest.fixture(scope="module")
def vocabulary(tmp_path_factory):
    with pseudo_locale(tmp_path_factory.mktemp("pseudo-locale")):
        yield english_vocabulary()


@pytest.fixture
def world(module_world):
    return module_world


@pytest.mark.parametrize(("app", "persona"), CASES, ids=[f"{app}-{persona}" for app, persona in CASES])
def test_every_word_of_ours_went_through_a_catalogue(vocabulary, world, app, persona):
    shown = []
    for name, url, response in visit(world, PAGES[app], persona, PSEUDO):
        texts, lang = visible_texts(response.content.decode())
        assert lang in (PSEUDO, None), f"{name} ({url}): <html lang={lang!r}>, not the pseudo-locale"
        shown.append((name, url, texts))
    data = data_texts()
    leaks: dict[str, list[str]] = {}
    for name, url, texts in shown:
        for text in dict.fromkeys(texts):
            words = english_left(text.replace(OPEN, " ").replace(CLOSE, " "), vocabulary, data)
            if words:
                leaks.setdefault(f"“{text}” ({', '.join(words)})", []).append(f"{name} {url}")
    assert not leaks, (
        f"{len(leaks)} text(s) on {app}'s pages, seen as {persona}, still in English "
        "(mark them for translation, then make messages); the text (its English words), then where:\n  "
        + "\n  ".join(f"{text}\n      on {', '.join(where)}" for text, where in leaks.items())
    )


def test_the_pseudo_locale_replaces_our_strings(vocabulary, client):
    """The run is worth something only if the pseudo-locale is what the pages get."""
    page = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE=PSEUDO)
    texts, lang = visible_texts(page.content.decode())
    assert lang == PSEUDO
    assert pseudo("We couldn't find that page") in texts
    assert "We couldn't find that page" not in " ".join(texts)


@pytest.mark.parametrize(
    ("text", "left"),
    [
        ("Save", ["Save"]),
        (f"{pseudo('Shared with %(name)s')}".replace("%(name)s", "Robin"), []),
        (pseudo("Shared with %(name)s").replace("%(name)s", "your partner"), ["partner", "your"]),
        ("Robin wrote: A quiet day at the lake.", ["wrote"]),
        ("See https://example.test/your/partner or robin@example.test, 12/05/2026 at 10:30", ["See"]),
        ("12 May 2026", ["May"]),  # a date written by strftime, not in the reader's language
        ("SLAA — Sex and Love Addicts Anonymous", []),
        ("Check in for TODAY", ["Check"]),
    ],
)
def test_the_check_finds_english_and_only_english(text, left):
    vocabulary = frozenset({"save", "partner", "your", "wrote", "see", "mail", "may", "and", "love", "check", "today"})
    data = ["A quiet day at the lake.", "Robin"]
    assert english_left(text.replace(OPEN, " ").replace(CLOSE, " "), vocabulary, data) == left
