"""The functions the JSON API calls (tandem.fellowship.api): the finder's search and the pages'
forms and services, on the person's own records only."""

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from tandem.fellowship import api
from tandem.fellowship.models import Attendance, Contact, Outreach, SavedPlace, ScheduleEntry

from .conftest import make_feed, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def meetings(db):
    ny = make_feed(name="NY", program="SAA", tz="America/New_York")
    return {
        "manhattan": make_meeting(
            ny,
            "mh",
            name="Manhattan Monday",
            day=1,
            time=datetime.time(20),
            types=["O", "ST"],
            type_codes="|O|ST|",
            latitude=40.7580,
            longitude=-73.9855,
            search="manhattan monday",
        ),
        "brooklyn": make_meeting(
            ny,
            "bk",
            name="Brooklyn Bridge",
            day=2,
            time=datetime.time(19),
            latitude=40.6782,
            longitude=-73.9442,
            search="brooklyn bridge",
        ),
        "online": make_meeting(
            ny,
            "onl",
            name="Online Hope",
            day=1,
            time=datetime.time(21),
            attendance="online",
            is_in_person=False,
            is_online=True,
            search="online hope",
        ),
        "closed": make_meeting(ny, "tc", name="Closed for now", day=1, attendance="inactive", is_in_person=False),
        "retired": make_meeting(ny, "old", name="Gone", day=3, retired_at=timezone.now()),
    }


def names(queryset) -> list[str]:
    return [meeting.name for meeting in queryset]


def test_the_finder_search_takes_the_pages_parameters(world, meetings):
    found, order = api.find_meetings(world.owner, {})
    assert names(found) == ["Manhattan Monday", "Online Hope", "Brooklyn Bridge"]
    assert order == ("day", "time", "name", "id")
    assert names(api.find_meetings(world.owner, {"day": 1})[0]) == ["Manhattan Monday", "Online Hope"]
    assert names(api.find_meetings(world.owner, {"attendance": "online"})[0]) == ["Online Hope"]
    assert names(api.find_meetings(world.owner, {"type": "ST"})[0]) == ["Manhattan Monday"]
    assert names(api.find_meetings(world.owner, {"q": "bridge"})[0]) == ["Brooklyn Bridge"]
    near, order = api.find_meetings(world.owner, {"near": "point", "latitude": 40.758, "longitude": -73.9855})
    assert names(near) == ["Manhattan Monday", "Brooklyn Bridge"]
    assert order[0] == "distance_sq"
    rows = api.meetings_data(world.owner, near)
    assert rows[0]["distance_km"] == pytest.approx(0, abs=0.01)
    assert 9 < rows[1]["distance_km"] < 11
    assert [t["code"] for t in rows[0]["types"]] == ["O", "ST"]
    assert rows[0]["types"][0]["label"] == "Open (anyone may attend)"


def test_the_finder_refuses_what_the_page_refuses(world, meetings):
    theirs = SavedPlace.objects.create(owner=world.other_client, label="Theirs", coordinates=[40.75, -73.99])
    for params, field in [
        ({"near": f"place-{theirs.pk}"}, "near"),
        ({"near": "point", "latitude": 40.7}, "latitude"),
        ({"day": 7}, "day"),
        ({"radius": 3}, "radius"),
        ({"attendance": "teleport"}, "attendance"),
        ({"colour": "blue"}, "colour"),
    ]:
        with pytest.raises(ValidationError) as refused:
            api.find_meetings(world.owner, params)
        assert field in refused.value.message_dict
    mine = SavedPlace.objects.create(owner=world.owner, label="Home", coordinates=[40.68, -73.94])
    found, _ = api.find_meetings(world.owner, {"near": f"place-{mine.pk}", "radius": 2})
    assert names(found) == ["Brooklyn Bridge"]


def test_the_schedule_adds_a_listed_meeting_once_and_a_private_one(world, meetings):
    entry, created = api.add_to_schedule(world.owner, {"meeting_id": meetings["manhattan"].pk})
    again, created_again = api.add_to_schedule(world.owner, {"meeting_id": meetings["manhattan"].pk})
    assert (created, created_again, again.pk) == (True, False, entry.pk)
    private, _ = api.add_to_schedule(
        world.owner, {"name": "Tuesday group", "day": 2, "time": datetime.time(18), "time_zone": "Europe/London"}
    )
    assert private.private_name == "Tuesday group"
    assert [row.pk for row in api.schedule_entries(world.owner)] == [entry.pk, private.pk]
    data = api.entry_data(world.owner, private)
    assert (data["private"], data["time_zone"], data["name"]) == (True, "Europe/London", "Tuesday group")
    assert api.meetings_data(world.owner, [meetings["manhattan"]])[0]["in_schedule"] is True


