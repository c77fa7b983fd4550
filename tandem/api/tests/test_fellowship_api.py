"""The fellowship resources of /api/v1/: the finder, the person's schedule, attendance and outreach.

Each answer is JSON (errors too); a token needs the scope, another person's id is not found, and
input is refused with the page's own words, nothing saved."""

import datetime
import json
import uuid

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from tandem.api.models import ApiToken
from tandem.fellowship.models import Attendance, Contact, Outreach, SavedPlace, ScheduleEntry
from tandem.fellowship.tests.conftest import make_feed, make_meeting

pytestmark = pytest.mark.django_db

READ, WRITE = "fellowship:read", "fellowship:write"


def token(person, *scopes, expires_in=datetime.timedelta(days=30)) -> str:
    _token, secret = ApiToken.issue(person, name="test", scopes=scopes, expires_at=timezone.now() + expires_in)
    return secret


def call(method: str, url: str, secret: str | None = None, body=None, *, raw: str | None = None, **headers):
    if secret:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    client = Client()
    if body is not None or raw is not None:
        data = raw if raw is not None else json.dumps(body, default=str)
        return getattr(client, method)(url, data=data, content_type="application/json", **headers)
    return getattr(client, method)(url, **headers)


def answer(response, status: int):
    assert response.status_code == status, response.content[:400]
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content) if response.content else None


def problems(response) -> dict[str, list[str]]:
    """A 422's {field: [messages]}."""
    found: dict[str, list[str]] = {}
    for problem in answer(response, 422)["detail"]:
        found.setdefault(problem["loc"][-1], []).append(problem["msg"])
    return found


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
        "retired": make_meeting(ny, "old", name="Gone", day=3, retired_at=timezone.now()),
    }


def names(page) -> list[str]:
    return [item["name"] for item in page["items"]]


# --- Who may call -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("get", "/api/v1/meetings/", None),
        ("get", "/api/v1/schedule/", None),
        ("post", "/api/v1/schedule/", {"meeting_id": 1}),
        ("get", "/api/v1/attendance/", None),
        ("post", "/api/v1/attendance/", {"label": "x", "date": "2026-01-01"}),
        ("get", "/api/v1/outreach/", None),
        ("post", "/api/v1/outreach/", {"kind": "call", "date": "2026-01-01"}),
    ],
)
def test_no_token_is_a_json_401_and_the_wrong_scope_a_json_403(world, method, url, body):
    assert "detail" in answer(call(method, url, body=body), 401)
    assert "detail" in answer(call(method, url, "tdm_not-a-token", body=body), 401)
    expired = token(world.owner, READ, WRITE, expires_in=datetime.timedelta(seconds=-1))
    answer(call(method, url, expired, body=body), 401)
    wrong = token(world.owner, "questionnaires:read", "questionnaires:write", READ if method == "post" else WRITE)
    assert "fellowship:" in answer(call(method, url, wrong, body=body), 403)["detail"]
    assert not Attendance.objects.exists()
    assert not Outreach.objects.exists()
    assert not ScheduleEntry.objects.exists()


def test_a_revoked_token_stops_on_the_next_request(world):
    secret = token(world.owner, READ)
    answer(call("get", "/api/v1/attendance/", secret), 200)
    ApiToken.objects.update(revoked_at=timezone.now())
    answer(call("get", "/api/v1/attendance/", secret), 401)


def test_the_site_itself_reads_with_its_session_and_writes_with_csrf(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.owner)
    assert client.get("/api/v1/attendance/").status_code == 200
    body = json.dumps({"label": "Group", "date": str(world.owner.local_today())})
    response = client.post("/api/v1/attendance/", body, content_type="application/json")
    answer(response, 403)
    assert not Attendance.objects.exists()


# --- The finder ---------------------------------------------------------------------------------


def test_the_finder_answers_as_the_finder_page_searches(world, meetings):
    secret = token(world.owner, READ)
    assert names(answer(call("get", "/api/v1/meetings/", secret), 200)) == [
        "Manhattan Monday",
        "Online Hope",
        "Brooklyn Bridge",
    ]
    assert names(answer(call("get", "/api/v1/meetings/?day=1&attendance=online", secret), 200)) == ["Online Hope"]
    assert names(answer(call("get", "/api/v1/meetings/?q=bridge", secret), 200)) == ["Brooklyn Bridge"]
    near = answer(call("get", "/api/v1/meetings/?near=point&latitude=40.758&longitude=-73.9855", secret), 200)
    assert names(near) == ["Manhattan Monday", "Brooklyn Bridge"]
    assert 9 < near["items"][1]["distance_km"] < 11
    assert near["items"][0]["next_local_start"] is not None
    one = answer(call("get", f"/api/v1/meetings/{meetings['online'].pk}/", secret), 200)
    assert (one["name"], one["is_online"], one["in_schedule"]) == ("Online Hope", True, False)
    answer(call("get", "/api/v1/meetings/987654/", secret), 404)


