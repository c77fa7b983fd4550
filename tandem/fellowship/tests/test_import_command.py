"""The import_meetings command: what it asks for, what it refuses, and what it prints."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from tandem.fellowship import importer
from tandem.fellowship.models import Feed

from .conftest import make_feed

pytestmark = pytest.mark.django_db


def _import(*args, **options) -> str:
    out = io.StringIO()
    call_command("import_meetings", *args, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def feed_file(tmp_path):
    path = tmp_path / "feed.json"
    path.write_text(
        json.dumps(
            [
                {"slug": "a", "name": "A", "day": 1, "time": "19:00", "conference_phone": "+11"},
                {"slug": "b", "day": 2},
            ]
        )
    )
    return path


def test_it_prints_what_was_imported_turned_away_and_left_out(feed_file):
    printed = _import(str(feed_file), feed="Local", program="SAA", time_zone="America/New_York")
    assert printed.splitlines() == [
        "Local: 1 new, 0 changed, 0 unchanged, 0 retired, 0 removed, 1 turned away, 1 fields left out",
        "  turned away: b — name: is missing (every meeting needs a name and a slug)",
        "  left out: a — conference_phone: '+11' is too short to dial; left out",
    ]


def test_a_refresh_with_no_web_feeds_does_nothing():
    make_feed(name="Uploaded")
    assert _import(refresh=True) == ""


@pytest.mark.parametrize(
    ("args", "options", "message"),
    [
        ((), {}, "Name the feed with --feed (or use --refresh)."),
        (("feed.json",), {"url": "https://example.org/feed.json"}, "Name the feed with --feed (or use --refresh)."),
        (("feed.json",), {"feed": "New", "url": "https://example.org/feed.json"}, "Give a file or --url, not both."),
        (("feed.json",), {"feed": "New", "program": "SAA"}, "A new feed needs --program and --time-zone."),
        (("feed.json",), {"feed": "New", "time_zone": "UTC"}, "A new feed needs --program and --time-zone."),
        (
            ("feed.json",),
            {"feed": "New", "program": "SAA", "time_zone": "Mars/Olympus"},
            "'Mars/Olympus' isn't a time zone we know.",
        ),
    ],
)
def test_what_it_refuses_before_reading_anything(args, options, message):
    with pytest.raises(CommandError) as refused:
        _import(*args, **options)
    assert str(refused.value) == message
    assert not Feed.objects.exists()


def test_an_unreadable_file_is_noted_for_an_existing_feed(tmp_path):
    feed = make_feed(name="Old")
    missing = tmp_path / "missing.json"
    with pytest.raises(CommandError) as refused:
        _import(str(missing), feed="Old")
    assert str(refused.value) == "The file couldn't be read (No such file or directory)."
    run = feed.runs.get()
    assert (run.ok, run.source, run.error) == (False, str(missing), str(refused.value))


def test_a_feed_without_a_web_address_needs_a_file():
    feed = make_feed(name="Old")
    with pytest.raises(CommandError) as refused:
        _import(feed="Old")
    assert str(refused.value) == "This feed has no web address: give a file to import."
    assert feed.runs.get().ok is False


def test_a_new_web_address_for_an_existing_feed_is_kept_and_read(monkeypatch):
    feed = make_feed(name="Old", url="https://old.example/feed.json")
    fetched = []

    def fetch(url, *, timeout=None, limit=None):
        fetched.append((url, timeout))
        return b'[{"slug": "a", "name": "A"}]', ""

    monkeypatch.setattr(importer, "fetch", fetch)
    printed = _import(feed="Old", url="https://new.example/feed.json", timeout=3.0)
    feed.refresh_from_db()
    assert feed.url == "https://new.example/feed.json"
    assert fetched == [("https://new.example/feed.json", 3.0)]
    assert printed.startswith("Old: 1 new,")