def test_the_schedule_refuses_a_retired_an_unknown_and_a_half_told_meeting(world, meetings):
    with pytest.raises(ValidationError) as refused:
        api.add_to_schedule(world.owner, {"meeting_id": meetings["retired"].pk})
    assert "no longer listed" in refused.value.message_dict["meeting_id"][0]
    with pytest.raises(Http404):
        api.add_to_schedule(world.owner, {"meeting_id": 987654})
    with pytest.raises(ValidationError) as refused:
        api.add_to_schedule(world.owner, {"name": "No time", "day": 2, "time_zone": "Nowhere/City"})
    assert {"time", "time_zone"} <= set(refused.value.message_dict)
    assert not ScheduleEntry.objects.exists()


def test_removing_and_i_went_reach_only_the_persons_own_entries(world, meetings):
    mine, _ = api.add_to_schedule(world.owner, {"meeting_id": meetings["manhattan"].pk})
    theirs, _ = api.add_to_schedule(world.other_client, {"meeting_id": meetings["manhattan"].pk})
    with pytest.raises(Http404):
        api.remove_from_schedule(world.owner, theirs.pk)
    with pytest.raises(Http404):
        api.went_today(world.owner, theirs.pk)
    record, created = api.went_today(world.owner, mine.pk)
    _, created_again = api.went_today(world.owner, mine.pk)
    assert (created, created_again) == (True, False)
    assert record.date == world.owner.local_today()
    api.remove_from_schedule(world.owner, mine.pk)
    assert list(ScheduleEntry.objects.values_list("pk", flat=True)) == [theirs.pk]
    assert Attendance.objects.filter(owner=world.owner).count() == 1  # the log keeps it


def test_attendance_is_logged_once_per_token_and_never_for_a_day_to_come(world):
    today = world.owner.local_today()
    token = uuid.uuid4()
    data = {"label": "Thursday group", "date": today, "note": "Good share", "client_token": token}
    record, created = api.log_attendance(world.owner, data)
    _, created_again = api.log_attendance(world.owner, data)
    assert (created, created_again) == (True, False)
    assert api.attendance_data(record)["label"] == "Thursday group"
    with pytest.raises(ValidationError) as refused:
        api.log_attendance(world.owner, {"label": "Later", "date": today + datetime.timedelta(days=1)})
    assert refused.value.message_dict["date"] == ["That date hasn't come yet."]
    with pytest.raises(ValidationError) as refused:
        api.log_attendance(world.owner, {"date": today})
    assert "label" in refused.value.message_dict
    assert list(api.attendance_records(world.owner)) == [record]
    assert list(api.attendance_records(world.other_client)) == []


def test_outreach_is_logged_with_the_persons_own_contacts_only(world):
    today = world.owner.local_today()
    jamie = Contact.objects.create(owner=world.owner, name="Jamie")
    theirs = Contact.objects.create(owner=world.other_client, name="Theirs")
    record, created = api.log_outreach(world.owner, {"kind": "call", "contact_id": jamie.pk, "date": today})
    assert created
    data = api.outreach_data(record)
    assert (data["contact_name"], data["direction"], data["kind"]) == ("Jamie", "out", "call")
    with pytest.raises(Http404):
        api.log_outreach(world.owner, {"kind": "call", "contact_id": theirs.pk, "date": today})
    with pytest.raises(ValidationError) as refused:
        api.log_outreach(world.owner, {"kind": "call", "date": today + datetime.timedelta(days=1)})
    assert refused.value.message_dict["date"] == ["That date hasn't come yet."]
    with pytest.raises(ValidationError) as refused:
        api.log_outreach(world.owner, {"kind": "carrier pigeon", "date": today})
    assert "kind" in refused.value.message_dict
    assert list(Outreach.objects.values_list("pk", flat=True)) == [record.pk]
    assert list(api.outreach_records(world.owner)) == [record]
