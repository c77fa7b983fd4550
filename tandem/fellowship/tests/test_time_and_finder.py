"""Time-zone arithmetic (a New York meeting seen from Los Angeles, across DST) and the finder."""

import datetime
import zoneinfo

import pytest

from tandem.fellowship import finder, timeutil
from tandem.fellowship.models import SavedPlace, ScheduleEntry

from .conftest import make_feed, make_meeting

NY = zoneinfo.ZoneInfo("America/New_York")
LA = zoneinfo.ZoneInfo("America/Los_Angeles")
LONDON = zoneinfo.ZoneInfo("Europe/London")
UTC = datetime.UTC


@pytest.mark.parametrize(
    ("local_date", "utc_hour"),
    [
        (datetime.date(2026, 1, 12), 1),  # winter: 20:00 EST = 01:00 UTC Tuesday
        (datetime.date(2026, 7, 13), 0),  # summer: 20:00 EDT = 00:00 UTC Tuesday
    ],
)
def test_new_york_monday_evening_seen_from_los_angeles(local_date, utc_hour):
    seen = timeutil.occurrence_on(1, datetime.time(20, 0), NY, local_date, LA)
    assert seen is not None
    assert seen.tzinfo == LA
    assert (seen.date(), seen.time()) == (local_date, datetime.time(17, 0))
    assert seen.astimezone(UTC).hour == utc_hour
    assert timeutil.occurrence_on(1, datetime.time(20, 0), NY, local_date + datetime.timedelta(days=1), LA) is None


def test_a_new_york_meeting_just_after_midnight_is_the_evening_before_in_los_angeles():
    sunday = datetime.date(2026, 1, 11)
    assert timeutil.occurrence_on(0, datetime.time(0, 30), NY, sunday, LA) is None
    seen = timeutil.occurrence_on(0, datetime.time(0, 30), NY, sunday - datetime.timedelta(days=1), LA)
    assert (seen.strftime("%A"), seen.time()) == ("Saturday", datetime.time(21, 30))


def test_on_the_night_the_clocks_change_new_york_and_los_angeles_are_four_hours_apart():
    # 8 March 2026: New York springs forward at 07:00 UTC, Los Angeles only at 10:00 UTC.
    saturday = datetime.date(2026, 3, 7)
    seen = timeutil.occurrence_on(0, datetime.time(3, 30), NY, saturday, LA)
    assert seen is not None
    assert (seen.date(), seen.time()) == (saturday, datetime.time(23, 30))
    # A week later the usual three hours apply again.
    seen = timeutil.occurrence_on(0, datetime.time(3, 30), NY, datetime.date(2026, 3, 15), LA)
    assert seen.time() == datetime.time(0, 30)


def test_a_time_the_clocks_skip_moves_on_rather_than_vanishing():
    start = timeutil.at(datetime.date(2026, 3, 8), datetime.time(2, 30), NY)
    assert start.time() == datetime.time(3, 30)
    assert start.utcoffset() == datetime.timedelta(hours=-4)


def test_next_occurrence_follows_daylight_saving_in_the_meetings_zone():
    before = datetime.datetime(2026, 3, 1, 12, tzinfo=UTC)
    first = timeutil.next_occurrence(1, datetime.time(20), NY, before)
    assert first.astimezone(UTC) == datetime.datetime(2026, 3, 3, 1, tzinfo=UTC)
    second = timeutil.next_occurrence(1, datetime.time(20), NY, first + datetime.timedelta(minutes=1))
    assert second.astimezone(UTC) == datetime.datetime(2026, 3, 10, 0, tzinfo=UTC)


def test_a_search_window_in_london_maps_onto_new_york_wall_clock_times():
    # Monday 23:00–01:00 in London (a window past midnight) on 12 Jan 2026 is Monday 18:00–20:00 in NY.
    slots = timeutil.window_slots(LONDON, NY, 1, datetime.time(23), datetime.time(1), datetime.date(2026, 1, 10))
    assert slots == [(1, datetime.time(18), datetime.time(20))]
    # 16 March 2026 (US already on summer time, UK not yet): 19:00–20:00 on the same Monday.
    slots = timeutil.window_slots(LONDON, NY, 1, datetime.time(23), datetime.time(1), datetime.date(2026, 3, 14))
    assert slots == [(1, datetime.time(19), datetime.time(21))]
    # Monday 03:00–05:00 London is Sunday night in New York.
    slots = timeutil.window_slots(LONDON, NY, 1, datetime.time(3), datetime.time(5), datetime.date(2026, 1, 10))
    assert slots == [(0, datetime.time(22), datetime.time(23, 59, 59, 999999)), (1, datetime.time(0), datetime.time(0))]


# --- The finder ---------------------------------------------------------------------------------


