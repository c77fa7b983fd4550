"""Importing the real sample feeds (tests/data, copied from the team's shared data), quirks included, and bad files.

The expected numbers were counted by reading the files (see data/SOURCES.md): every entry of
every sample is a meeting we import; the only field left out is al-anon's three conference
phones "+11", which are too short to dial (tsml-ui drops them the same way).
"""

import datetime
import json
from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from tandem.fellowship import feeds, importer
from tandem.fellowship.feeds import FeedError
from tandem.fellowship.models import Feed, ImportRun, Meeting, ScheduleEntry

from .conftest import import_sample, make_feed, sample

pytestmark = pytest.mark.django_db


def attendance_counts(feed) -> Counter:
    return Counter(feed.meetings.values_list("attendance", flat=True))


def test_sussex_aa_full_tsml_export():
    feed, run = import_sample("tsml-ui_sussexaa.json")
    assert (run.created, run.updated, run.unchanged, run.retired, run.removed) == (123, 0, 0, 0, 0)
    assert run.rejections == []
    assert run.warnings == []
    # Derived as the format's own reader derives it; the file's computed attendance_option agrees.
    assert attendance_counts(feed) == {"in_person": 94, "online": 28, "hybrid": 1}
    raw = json.loads(sample("tsml-ui_sussexaa.json"))
    by_slug = {m.slug: m for m in feed.meetings.all()}
    assert all(by_slug[m["slug"]].attendance == m["attendance_option"] for m in raw)
    assert feed.meetings.filter(temporarily_closed=True).count() == 16
    assert feed.meetings.filter(approximate=True).count() == 12
    assert feed.time_zones == ["America/New_York"]  # no timezone field: the feed's default

    last_call = by_slug["last-call"]
    assert (last_call.day, last_call.time, last_call.end_time) == (0, datetime.time(23), datetime.time(0))
    hybrid = by_slug["love-service"]
    assert hybrid.is_online
    assert hybrid.is_in_person
    assert hybrid.conference_url.startswith("https://zoom.us/")
    # Fields beyond the spec are kept for the meeting page; plugin bookkeeping is not.
    assert by_slug["rehoboth-beach-speaker"].details["district"] == "District 01"
    assert "edit_url" not in by_slug["rehoboth-beach-speaker"].details
    one_tap = feed.meetings.exclude(conference_phone="").filter(conference_phone__contains="#").first()
    assert one_tap is not None
    assert ",," in one_tap.conference_phone


def test_al_anon_feed_with_unknown_type_codes_and_undialable_phones():
    feed, run = import_sample("tsml-ui_al-anon.json", program="other")
    assert (run.created, run.updated, run.unchanged) == (360, 0, 0)
    assert run.rejections == []
    assert [(w["field"], w["reason"]) for w in run.warnings] == [
        ("conference_phone", "'+11' is too short to dial; left out")
    ] * 3
    assert {w["where"] for w in run.warnings} == {
        "good-morning-sunshine-online-afg-formerly-longmeadow",
        "24495-better-late-than-never-adult-children-afg",
        "25013-monthly-business-meeting-district-13",
    }
    # The plugin called those three "online" because of their ONL type; with no dialable phone and
    # no conference address, the format's reader (tsml-ui) finds no way to attend: inactive.
    assert attendance_counts(feed) == {"in_person": 156, "online": 110, "hybrid": 60, "inactive": 34}
    codes = Counter(code for types in feed.meetings.values_list("types", flat=True) for code in types)
    assert codes["AC"] == 48
    assert codes["LGBTQIA"] == 1
    meeting = feed.meetings.filter(type_codes__contains="|AC|").first()
    from tandem.fellowship import programs

    assert programs.label("other", "AC") == "Adult children"
    assert programs.label("SAA", "AC") == "AC"  # another program's table doesn't know it
    assert "AC" in meeting.types


def test_times_edge_cases():
    feed, run = import_sample("tsml-ui_times.json")
    assert (run.created, len(run.rejections), len(run.warnings)) == (9, 0, 0)
    by_slug = {m.slug: m for m in feed.meetings.all()}
    assert by_slug["monday-7pm"].day == 1  # "1", a string
    assert by_slug["monday-7am"].end_time is None
    appointment = by_slug["appointment"]
    assert appointment.day is None
    assert appointment.time is None
    assert not appointment.is_weekly
    assert by_slug["approximate"].types == ["O", "NA"]
    assert by_slug["approximate"].attendance == "inactive"
    assert attendance_counts(feed) == {"hybrid": 8, "inactive": 1}
    assert by_slug["monday-7pm"].details["contact_1_name"] == "John D"