def test_the_finder_pages_through_every_result_once(world, meetings):
    secret = token(world.owner, READ)
    seen, url = [], "/api/v1/meetings/?size=2"
    while url:
        page = answer(call("get", url, secret), 200)
        seen += names(page)
        url = page["next"]
    assert seen == ["Manhattan Monday", "Online Hope", "Brooklyn Bridge"]
    answer(call("get", "/api/v1/meetings/?cursor=not-a-cursor", secret), 400)


def test_the_finder_refuses_what_its_page_refuses(world, meetings):
    secret = token(world.owner, READ)
    theirs = SavedPlace.objects.create(owner=world.other_client, label="Theirs", coordinates=[40.75, -73.99])
    refused = problems(call("get", f"/api/v1/meetings/?near=place-{theirs.pk}", secret))
    assert "Select a valid choice" in refused["near"][0]
    assert "day" in problems(call("get", "/api/v1/meetings/?day=9", secret))
    assert "day" in problems(call("get", "/api/v1/meetings/?day=monday", secret))
    assert "latitude" in problems(call("get", "/api/v1/meetings/?near=point&latitude=40.7", secret))
    assert "radius" in problems(call("get", "/api/v1/meetings/?near=point&latitude=40&longitude=-73&radius=3", secret))


# --- The schedule -------------------------------------------------------------------------------


def test_the_schedule_adds_lists_and_removes_the_persons_own_meetings(world, meetings):
    secret = token(world.owner, READ, WRITE)
    added = answer(call("post", "/api/v1/schedule/", secret, {"meeting_id": meetings["manhattan"].pk}), 201)
    again = answer(call("post", "/api/v1/schedule/", secret, {"meeting_id": meetings["manhattan"].pk}), 200)
    assert added["id"] == again["id"]
    private = answer(
        call(
            "post",
            "/api/v1/schedule/",
            secret,
            {"name": "Tuesday group", "day": 2, "time": "18:00", "time_zone": "Europe/London", "notes": "Back room"},
        ),
        201,
    )
    assert (private["private"], private["time_zone"], private["notes"]) == (True, "Europe/London", "Back room")
    listed = answer(call("get", "/api/v1/schedule/", secret), 200)
    assert [item["name"] for item in listed["items"]] == ["Manhattan Monday", "Tuesday group"]
    assert answer(call("get", "/api/v1/meetings/?day=1", secret), 200)["items"][0]["in_schedule"] is True
    assert call("delete", f"/api/v1/schedule/{added['id']}/", secret).status_code == 204
    answer(call("get", f"/api/v1/schedule/{added['id']}/", secret), 404)
    assert list(ScheduleEntry.objects.values_list("private_name", flat=True)) == ["Tuesday group"]


def test_the_schedule_refuses_bad_meetings_and_unknown_fields(world, meetings):
    secret = token(world.owner, READ, WRITE)
    refused = problems(call("post", "/api/v1/schedule/", secret, {"meeting_id": meetings["retired"].pk}))
    assert "no longer listed" in refused["meeting_id"][0]
    answer(call("post", "/api/v1/schedule/", secret, {"meeting_id": 987654}), 404)
    refused = problems(
        call("post", "/api/v1/schedule/", secret, {"name": "No time", "day": 2, "time_zone": "Mars/Base"})
    )
    assert {"time", "time_zone"} <= set(refused)
    assert "colour" in problems(call("post", "/api/v1/schedule/", secret, {"name": "x", "colour": "blue"}))
    assert "meeting_id" in problems(call("post", "/api/v1/schedule/", secret, {"meeting_id": True}))
    private = {"name": "x", "day": True, "time": "18:00", "time_zone": "UTC"}
    assert "day" in problems(call("post", "/api/v1/schedule/", secret, private))
    assert not ScheduleEntry.objects.exists()


def test_someone_elses_schedule_entry_is_not_found(world, meetings):
    theirs = ScheduleEntry.objects.create(owner=world.other_client, meeting=meetings["manhattan"])
    secret = token(world.owner, READ, WRITE)
    answer(call("get", f"/api/v1/schedule/{theirs.pk}/", secret), 404)
    answer(call("delete", f"/api/v1/schedule/{theirs.pk}/", secret), 404)
    answer(call("post", f"/api/v1/schedule/{theirs.pk}/went/", secret), 404)
    assert ScheduleEntry.objects.filter(pk=theirs.pk).exists()
    assert not Attendance.objects.exists()


def test_i_went_logs_one_meeting_a_day(world, meetings):
    entry = ScheduleEntry.objects.create(owner=world.owner, meeting=meetings["online"])
    secret = token(world.owner, WRITE)
    first = answer(call("post", f"/api/v1/schedule/{entry.pk}/went/", secret), 201)
    again = answer(call("post", f"/api/v1/schedule/{entry.pk}/went/", secret), 200)
    assert first["id"] == again["id"]
    assert first["date"] == str(world.owner.local_today())
    assert first["label"] == "Online Hope"


# --- Attendance and outreach --------------------------------------------------------------------


