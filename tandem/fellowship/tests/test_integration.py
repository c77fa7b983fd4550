"""How the fellowship part plugs into the house: panels, export, markers, pages, navigation."""

import datetime
import re

import pytest
from django.db import connection
from django.urls import reverse

from tandem.fellowship.models import Attendance, Contact, Outreach, SavedPlace, ScheduleEntry, StepProgress
from tandem.sharing.export import export_for
from tests.support import markers

from .conftest import make_feed, make_meeting

pytestmark = pytest.mark.django_db

PAGES = [
    "meeting_finder",
    "places",
    "schedule",
    "schedule_new",
    "attendance_log",
    "calendar_settings",
    "network",
    "outreach",
    "steps",
]


@pytest.mark.parametrize("name", PAGES)
def test_every_page_has_one_h1_no_inline_script_or_style(world, name):
    page = world.client_for("owner").get(reverse(name)).content.decode()
    assert page.count("<h1") == 1
    main = page.split('<main id="main"', 1)[1]
    assert "<script" not in main
    assert "<style" not in main
    assert " style=" not in main
    assert not re.search(r" on[a-z]+=", main)


def test_person_page_shows_the_fellowship_panels_the_owner_shares(world):
    owner = world.owner
    feed = make_feed()
    meeting = make_meeting(feed, "m", name="Freedom Group")
    ScheduleEntry.objects.create(owner=owner, meeting=meeting)
    Attendance.objects.create(owner=owner, date=owner.local_today(), label="Freedom Group", note="felt heard")
    jamie = Contact.objects.create(owner=owner, name="Jamie Secretname", role="friend")
    Outreach.objects.create(owner=owner, contact=jamie, kind="call", date=owner.local_today(), note="talked a while")
    StepProgress.objects.create(owner=owner, step=1, status="working")

    page = world.client_for("sponsor").get(f"/shared/{owner.pk}/").content.decode()
    assert "Freedom Group" in page
    assert "1 meeting in the last 30 days" in page
    assert "Reached out today" in page
    assert "Phone call with their program friend" in page
    assert "Step 1: Working on it" in page
    assert f"/sponsees/{owner.pk}/steps/" in page
    # The least that serves: no contact names, no notes.
    assert "Secretname" not in page
    assert "talked a while" not in page
    assert "felt heard" not in page

    page = world.client_for("partner").get(f"/shared/{owner.pk}/").content.decode()
    assert "Freedom Group" not in page
    assert "Reached out" not in page


def test_export_holds_every_owned_model(world):
    owner = world.owner
    for scope, seed in markers.seeders():
        if seed.__module__ == "tandem.fellowship.tests.markers":
            seed(owner, f"MARK-{scope}")
    world.client_for("owner").post("/schedule/calendar/", {"action": "new"})
    archive = export_for(owner)["data"]
    for key in (
        "fellowship.scheduleentry",
        "fellowship.attendance",
        "fellowship.outreach",
        "fellowship.stepanswer",
        "fellowship.contact",
        "fellowship.savedplace",
        "fellowship.calendartoken",
        "fellowship.stepprogress",
        "fellowship.stepcomment",
        "fellowship.fellowshipprefs",
    ):
        assert key in archive
    text = str(archive)
    for scope in ("meetings", "outreach", "stepwork", "private"):
        assert f"MARK-{scope}" in text
    assert "token_hash" not in archive["fellowship.calendartoken"][0]


def test_markers_are_only_in_encrypted_text_never_in_meetings(world):
    scopes = {scope for scope, seed in markers.seeders() if seed.__module__ == "tandem.fellowship.tests.markers"}
    assert scopes == {"meetings", "outreach", "stepwork", "private"}
    # "~" is outside the ciphertext's alphabet (URL-safe base64), so no random ciphertext can
    # contain the marker ("ZQX" alone once turned up inside one).
    for scope, seed in markers.seeders():
        if seed.__module__ == "tandem.fellowship.tests.markers":
            seed(world.owner, f"~ZQX{scope}~")
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if not table.startswith("fellowship_"):
                continue
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 (table names from introspection)
            for row in cursor.fetchall():
                assert "~ZQX" not in repr(row), table


def test_navigation_per_role(world):
    nav = world.client_for("owner").get("/schedule/").content.decode()
    assert 'href="/schedule/" aria-current="page">Meetings' in nav
    assert ">Steps<" in nav
    assert ">Sponsees<" in world.client_for("sponsor").get("/").content.decode()
    assert ">Meeting feeds<" in world.client_for("practice_admin").get("/meetings/feeds/").content.decode()
    assert ">Sponsees<" not in nav
    assert ">Meeting feeds<" not in nav


def test_places_are_private_and_encrypted(world):
    client = world.client_for("owner")
    client.post("/meetings/places/", {"label": "Home on Elm", "latitude": "40.71", "longitude": "-74.01"})
    place = SavedPlace.objects.get(owner=world.owner)
    assert (place.latitude, place.longitude) == (40.71, -74.01)
    with connection.cursor() as cursor:
        cursor.execute("SELECT label, coordinates FROM fellowship_savedplace")
        row = cursor.fetchone()
    assert "Elm" not in row[0]
    assert "40.71" not in row[1]
    assert world.client_for("other_client").post(f"/meetings/places/{place.pk}/delete/").status_code == 404
    assert "Home on Elm" not in world.client_for("other_client").get("/meetings/places/").content.decode()


def test_retired_meeting_stays_in_schedule_with_a_note(world):
    feed = make_feed()
    meeting = make_meeting(feed, "m", name="Old Group", retired_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    ScheduleEntry.objects.create(owner=world.owner, meeting=meeting)
    client = world.client_for("owner")
    assert "No longer listed" in client.get("/schedule/").content.decode()
    assert "no longer lists this meeting" in client.get(f"/meetings/{meeting.pk}/").content.decode()
    response = client.post(f"/meetings/{meeting.pk}/add/", follow=True)
    assert ScheduleEntry.objects.filter(owner=world.owner).count() == 1
    assert response.status_code == 200
