"""A person's schedule, "I went", 90 in 90, the outreach log, and the api other apps call."""

import datetime
import uuid
from unittest import mock

import pytest

from tandem.fellowship import api, services
from tandem.fellowship.models import Attendance, Contact, FellowshipPrefs, Outreach, ScheduleEntry

from .conftest import make_feed, make_meeting

pytestmark = pytest.mark.django_db


def today_for(user):
    return user.local_today()


@pytest.fixture
def tonight(world):
    """A New York meeting that is on the owner's (New York) today."""
    feed = make_feed()
    day = (today_for(world.owner).weekday() + 1) % 7
    return make_meeting(feed, "tonight", name="Tonight's Group", day=day, time=datetime.time(23, 30))


def test_add_from_the_finder_twice_keeps_one(world, tonight):
    client = world.client_for("owner")
    for _ in range(2):
        response = client.post(f"/meetings/{tonight.pk}/add/", {"next": "/meetings/?day=1"})
        assert response.status_code == 302
        assert response["Location"] == "/meetings/?day=1"
    assert ScheduleEntry.objects.filter(owner=world.owner, meeting=tonight).count() == 1
    # An outside `next` is not followed.
    response = client.post(f"/meetings/{tonight.pk}/add/", {"next": "https://elsewhere.example/"})
    assert response["Location"] == "/schedule/"


def test_i_went_is_one_tap_and_a_double_tap_logs_one(world, tonight):
    client = world.client_for("owner")
    client.post(f"/meetings/{tonight.pk}/add/")
    entry = ScheduleEntry.objects.get(owner=world.owner)
    page = client.get("/schedule/").content.decode()
    assert "Tonight&#x27;s Group" in page
    assert f'action="/schedule/{entry.pk}/went/"' in page
    client.post(f"/schedule/{entry.pk}/went/")
    client.post(f"/schedule/{entry.pk}/went/")
    assert Attendance.objects.filter(owner=world.owner).count() == 1
    record = Attendance.objects.get(owner=world.owner)
    assert record.date == today_for(world.owner)
    assert record.label == "Tonight's Group"
    assert "You went ✓" in client.get("/schedule/").content.decode()
    home = client.get("/").content.decode()
    assert "Today's meetings" in home
    assert "You went ✓" in home


def test_a_private_meeting_respects_its_own_zone(world):
    client = world.client_for("owner")
    response = client.post(
        "/schedule/new/",
        {"name": "Therapy group", "day": "2", "time": "18:00", "end_time": "19:30", "time_zone": "Europe/London"},
    )
    assert response.status_code == 302
    entry = ScheduleEntry.objects.get(owner=world.owner)
    assert entry.is_private
    assert entry.name == "Therapy group"
    tuesday = datetime.date(2026, 1, 13)
    local = entry.occurrence_on(tuesday, world.owner.zone)  # London 18:00 = New York 13:00 in January
    assert local.time() == datetime.time(13, 0)


def test_others_cannot_reach_my_entries_or_records(world, tonight):
    entry = ScheduleEntry.objects.create(owner=world.owner, meeting=tonight)
    record = Attendance.objects.create(owner=world.owner, date=today_for(world.owner), entry=entry)
    contact = Contact.objects.create(owner=world.owner, name="Jamie", phone="555 0100")
    outreach = Outreach.objects.create(owner=world.owner, kind="call", date=today_for(world.owner))
    other = world.client_for("other_client")
    for url in (f"/schedule/{entry.pk}/", f"/network/{contact.pk}/"):
        assert other.get(url).status_code == 404
    for url in (
        f"/schedule/{entry.pk}/went/",
        f"/schedule/{entry.pk}/remove/",
        f"/schedule/attended/{record.pk}/delete/",
        f"/network/{contact.pk}/delete/",
        f"/outreach/{outreach.pk}/delete/",
    ):
        assert other.post(url).status_code == 404
    # Logging a call "with" someone else's contact is refused too.
    assert other.post("/outreach/log/", {"kind": "call", "contact": contact.pk}).status_code == 404
    assert Outreach.objects.filter(owner=world.other_client).count() == 0
    assert Attendance.objects.filter(owner=world.other_client).count() == 0


def test_attendance_log_double_submit_keeps_one(world):
    client = world.client_for("owner")
    token = str(uuid.uuid4())
    data = {"label": "Saturday speaker meeting", "date": today_for(world.owner).isoformat(), "client_token": token}
    client.post("/schedule/attended/", data)
    client.post("/schedule/attended/", data)
    assert Attendance.objects.filter(owner=world.owner).count() == 1
    future = {**data, "date": (today_for(world.owner) + datetime.timedelta(days=2)).isoformat(), "client_token": ""}
    response = client.post("/schedule/attended/", future)
    assert response.status_code == 200
    assert "hasn&#x27;t come yet" in response.content.decode()