def test_attendance_is_logged_listed_in_pages_and_once_per_token(world):
    secret = token(world.owner, READ, WRITE)
    today = world.owner.local_today()
    body = {"label": "Thursday group", "date": today, "note": "Good share", "client_token": str(uuid.uuid4())}
    first = answer(call("post", "/api/v1/attendance/", secret, body), 201)
    assert answer(call("post", "/api/v1/attendance/", secret, body), 200)["id"] == first["id"]
    for days in (1, 2):
        day = today - datetime.timedelta(days=days)
        answer(call("post", "/api/v1/attendance/", secret, {"label": f"{days} ago", "date": day}), 201)
    page = answer(call("get", "/api/v1/attendance/?size=2", secret), 200)
    assert [item["label"] for item in page["items"]] == ["Thursday group", "1 ago"]
    # A meeting logged meanwhile for an earlier date shifts nothing already paged.
    answer(call("post", "/api/v1/attendance/", secret, {"label": "Later entry", "date": today}), 201)
    rest = answer(call("get", page["next"], secret), 200)
    assert [item["label"] for item in rest["items"]] == ["2 ago"]
    assert rest["next"] is None
    Attendance.objects.create(owner=world.other_client, date=today, label="Not Robin's")
    every = answer(call("get", "/api/v1/attendance/", secret), 200)
    assert "Not Robin's" not in [item["label"] for item in every["items"]]


def test_a_read_answers_304_to_the_etag_it_gave(world):
    secret = token(world.owner, READ)
    first = call("get", "/api/v1/attendance/", secret)
    etag = first["ETag"]
    assert call("get", "/api/v1/attendance/", secret, HTTP_IF_NONE_MATCH=etag).status_code == 304
    Attendance.objects.create(owner=world.owner, date=world.owner.local_today(), label="New")
    assert call("get", "/api/v1/attendance/", secret, HTTP_IF_NONE_MATCH=etag).status_code == 200


# 21:30 in New York on 8 March 2026 is already 9 March in UTC: the person's tomorrow.
NEW_YORK_EVENING = datetime.datetime(2026, 3, 9, 1, 30, tzinfo=datetime.UTC)


@time_machine.travel(NEW_YORK_EVENING, tick=False)
def test_a_date_still_to_come_in_the_persons_zone_is_refused_as_on_the_page(world):
    world.owner.time_zone = "America/New_York"
    world.owner.save(update_fields=["time_zone"])
    secret = token(world.owner, WRITE)
    for url, body in [
        ("/api/v1/attendance/", {"label": "Group", "date": "2026-03-09"}),
        ("/api/v1/outreach/", {"kind": "call", "date": "2026-03-09"}),
    ]:
        assert problems(call("post", url, secret, body))["date"] == ["That date hasn't come yet."]
        answer(call("post", url, secret, {**body, "date": "2026-03-08"}), 201)
    assert list(Attendance.objects.values_list("date", flat=True)) == [datetime.date(2026, 3, 8)]
    assert list(Outreach.objects.values_list("date", flat=True)) == [datetime.date(2026, 3, 8)]


def test_bad_bodies_are_refused_with_json_and_nothing_is_saved(world):
    secret = token(world.owner, WRITE)
    today = str(world.owner.local_today())
    answer(call("post", "/api/v1/attendance/", secret, raw='{"label": "Group", "date": '), 400)
    assert "mood" in problems(call("post", "/api/v1/attendance/", secret, {"label": "G", "date": today, "mood": 3}))
    assert "date" in problems(call("post", "/api/v1/attendance/", secret, {"label": "G", "date": "yesterday"}))
    assert "label" in problems(call("post", "/api/v1/attendance/", secret, {"label": "", "date": today}))
    assert "label" in problems(call("post", "/api/v1/attendance/", secret, {"label": "x" * 121, "date": today}))
    assert "kind" in problems(call("post", "/api/v1/outreach/", secret, {"kind": "pigeon", "date": today}))
    assert "direction" in problems(
        call("post", "/api/v1/outreach/", secret, {"kind": "call", "direction": "sideways", "date": today})
    )
    answer(call("post", "/api/v1/attendance/", secret, raw="[1, 2]"), 422)
    assert not Attendance.objects.exists()
    assert not Outreach.objects.exists()


def test_outreach_is_logged_with_the_persons_own_contacts(world):
    secret = token(world.owner, READ, WRITE)
    today = world.owner.local_today()
    jamie = Contact.objects.create(owner=world.owner, name="Jamie")
    theirs = Contact.objects.create(owner=world.other_client, name="Theirs")
    logged = answer(
        call("post", "/api/v1/outreach/", secret, {"kind": "text", "contact_id": jamie.pk, "date": today}), 201
    )
    assert (logged["contact_name"], logged["direction"]) == ("Jamie", "out")
    answer(call("post", "/api/v1/outreach/", secret, {"kind": "call", "contact_id": theirs.pk, "date": today}), 404)
    listed = answer(call("get", "/api/v1/outreach/", secret), 200)
    assert [(item["kind"], item["contact_name"]) for item in listed["items"]] == [("text", "Jamie")]
    assert Outreach.objects.count() == 1
