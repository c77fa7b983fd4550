"""The iCalendar subscription: valid RFC 5545, weekly RRULEs in the meetings' zones, nothing
sensitive in it, revocable. Parsed with icalendar and expanded with dateutil's rrule."""

import datetime
import re
import zoneinfo

import pytest
from dateutil.rrule import rrulestr
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from tandem.fellowship.models import CalendarToken, ScheduleEntry

from .conftest import make_feed, make_meeting

pytestmark = pytest.mark.django_db
UTC = datetime.UTC
FEBRUARY = datetime.datetime(2026, 2, 1, 12, tzinfo=UTC)


@pytest.fixture
def schedule(world):
    world.owner.time_zone = "America/Los_Angeles"
    world.owner.save()
    feed = make_feed(tz="America/New_York")
    monday = make_meeting(feed, "mon", name="Manhattan Monday", day=1, time=datetime.time(20), end_time=None)
    retired = make_meeting(
        feed, "gone", name="Retired Meeting", day=2, time=datetime.time(9), retired_at=timezone.now()
    )
    appointment = make_meeting(feed, "appt", name="By Appointment", day=None, time=None)
    entries = [
        ScheduleEntry.objects.create(owner=world.owner, meeting=monday, notes="secret note", created_at=FEBRUARY),
        ScheduleEntry.objects.create(owner=world.owner, meeting=retired, created_at=FEBRUARY),
        ScheduleEntry.objects.create(owner=world.owner, meeting=appointment, created_at=FEBRUARY),
        ScheduleEntry.objects.create(
            owner=world.owner,
            private_name="Thursday therapy group",
            private_day=4,
            private_time=datetime.time(18, 30),
            private_end_time=datetime.time(20),
            private_time_zone="Europe/London",
            where="Room 4, Harbour Counselling",
            notes="private thoughts",
            created_at=FEBRUARY,
        ),
    ]
    return entries


def make_address(client, discreet: bool) -> str:
    data = {"action": "new"}
    if discreet:
        data["discreet"] = "on"
    page = client.post("/schedule/calendar/", data).content.decode()
    return (
        re.search(r'value="(http://testserver/calendar/[^"]+\.ics)"', page).group(1).removeprefix("http://testserver")
    )


def expand(event, start, end) -> list[datetime.datetime]:
    rule = event.get("rrule").to_ical().decode()
    return list(rrulestr(rule, dtstart=event.decoded("dtstart")).between(start, end, inc=True))


def test_calendar_is_valid_and_expands_across_daylight_saving(world, schedule):
    path = make_address(world.client_for("owner"), discreet=False)
    response = Client().get(path)  # no sign-in: calendar apps can't
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content
    assert body.startswith(b"BEGIN:VCALENDAR\r\n")
    assert body.endswith(b"END:VCALENDAR\r\n")

    calendar = Calendar.from_ical(body)
    assert str(calendar["VERSION"]) == "2.0"
    assert calendar.get("PRODID")
    zones = {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}
    assert zones == {"America/New_York", "Europe/London"}
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"Manhattan Monday", "Thursday therapy group"}  # not retired, not by appointment
    for event in events.values():
        assert event.get("UID")
        assert event.get("DTSTAMP")
        assert event["RRULE"]["FREQ"] == ["WEEKLY"]
        assert event["DTSTART"].params["TZID"] in zones

    month = (datetime.datetime(2026, 3, 1, tzinfo=UTC), datetime.datetime(2026, 3, 31, 23, 59, tzinfo=UTC))
    monday = expand(events["Manhattan Monday"], *month)
    assert [d.astimezone(UTC) for d in monday] == [
        datetime.datetime(2026, 3, 3, 1, tzinfo=UTC),  # Monday 2 March 20:00 EST
        datetime.datetime(2026, 3, 10, 0, tzinfo=UTC),  # after 8 March: 20:00 EDT
        datetime.datetime(2026, 3, 17, 0, tzinfo=UTC),
        datetime.datetime(2026, 3, 24, 0, tzinfo=UTC),
        datetime.datetime(2026, 3, 31, 0, tzinfo=UTC),
    ]
    assert all(d.astimezone(zoneinfo.ZoneInfo("America/Los_Angeles")).hour == 17 for d in monday)
    duration = events["Manhattan Monday"].decoded("dtend") - events["Manhattan Monday"].decoded("dtstart")
    assert duration == datetime.timedelta(hours=1)  # no end time in the feed: an hour

    thursday = expand(events["Thursday therapy group"], *month)
    assert [d.astimezone(UTC).day for d in thursday] == [5, 12, 19, 26]
    assert {d.astimezone(UTC).time() for d in thursday} == {datetime.time(18, 30)}  # UK still on GMT
    april = expand(
        events["Thursday therapy group"], datetime.datetime(2026, 4, 1, tzinfo=UTC), month[1].replace(month=4, day=30)
    )
    assert {d.astimezone(UTC).time() for d in april} == {datetime.time(17, 30)}  # BST from 29 March

    text = body.decode()
    for private in (
        "secret note",
        "private thoughts",
        "Room 4",
        "Harbour",
        "Retired Meeting",
        "DESCRIPTION",
        "LOCATION",
    ):
        assert private not in text


