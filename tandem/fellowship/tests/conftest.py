import datetime
from pathlib import Path

import pytest

from tandem.fellowship import importer
from tandem.fellowship.models import Feed, Meeting

FEEDS_DIR = Path(__file__).parent / "data"


def sample(name: str) -> bytes:
    return (FEEDS_DIR / name).read_bytes()


def make_feed(name="Test intergroup", program="SAA", tz="America/New_York", url=""):
    return Feed.objects.create(name=name, program=program, default_time_zone=tz, url=url)


def make_meeting(feed=None, slug="m", **fields):
    feed = feed or Feed.objects.first() or make_feed()
    defaults = {
        "program": feed.program,
        "name": "Freedom Group",
        "day": 1,
        "time": datetime.time(19, 0),
        "time_zone": feed.default_time_zone,
        "attendance": "in_person",
        "is_in_person": True,
        "content_hash": "x",
    }
    defaults.update(fields)
    meeting = Meeting.objects.create(feed=feed, slug=slug, **defaults)
    zones = set(feed.time_zones) | {meeting.time_zone}
    feed.time_zones = sorted(zones)
    feed.save(update_fields=["time_zones"])
    return meeting


def import_sample(name: str, **feed_args):
    feed = make_feed(**feed_args)
    run = importer.import_bytes(feed, sample(name), name=name)
    return feed, run


@pytest.fixture
def feed(db):
    return make_feed()
