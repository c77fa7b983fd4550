"""The fellowship's part of the demo data: two sample meeting feeds and a saved place."""

from pathlib import Path

from . import importer
from .models import Feed, Program, SavedPlace

FEEDS_DIR = Path(__file__).resolve().parent / "demo_feeds"

# (file, feed name, program, time zone): sample feeds (see demo_feeds/SOURCES.md), imported as they are.
DEMO_FEEDS = [
    ("tsml-ui_sussexaa.json", "Sample meetings, Delaware (demo)", Program.OTHER, "America/New_York"),
    ("tsml-ui_al-anon.json", "Sample family meetings (demo)", Program.OTHER, "America/New_York"),
]

# Near the Delaware sample meetings, so "near my saved place" has something to show.
DEMO_PLACE = ("Home", [38.7186, -75.0780])


def meetings(people, rng, days):
    for filename, name, program, zone in DEMO_FEEDS:
        feed, _ = Feed.objects.get_or_create(name=name, defaults={"program": program, "default_time_zone": zone})
        importer.import_bytes(feed, (FEEDS_DIR / filename).read_bytes(), name=filename)
    for key in ("client1", "partner"):
        label, coordinates = DEMO_PLACE
        SavedPlace.objects.create(owner=people[key], label=label, coordinates=coordinates)