def test_discreet_calendar_says_only_meeting(world, schedule):
    body = Client().get(make_address(world.client_for("owner"), discreet=True)).content.decode()
    summaries = re.findall(r"^SUMMARY:(.*)\r$", body, flags=re.M)
    assert summaries == ["Meeting", "Meeting"]
    assert "Manhattan" not in body
    assert "therapy" not in body


def test_revoked_or_replaced_or_unknown_addresses_are_404(world, schedule):
    client = world.client_for("owner")
    first = make_address(client, discreet=True)
    assert Client().get(first).status_code == 200
    second = make_address(client, discreet=True)
    assert Client().get(first).status_code == 404  # a new address replaces the old
    assert Client().get(second).status_code == 200
    client.post("/schedule/calendar/", {"action": "revoke"})
    assert Client().get(second).status_code == 404
    assert Client().get("/calendar/not-a-real-token.ics").status_code == 404
    assert Client().get("/calendar/" + "x" * 200 + ".ics").status_code == 404
    assert CalendarToken.objects.filter(owner=world.owner, revoked_at__isnull=True).count() == 0


def test_only_a_fingerprint_of_the_address_is_stored(world, schedule):
    path = make_address(world.client_for("owner"), discreet=True)
    token = path.removeprefix("/calendar/").removesuffix(".ics")
    stored = CalendarToken.objects.get(owner=world.owner)
    assert token not in stored.token_hash
    assert len(stored.token_hash) == 64
    page = world.client_for("owner").get("/schedule/calendar/").content.decode()
    assert token not in page  # shown once, when made


def test_an_erased_or_inactive_owner_has_no_calendar(world, schedule):
    path = make_address(world.client_for("owner"), discreet=True)
    world.owner.is_active = False
    world.owner.save()
    assert Client().get(path).status_code == 404


def test_the_calendar_speaks_the_owners_language_not_the_calendar_apps(world, schedule):
    path = make_address(world.client_for("owner"), discreet=True)

    def names(accept):
        calendar = Calendar.from_ical(Client().get(path, HTTP_ACCEPT_LANGUAGE=accept).content)
        return str(calendar.get("x-wr-calname")), {str(event.get("summary")) for event in calendar.walk("VEVENT")}

    world.owner.language = ""  # none chosen: the asking app's language
    world.owner.save()
    assert names("en") == ("Schedule", {"Meeting"})
    assert names("es") == ("Agenda", {"Reunión"})
    world.owner.language = "es"
    world.owner.save()
    assert names("en") == ("Agenda", {"Reunión"})
    world.owner.language = "xx"  # not a language we have: the asking app's, no error
    world.owner.save()
    assert names("en") == ("Schedule", {"Meeting"})