def test_csv_table_form():
    feed, run = import_sample("tsml_template.csv", tz="America/Chicago")
    assert (run.created, len(run.rejections), len(run.warnings)) == (36, 0, 0)
    assert feed.time_zones == ["America/Los_Angeles"]  # the Timezone column wins over the default
    assert Counter(feed.meetings.values_list("day", flat=True)) == {6: 8, 1: 7, 5: 7, 2: 6, 3: 3, 0: 3, 4: 2}
    first = feed.meetings.get(slug="after-work-topic-meeting")
    assert (first.day, first.time) == (1, datetime.time(18, 0))  # "Monday", "6:00 PM"
    assert first.types == ["O", "X"]  # "Open, Wheelchair Access"
    assert first.region == "San Jose › West San Jose"
    assert first.formatted_address == "2634 Union Ave, San Jose, CA 95124, USA"
    assert first.details["website"] == "https://saturdaynitelive.org"
    tgif = feed.meetings.get(slug="t-g-i-f")
    assert (tgif.time, tgif.end_time) == (datetime.time(19, 30), datetime.time(20, 30))
    closed = feed.meetings.get(slug="underground-book-study")
    assert closed.types == ["B", "M", "ONL", "O", "TC"]
    assert closed.attendance == "online"
    assert closed.temporarily_closed
    assert attendance_counts(feed) == {"in_person": 35, "online": 1}


@pytest.mark.parametrize(
    "name", ["tsml-ui_sussexaa.json", "tsml-ui_al-anon.json", "tsml-ui_times.json", "tsml_template.csv"]
)
def test_reimport_changes_nothing(name):
    feed, first = import_sample(name)
    before = list(feed.meetings.order_by("pk").values())
    second = importer.import_bytes(feed, sample(name), name=name)
    assert (second.created, second.updated, second.retired, second.removed) == (0, 0, 0, 0)
    assert second.unchanged == first.created
    assert list(feed.meetings.order_by("pk").values()) == before


def _meetings_json(*entries) -> bytes:
    return json.dumps(list(entries)).encode()


def test_changed_meetings_update_and_missing_ones_retire_or_go(world):
    feed = make_feed()
    base = [
        {"slug": "a", "name": "A", "day": 1, "time": "19:00"},
        {"slug": "b", "name": "B", "day": 2, "time": "19:00"},
        {"slug": "c", "name": "C", "day": 3, "time": "19:00"},
    ]
    importer.import_bytes(feed, _meetings_json(*base))
    kept = feed.meetings.get(slug="b")
    ScheduleEntry.objects.create(owner=world.owner, meeting=kept)

    run = importer.import_bytes(feed, _meetings_json({"slug": "a", "name": "A", "day": 1, "time": "19:30"}))
    assert (run.created, run.updated, run.unchanged, run.retired, run.removed) == (0, 1, 0, 1, 1)
    assert feed.meetings.get(slug="a").time == datetime.time(19, 30)
    kept.refresh_from_db()
    assert kept.retired_at is not None  # in someone's schedule: kept, marked no longer listed
    assert not feed.meetings.filter(slug="c").exists()  # nobody had it: removed
    assert ScheduleEntry.objects.filter(owner=world.owner, meeting=kept).exists()

    back = importer.import_bytes(feed, _meetings_json(*base))
    assert (back.created, back.updated) == (1, 2)  # c is new again; a changed back; b is listed again
    kept.refresh_from_db()
    assert kept.retired_at is None