def test_ninety_in_ninety_counts_up_and_never_fails(world):
    owner = world.owner
    today = today_for(owner)
    start = today - datetime.timedelta(days=120)
    FellowshipPrefs.objects.create(owner=owner, ninety_started_on=start)
    for offset in (0, 1, 5, 40, 89, 100):
        Attendance.objects.create(owner=owner, date=start + datetime.timedelta(days=offset), label="m")
    progress = services.ninety(owner)
    assert (progress.meetings, progress.day_number, progress.finished_window) == (5, 90, True)
    page = world.client_for("owner").get("/schedule/").content.decode()
    assert "Every one counted" in page
    for word in ("fail", "missed 85", "behind"):
        assert word not in page.lower().replace("behind you", "")
    # Start a new count from today: nothing lost, a fresh window.
    world.client_for("owner").post("/schedule/ninety/", {"started_on": today.isoformat()})
    assert services.ninety(owner).meetings == 0
    assert Attendance.objects.filter(owner=owner).count() == 6


def test_one_tap_outreach_and_days_since(world):
    client = world.client_for("owner")
    owner = world.owner
    Outreach.objects.create(owner=owner, kind="text", date=today_for(owner) - datetime.timedelta(days=4))
    assert (
        '<span class="stat">4</span> <span>days since I last reached out' in client.get("/outreach/").content.decode()
    )
    jamie = Contact.objects.create(
        owner=owner, name="Jamie", role="friend", phone="+1 555 0100", email="j@example.test"
    )
    page = client.get("/outreach/").content.decode()
    assert 'href="tel:+15550100"' in page
    assert 'href="sms:+15550100"' in page
    assert 'href="mailto:j@example.test"' in page
    token = str(uuid.uuid4())
    for _ in range(2):
        response = client.post("/outreach/log/", {"kind": "call", "contact": jamie.pk, "client_token": token})
        assert response.status_code == 302
    assert Outreach.objects.filter(owner=owner, date=today_for(owner)).count() == 1
    assert (
        '<span class="stat">0</span> <span>days since I last reached out' in client.get("/outreach/").content.decode()
    )


def test_outreach_form_inbound_and_contact_removal_keeps_the_log(world):
    client = world.client_for("owner")
    jamie = Contact.objects.create(owner=world.owner, name="Jamie")
    client.post(
        "/outreach/",
        {"kind": "coffee", "direction": "in", "contact": jamie.pk, "date": today_for(world.owner).isoformat()},
    )
    record = Outreach.objects.get(owner=world.owner)
    assert (record.kind, record.direction, record.contact_id) == ("coffee", "in", jamie.pk)
    client.post(f"/network/{jamie.pk}/delete/")
    record.refresh_from_db()
    assert record.contact_id is None


# --- api.py -------------------------------------------------------------------------------------


def test_api_functions_and_their_query_counts(world, tonight, django_assert_num_queries):
    owner = world.owner
    today = today_for(owner)
    with django_assert_num_queries(1):
        assert api.last_contact_date(owner) is None
    Attendance.objects.create(owner=owner, date=today - datetime.timedelta(days=3), label="m")
    Outreach.objects.create(owner=owner, kind="call", date=today - datetime.timedelta(days=5))
    Outreach.objects.create(owner=world.other_client, kind="call", date=today)
    with django_assert_num_queries(1):
        assert api.last_contact_date(owner) == today - datetime.timedelta(days=3)
    Outreach.objects.create(owner=owner, kind="text", date=today, direction="in")
    with django_assert_num_queries(1):
        assert api.last_contact_date(owner) == today

    with django_assert_num_queries(1):
        dates = api.last_contact_dates([owner, world.other_client, world.partner])
    assert dates == {owner.pk: today, world.other_client.pk: today, world.partner.pk: None}
    with django_assert_num_queries(0):
        assert api.last_contact_dates([]) == {}

    with django_assert_num_queries(1):
        assert api.meetings_attended_on(owner, today - datetime.timedelta(days=3)) == 1
    with django_assert_num_queries(1):
        assert api.outreach_on(owner, today) == 1

    entry = ScheduleEntry.objects.create(owner=owner, meeting=tonight)
    ScheduleEntry.objects.create(
        owner=owner,
        private_name="Not today",
        private_day=(tonight.day + 3) % 7,
        private_time=datetime.time(9),
        private_time_zone="America/New_York",
    )
    with django_assert_num_queries(2):
        items = api.todays_meetings(owner)
    assert [(i.name, i.local_start.time(), i.url, i.attended) for i in items] == [
        ("Tonight's Group", datetime.time(23, 30), f"/meetings/{tonight.pk}/", False)
    ]
    services.mark_attended(owner, entry, today)
    assert api.todays_meetings(owner)[0].attended is True
    assert api.meetings_attended_on(owner, today) == 1


def test_todays_meetings_in_another_zone(world):
    """A Los Angeles person's today includes a New York meeting at 01:00 tomorrow NY time."""
    world.owner.time_zone = "America/Los_Angeles"
    world.owner.save()
    fixed_now = datetime.datetime(2026, 7, 13, 18, 0, tzinfo=datetime.UTC)  # Monday 11:00 in LA
    feed = make_feed()
    late = make_meeting(feed, "late", name="Late Night NY", day=2, time=datetime.time(1, 0))  # Tue 01:00 NY
    ScheduleEntry.objects.create(owner=world.owner, meeting=late)
    with mock.patch("django.utils.timezone.now", return_value=fixed_now):
        items = api.todays_meetings(world.owner)
    assert [(i.name, i.local_start.strftime("%A %H:%M")) for i in items] == [("Late Night NY", "Monday 22:00")]
