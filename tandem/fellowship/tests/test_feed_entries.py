"""One feed entry at a time: every field it can carry, read the way the format means it, and the
order in which bad fields are found (the first one turns the entry away and is the one reported)."""

import datetime

import pytest

from tandem.fellowship import feeds

FULL_ENTRY = {
    "slug": "full",
    "name": " Full meeting ",
    "day": ["Mon", 3, ""],
    "time": "7:00 pm",
    "end_time": "20:00",
    "timezone": "America/Chicago",
    "types": "O, Wheelchair Access, O",
    "address": "1 Main St",
    "city": "Dover",
    "state": "DE",
    "postal_code": "19901",
    "country": "USA",
    "approximate": True,
    "latitude": "39.1",
    "longitude": -75.5,
    "conference_url": "https://zoom.example/j/1",
    "conference_url_notes": "Password 1",
    "conference_phone": "+1 555 123 4567,,1#",
    "conference_phone_notes": "Dial in",
    "url": "not a web address",
    "regions": ["Delaware", " Kent ", 7, {"x": 1}, ""],
    "location": "Church hall",
    "group": "Tuesday group",
    "notes": "Bring coffee",
    "location_notes": "Side door",
    "group_notes": "Since 1980",
    "entity_website_url": "https://entity.example",
    "edit_url": "https://plugin.example/edit",
    "languages": list(range(60)),
    "k" * 70: "a long key",
    "empty": "",
    "nested": {"a": 1},
    "mixed": [1, {"a": 2}],
    "flag": False,
    "size": 12,
}


def _normalize(*entries, table_form=False):
    return feeds.normalize_all(list(entries), program="AA", default_time_zone="America/New_York", table_form=table_form)


def test_a_full_entry_keeps_every_field_it_can_once_per_day():
    parsed = _normalize(FULL_ENTRY)
    assert parsed.rejections == []
    assert parsed.warnings == []
    monday, wednesday = parsed.rows
    assert {key: value for key, value in monday.items() if key != "content_hash"} == {
        "name": "Full meeting",
        "time": datetime.time(19, 0),
        "end_time": datetime.time(20, 0),
        "time_zone": "America/Chicago",
        "types": ["O", "X"],
        "type_codes": "|O|X|",
        "languages": "",  # a list of numbers isn't languages: left out, quietly
        "attendance": "online",
        "is_online": True,
        "is_in_person": False,
        "temporarily_closed": False,
        "approximate": True,
        "latitude": 39.1,
        "longitude": -75.5,
        "location": "Church hall",
        "formatted_address": "1 Main St, Dover, DE 19901, USA",
        "region": "Delaware › Kent › 7",
        "group": "Tuesday group",
        "notes": "Bring coffee",
        "location_notes": "Side door",
        "group_notes": "Since 1980",
        "conference_url": "https://zoom.example/j/1",
        "conference_url_notes": "Password 1",
        "conference_phone": "+1 555 123 4567,,1#",
        "conference_phone_notes": "Dial in",
        "url": "",
        "details": {
            "entity_url": "https://entity.example",
            "k" * 60: "a long key",
            "flag": False,
            "size": 12,
            "address": "1 Main St",
            "city": "Dover",
            "state": "DE",
            "postal_code": "19901",
            "country": "USA",
        },
        "search": "full meeting church hall 1 main st, dover, de 19901, usa delaware › kent › 7 tuesday group "
        "bring coffee",
        "slug": "full-1",
        "day": 1,
    }
    assert (wednesday["slug"], wednesday["day"]) == ("full-3", 3)
    assert {**wednesday, "slug": "full-1", "day": 1, "content_hash": ""} == {**monday, "content_hash": ""}
    assert monday["content_hash"] == feeds.content_hash(monday, "AA") != wednesday["content_hash"]


def test_the_table_form_reads_whole_addresses_type_names_and_region_columns():
    table = {
        "slug": "t",
        "name": "Table",
        "day": "Tuesday",
        "time": "noon",
        "address": "2 High St, Lewes, DE 19958",
        "types": "Open,Wheelchair Access",
        "region": "Sussex",
        "sub_region": "Lewes",
        "approximate": "no",
        "latitude": "38.7",
    }
    only_a_city = {"slug": "c", "name": "City", "city": "Milford", "approximate": "yes"}
    parsed = _normalize(table, only_a_city, table_form=True)
    first, second = parsed.rows
    assert (first["formatted_address"], first["types"], first["region"]) == (
        "2 High St, Lewes, DE 19958",
        ["O", "X"],
        "Sussex › Lewes",
    )
    assert (first["day"], first["time"], first["approximate"], first["attendance"]) == (
        2,
        datetime.time(12, 0),
        False,
        "in_person",
    )
    assert (first["latitude"], first["longitude"], first["details"]) == (
        None,
        None,
        {"address": "2 High St, Lewes, DE 19958"},
    )
    assert (second["formatted_address"], second["region"], second["approximate"], second["attendance"]) == (
        "Milford",
        "Milford",
        True,
        "inactive",
    )
    assert (second["day"], second["time"], second["search"]) == (None, None, "city milford milford")
    assert [(p.where, p.field, p.reason) for p in parsed.warnings] == [
        ("t", "latitude", "the coordinates aren't a valid pair of numbers; left out")
    ]


def test_a_temporarily_closed_meeting_with_a_conference_phone_is_online():
    parsed = _normalize(
        {
            "slug": "tc",
            "name": "TC",
            "types": ["TC"],
            "formatted_address": "1 A St, B, C, D",
            "conference_phone": "5551234567",
        }
    )
    row = parsed.rows[0]
    assert (row["temporarily_closed"], row["is_in_person"], row["is_online"], row["attendance"]) == (
        True,
        False,
        True,
        "online",
    )


def test_too_many_type_codes_turn_the_entry_away():
    codes = [f"C{n}" for n in range(200)]
    parsed = _normalize({"slug": "many", "name": "Many", "types": codes})
    assert parsed.rows == []
    assert [(p.where, p.field, p.reason) for p in parsed.rejections] == [("many", "types", "too many type codes")]


# The fields that can turn an entry away, in the order they are read.
READING_ORDER = [
    ("slug", ["x"]),
    ("name", ["x"]),
    ("day", 9),
    ("time", "25:99"),
    ("timezone", "Mars/Olympus"),
    ("formatted_address", ["x"]),
    ("address", ["x"]),
    ("city", ["x"]),
    ("state", ["x"]),
    ("postal_code", ["x"]),
    ("country", ["x"]),
    ("conference_url", ["x"]),
    ("conference_phone", ["x"]),
    ("url", ["x"]),
    ("region", ["x"]),
    ("sub_region", ["x"]),
    ("sub_sub_region", ["x"]),
    ("location", ["x"]),
    ("group", ["x"]),
    ("notes", ["x"]),
    ("location_notes", ["x"]),
    ("group_notes", ["x"]),
    ("conference_url_notes", ["x"]),
    ("conference_phone_notes", ["x"]),
]


@pytest.mark.parametrize("first_bad", range(len(READING_ORDER)), ids=[name for name, _ in READING_ORDER])
def test_the_first_bad_field_in_reading_order_is_the_one_reported(first_bad):
    entry = {
        "slug": "s",
        "name": "N",
        "end_time": "later",  # a warning, dropped with the entry
        "conference_url": "https://meet.example/1",
        "conference_phone": "+1 555 123 4567",
        **dict(READING_ORDER[first_bad:]),
    }
    parsed = _normalize(entry)
    assert parsed.rows == []
    assert parsed.warnings == []
    assert [p.field for p in parsed.rejections] == [READING_ORDER[first_bad][0]]