def test_rejected_entries_are_reported_while_good_ones_import():
    feed = make_feed()
    raw = _meetings_json(
        {"slug": "good", "name": "Good", "day": [1, "3"], "time": "6:30 pm", "end_time": "7:30 PM"},
        {"slug": "no-name", "day": 1},
        {"name": "No slug"},
        "not an object",
        {"slug": "bad-day", "name": "Bad day", "day": 9, "time": "19:00"},
        {"slug": "bad-time", "name": "Bad time", "day": 1, "time": "25:99"},
        {"slug": "bad-zone", "name": "Bad zone", "day": 1, "time": "19:00", "timezone": "Mars/Olympus"},
        {"slug": "dup", "name": "Dup", "day": 1, "time": "19:00"},
        {"slug": "dup", "name": "Dup again", "day": 2, "time": "19:00"},
        {
            "slug": "fields-left-out",
            "name": "Fields left out",
            "day": 4,
            "time": "07:00",
            "end_time": "later",
            "latitude": "north",
            "longitude": -75,
            "conference_url": "javascript:alert(1)",
            "approximate": "maybe",
            "formatted_address": "1 Main St, Dover, DE 19901, USA",
            "types": ["O", {"x": 1}, "Wheelchair Access"],
        },
    )
    run = importer.import_bytes(feed, raw)
    assert sorted(feed.meetings.values_list("slug", flat=True)) == ["dup", "fields-left-out", "good-1", "good-3"]
    assert [(p["where"], p["field"]) for p in run.rejections] == [
        ("no-name", "name"),
        ("entry 3", "slug"),
        ("entry 4", ""),
        ("bad-day", "day"),
        ("bad-time", "time"),
        ("bad-zone", "timezone"),
        ("dup", "slug"),
    ]
    assert all(p["reason"] for p in run.rejections)
    assert [(p["where"], p["field"]) for p in run.warnings] == [
        ("fields-left-out", "end_time"),
        ("fields-left-out", "types"),
        ("fields-left-out", "approximate"),
        ("fields-left-out", "latitude"),
        ("fields-left-out", "conference_url"),
    ]
    good = feed.meetings.get(slug="good-3")
    assert (good.day, good.time, good.end_time) == (3, datetime.time(18, 30), datetime.time(19, 30))
    left = feed.meetings.get(slug="fields-left-out")
    assert left.types == ["O", "X"]
    assert left.latitude is None
    assert left.conference_url == ""
    assert left.attendance == "in_person"  # four address parts: not approximate


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b'[{"slug": "a", "name": "A"},', "isn't valid JSON"),
        (b'{"meetings": []}', "holds a single object"),
        (b'"just text"', "holds a text"),
        (b"", "empty"),
        (b"\xff\xfe\x00\x00garbage\x00", "isn't text we can read"),
        (b"day,time\n1,19:00\n", "first row should name the columns"),
    ],
)
def test_a_refused_file_changes_nothing(raw, message):
    feed, _ = import_sample("tsml-ui_times.json")
    before = list(feed.meetings.order_by("pk").values())
    runs_before = ImportRun.objects.count()
    with pytest.raises(FeedError, match=message):
        importer.import_bytes(feed, raw)
    assert list(feed.meetings.order_by("pk").values()) == before
    assert ImportRun.objects.count() == runs_before


def test_an_oversized_file_is_refused(settings):
    settings.TANDEM_FEED_MAX_BYTES = 1000
    feed = make_feed()
    with pytest.raises(FeedError, match="larger than the limit"):
        importer.import_bytes(feed, sample("tsml-ui_times.json"))
    assert feed.meetings.count() == 0


def test_time_formats():
    assert feeds.parse_time("6:00 PM") == datetime.time(18, 0)
    assert feeds.parse_time("12:00 AM") == datetime.time(0, 0)
    assert feeds.parse_time("12:15 pm") == datetime.time(12, 15)
    assert feeds.parse_time("7am") == datetime.time(7, 0)
    assert feeds.parse_time("19:30:00") == datetime.time(19, 30)
    assert feeds.parse_time("24:00") == datetime.time(0, 0)
    assert feeds.parse_time("noon") == datetime.time(12, 0)
    for bad in ("13:00 PM", "7", "19h30", "25:00"):
        with pytest.raises(ValueError):  # noqa: PT011 — parse_time's refusal carries no message; the caller words it
            feeds.parse_time(bad)
    assert feeds.parse_day("Tuesday") == 2
    assert feeds.parse_day("0") == 0
    assert feeds.parse_day(6) == 6


def test_management_command_imports_a_file_and_refuses_a_bad_one(tmp_path):
    path = tmp_path / "feed.json"
    path.write_bytes(sample("tsml-ui_times.json"))
    call_command("import_meetings", str(path), feed="Times", program="SA", time_zone="America/Denver")
    feed = Feed.objects.get(name="Times")
    assert feed.meetings.count() == 9
    assert feed.program == "SA"
    assert feed.meetings.first().time_zone == "America/Denver"

    bad = tmp_path / "bad.json"
    bad.write_text('{"not": "a list"}')
    with pytest.raises(CommandError, match="single object"):
        call_command("import_meetings", str(bad), feed="Times")
    assert feed.meetings.count() == 9
    assert feed.runs.first().ok is False  # the failure is noted for the admin page

    with pytest.raises(CommandError, match="single object"):
        call_command("import_meetings", str(bad), feed="Brand new", program="SAA", time_zone="UTC")
    assert not Feed.objects.filter(name="Brand new").exists()  # nothing created either


def test_meeting_names_are_public_data_but_nothing_personal_is_in_a_meeting():
    fields = {f.name for f in Meeting._meta.get_fields()}
    assert "owner" not in fields
