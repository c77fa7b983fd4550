"""Counted strings take the right form in English and in Spanish for 0, 1, 2 and 5.

Spanish, like English, uses the singular for 1 only ("0 días", "1 día", "2 días"); Django's own
Spanish catalogue declares three forms (the third for millions), ours two, and Django keeps each
catalogue's own rule: every plural entry of ours is checked through the merged translations.
"""

import datetime

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import ngettext, npgettext

from tandem.journal.models import JournalEntry
from tests.support.i18n import catalogue_id, catalogue_paths, entries_of, visible_texts
from tests.support.world import make_user

COUNTS = (0, 1, 2, 5)
SPANISH_FORM = {0: 1, 1: 0, 2: 1, 5: 1}
"""Which msgstr[i] Spanish uses for each count (nplurals=2; plural=(n != 1))."""


def counted(entry, n: int) -> str:
    if entry.msgctxt:
        return npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
    return ngettext(entry.msgid, entry.msgid_plural, n)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["0 entries found", "1 entry found", "2 entries found", "5 entries found"]),
        ("es", ["0 entradas encontradas", "1 entrada encontrada", "2 entradas encontradas", "5 entradas encontradas"]),
    ],
)
def test_a_count_of_entries_in_both_languages(language, expected):
    with translation.override(language):
        texts = [ngettext("%(counter)s entry found", "%(counter)s entries found", n) % {"counter": n} for n in COUNTS]
    assert texts == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["0 days with a mood", "1 day with a mood", "2 days with a mood", "5 days with a mood"]),
        (
            "es",
            [
                "0 días con estado de ánimo",
                "1 día con estado de ánimo",
                "2 días con estado de ánimo",
                "5 días con estado de ánimo",
            ],
        ),
    ],
)
def test_days_in_both_languages(language, expected):
    singular = "%(count)s day with a mood between %(start)s and %(end)s; on average %(average)s."
    plural = "%(count)s days with a mood between %(start)s and %(end)s; on average %(average)s."
    with translation.override(language):
        texts = [ngettext(singular, plural, n) % {"count": n, "start": "", "end": "", "average": ""} for n in COUNTS]
    assert [text.split(" entre ")[0].split(" between ")[0] for text in texts] == expected


@pytest.mark.parametrize(
    ("hits", "heading"), [(1, "1 entrada encontrada"), (2, "2 entradas encontradas"), (5, "5 entradas encontradas")]
)
def test_the_journal_counts_what_it_found_in_spanish(world, hits, heading):
    for day in range(hits):
        JournalEntry.objects.create(
            owner=world.owner, written_on=world.owner.local_today() - datetime.timedelta(days=day), text="lighthouse"
        )
    client = world.client_for("owner")
    page = client.get("/journal/?q=lighthouse", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert f"<h2>{heading}</h2>" in page


CATALOGUES = [path for path in catalogue_paths() if path.stem == "django"]


@pytest.mark.parametrize("path", CATALOGUES, ids=[catalogue_id(path) for path in CATALOGUES])
def test_every_counted_string_takes_its_form(path):
    """Each plural entry of ours, through Django's merged catalogues, for 0, 1, 2 and 5."""
    wrong = []
    for entry in entries_of(path):
        if not entry.msgid_plural or not all(entry.msgstr_plural.values()):
            continue  # untranslated: the catalogue test names it
        for n in COUNTS:
            with translation.override("en"):
                english = counted(entry, n)
            with translation.override("es"):
                spanish = counted(entry, n)
            if english != (entry.msgid if n == 1 else entry.msgid_plural):
                wrong.append(f"en, {n}: {english!r} for {entry.msgid!r}")
            if spanish != entry.msgstr_plural[SPANISH_FORM[n]]:
                wrong.append(f"es, {n}: {spanish!r}, not {entry.msgstr_plural[SPANISH_FORM[n]]!r}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            {
                0: ["0 days in your current streak", "0 sober days in all"],
                1: ["1 day in your current streak", "1 sober day in all"],
                2: ["2 days in your current streak", "2 sober days in all"],
                5: ["5 days in your current streak", "5 sober days in all"],
            },
        ),
        (
            "es",
            {
                0: ["0 días en tu racha actual", "0 días de sobriedad en total"],
                1: ["1 día en tu racha actual", "1 día de sobriedad en total"],
                2: ["2 días en tu racha actual", "2 días de sobriedad en total"],
                5: ["5 días en tu racha actual", "5 días de sobriedad en total"],
            },
        ),
    ],
)
def test_days_of_sobriety_on_the_dashboard_in_both_languages(db, language, expected):
    from tandem.recovery import services

    for days, lines in expected.items():
        person = make_user(f"sober{days}-{language}@example.test", "Casey", "client")
        services.ensure_profile(person)
        services.create_program(
            person, kind="sex", fellowship="saa", sobriety_date=person.local_today() - datetime.timedelta(days=days)
        )
        client = Client()
        client.force_login(person)
        text = " ".join(visible_texts(client.get("/today/", HTTP_ACCEPT_LANGUAGE=language).content.decode())[0])
        for line in lines:
            assert line in text, f"{days} days, {language}: {line!r} not on the dashboard"