@pytest.fixture
def meetings(db):
    ny = make_feed(name="NY", program="SAA", tz="America/New_York")
    la = make_feed(name="LA", program="SLAA", tz="America/Los_Angeles")
    return {
        "ny_monday_8pm": make_meeting(
            ny,
            "ny-mon",
            name="Manhattan Monday",
            day=1,
            time=datetime.time(20),
            types=["O", "ST"],
            type_codes="|O|ST|",
            latitude=40.7580,
            longitude=-73.9855,
            search="manhattan monday",
        ),
        "ny_online": make_meeting(
            ny,
            "ny-onl",
            name="Online Hope",
            day=1,
            time=datetime.time(21),
            attendance="online",
            is_in_person=False,
            is_online=True,
            conference_url="https://zoom.us/j/1",
            search="online hope",
        ),
        "ny_closed": make_meeting(
            ny,
            "ny-tc",
            name="Closed for now",
            day=1,
            time=datetime.time(20, 30),
            attendance="inactive",
            is_in_person=False,
            temporarily_closed=True,
            search="closed for now",
        ),
        "brooklyn": make_meeting(
            ny,
            "bk",
            name="Brooklyn Bridge",
            day=1,
            time=datetime.time(20, 15),
            latitude=40.6782,
            longitude=-73.9442,
            search="brooklyn bridge",
        ),
        "la_monday_5pm": make_meeting(
            la,
            "la-mon",
            name="Venice Beach",
            day=1,
            time=datetime.time(17),
            search="venice beach",
            latitude=33.985,
            longitude=-118.4695,
        ),
    }


def names(queryset) -> list[str]:
    return [m.name for m in queryset]


def find(**kwargs):
    return finder.find(finder.Search(**kwargs), viewer_zone=LA, today=datetime.date(2026, 1, 10))


def test_monday_five_to_six_in_los_angeles_finds_both_coasts(meetings):
    result = find(day=1, time_from=datetime.time(17), time_to=datetime.time(18, 30))
    assert set(names(result)) == {"Manhattan Monday", "Brooklyn Bridge", "Venice Beach", "Online Hope"}
    result = find(day=1, time_from=datetime.time(17), time_to=datetime.time(17, 10))
    assert set(names(result)) == {"Manhattan Monday", "Venice Beach"}


def test_filters_type_program_attendance_text(meetings):
    assert names(find(type_code="ST")) == ["Manhattan Monday"]
    assert names(find(program="SLAA")) == ["Venice Beach"]
    assert names(find(attendance="online")) == ["Online Hope"]
    assert names(find(attendance="inactive")) == ["Closed for now"]
    assert "Closed for now" not in names(find())  # temporarily closed only when asked for
    assert names(find(text="Bridge")) == ["Brooklyn Bridge"]


def test_distance_from_a_point(meetings):
    times_square = {"latitude": 40.7580, "longitude": -73.9855}
    assert names(find(radius_km=2, **times_square)) == ["Manhattan Monday"]
    near = find(radius_km=25, **times_square)
    assert names(near) == ["Manhattan Monday", "Brooklyn Bridge"]  # nearest first
    assert 9 < near[1].distance_sq ** 0.5 < 11  # Brooklyn is about 10 km from Times Square
    assert names(find(radius_km=25, latitude=34.05, longitude=-118.25)) == ["Venice Beach"]


def test_finder_page_shows_both_zones_and_uses_a_fixed_number_of_queries(world, meetings, django_assert_num_queries):
    world.owner.time_zone = "America/Los_Angeles"
    world.owner.save()
    SavedPlace.objects.create(owner=world.owner, label="Home", coordinates=[40.75, -73.99])
    client = world.client_for("owner")
    url = "/meetings/?day=1&time_from=17:00&time_to=19:00"
    client.get(url)  # warm the session
    with django_assert_num_queries(8):
        page = client.get(url).content.decode()
    assert "Mondays, 5:00 pm your time" in page
    assert "(Monday 8:00 pm New York time)" in page
    assert "Mondays, 5:00 pm</span>" in page  # Venice Beach: same zone, one time

    feed = meetings["brooklyn"].feed
    for n in range(40):
        make_meeting(feed, f"more-{n}", name=f"More {n}", day=1, time=datetime.time(20, n % 60))
    ScheduleEntry.objects.create(owner=world.owner, meeting=meetings["brooklyn"])
    with django_assert_num_queries(8):
        page = client.get(url).content.decode()
    assert "44 meetings" in page
    assert "Page 1 of 2" in page
    assert "In your meetings" in page
    place = SavedPlace.objects.get(owner=world.owner)
    with django_assert_num_queries(7):  # no time window: the zones aren't needed
        page = client.get(f"/meetings/?near=place-{place.pk}&radius=5").content.decode()
    assert "Manhattan Monday" in page
    assert "km away" in page
    assert "Venice" not in page


def test_finder_rejects_someone_elses_place(world, meetings):
    place = SavedPlace.objects.create(owner=world.other_client, label="Theirs", coordinates=[40.75, -73.99])
    page = world.client_for("owner").get(f"/meetings/?near=place-{place.pk}").content.decode()
    assert "Select a valid choice" in page
    assert "Theirs" not in page


def test_meeting_page_shows_everything_with_tap_to_join(world, meetings):
    meeting = meetings["ny_online"]
    meeting.conference_phone = "+13015550100,,8571234#"
    meeting.details = {"entity": "Greater NY Intergroup", "entity_url": "https://example.org", "location_id": 5}
    meeting.save()
    page = world.client_for("owner").get(f"/meetings/{meeting.pk}/").content.decode()
    assert 'href="https://zoom.us/j/1"' in page
    assert 'href="tel:+13015550100,,8571234%23"' in page
    assert "Greater NY Intergroup" in page
    assert 'href="https://example.org"' in page
    assert "location_id" not in page.lower()
    assert page.count("<h1") == 1
    assert world.client_for("owner").get("/meetings/999999/").status_code == 404
