"""A meeting's language: read from the `S`-style type codes and from a `languages` list, and the
finder's "Language" filter."""

import datetime
import json

import pytest

from tandem.fellowship import finder, importer
from tandem.fellowship.models import Meeting

from .conftest import make_feed

TODAY = datetime.date(2026, 1, 12)


def _import(feed, entries):
    run = importer.import_bytes(feed, json.dumps(entries).encode(), name="feed.json")
    assert run.ok
    return {m.slug: m for m in Meeting.objects.filter(feed=feed)}, run


def _entry(slug, **fields):
    return {
        "slug": slug,
        "name": slug.title(),
        "day": 1,
        "time": "19:00",
        "address": "1 Main St, Town, ST 1, USA",
    } | fields


@pytest.fixture
def imported(db):
    feed = make_feed(program="SAA")
    meetings, run = _import(
        feed,
        [
            _entry("type-code", types=["O", "S"]),
            _entry("list-field", languages=["es", "en"]),
            _entry("both", types=["S"], languages=["ES", "fr-CA"]),
            _entry("garbage", languages=["xx", 7, None, {"a": 1}, "", "español"]),
            _entry("not-a-list", languages={"es": True}),
            _entry("english", types=["EN"]),
            _entry("unsaid"),
            _entry("portuguese", languages="pt, es-419"),
        ],
    )
    return feed, meetings, run


def test_languages_come_from_type_codes_a_languages_list_or_both(imported):
    _feed, meetings, run = imported
    assert meetings["type-code"].languages == "|es|"
    assert meetings["type-code"].types == ["O", "S"]  # the type code itself is kept as sent
    assert meetings["list-field"].languages == "|es|en|"
    assert meetings["both"].languages == "|es|fr|"  # no repeats, regional variants read as the language
    assert meetings["english"].languages == "|en|"
    assert meetings["unsaid"].languages == ""
    assert meetings["portuguese"].languages == "|pt|es|"  # the CSV form: comma-separated


def test_garbage_in_languages_is_left_out_without_an_error(imported):
    _feed, meetings, run = imported
    assert meetings["garbage"].languages == ""
    assert meetings["not-a-list"].languages == ""
    assert run.rejections == []
    assert run.warnings == []
    assert "languages" not in meetings["garbage"].details


def test_a_changed_languages_list_updates_the_meeting(imported):
    feed, _meetings, _run = imported
    meetings, run = _import(feed, [_entry("list-field", languages=["en"])])
    assert meetings["list-field"].languages == "|en|"
    assert run.updated == 1


def _found(**search):
    return sorted(m.slug for m in finder.find(finder.Search(**search), viewer_zone=None, today=TODAY))


def test_the_language_filter_returns_exactly_the_meetings_in_that_language(imported):
    assert _found(language="es") == ["both", "list-field", "portuguese", "type-code"]
    # English: those that say so, and those that name no language (feeds mark the others)
    assert _found(language="en") == ["english", "garbage", "list-field", "not-a-list", "unsaid"]
    assert _found(language="fr") == ["both"]
    assert _found(language="pt") == ["portuguese"]
    assert _found(language="de") == []
    assert len(_found()) == 8  # no language asked: nothing hidden, those that say none included


def test_the_finder_page_offers_languages_and_hides_nothing_by_default(world, imported):
    client = world.client_for("owner")
    page = client.get("/meetings/?day=").content.decode()
    assert '<option value="" selected>Any language</option>' in page
    assert '<option value="es">Español</option>' in page
    assert '<option value="en">English</option>' in page
    assert "8 meetings" in page
    page = client.get("/meetings/?day=&language=es").content.decode()
    assert "4 meetings" in page
    for name in ("Type-Code", "List-Field", "Both", "Portuguese"):
        assert name in page
    assert "Garbage" not in page
    assert "Unsaid" not in page
    page = client.get("/meetings/?day=&language=de").content.decode()
    assert "No meeting matches of that kind" in page
    assert client.get("/meetings/?language=klingon").status_code == 200  # an unknown choice: the form says so


def test_the_migration_gives_meetings_already_imported_their_languages(db):
    from importlib import import_module

    from django.apps import apps

    from tandem.fellowship import programs

    from .conftest import make_meeting

    migration = import_module("tandem.fellowship.migrations.0004_meeting_languages")
    assert migration.TYPE_LANGUAGES == programs.TYPE_LANGUAGES
    spanish = make_meeting(slug="s", types=["O", "S"], type_codes="|O|S|")
    both = make_meeting(slug="b", types=["EN", "S", "EN"], type_codes="|EN|S|")
    none = make_meeting(slug="n", types=["O"], type_codes="|O|")
    migration.languages_from_type_codes(apps, None)
    assert [Meeting.objects.get(pk=m.pk).languages for m in (spanish, both, none)] == ["|es|", "|en|es|", ""]
