"""The recovery resources and "shared with me": own data only, the pages' rules, the gate."""

import datetime
import json

import pytest
from django.test.utils import override_settings

from tandem.recovery import services
from tandem.recovery.models import CheckIn, Circle, CircleItem
from tandem.recovery.tests.conftest import earlier_today, make_program
from tandem.sharing import services as sharing
from tandem.sharing.models import AccessLogEntry, Grant

from .conftest import bearer, issue


def _checkin(user, program, day, **fields):
    checkin, _ = services.save_checkin(
        user,
        program,
        day,
        stayed_out=True,
        urge_level=fields.get("urge_level", 2),
        items=[],
        triggers=[],
        feelings=[],
        meetings=0,
        calls=0,
        gratitude="",
        note=fields.get("note", ""),
    )
    return checkin


@pytest.fixture
def program(world):
    return make_program(world.owner, sobriety_date=world.owner.local_today() - datetime.timedelta(days=40))


@pytest.fixture
def api(world):
    return bearer(issue(world.owner)[1])


def test_check_ins_list_the_own_only_latest_day_first(world, program, api):
    today = world.owner.local_today()
    for back in range(3):
        _checkin(world.owner, program, today - datetime.timedelta(days=back), note=f"day {back}")
    other = make_program(world.other_client)
    _checkin(world.other_client, other, world.other_client.local_today(), note="not Robin's")
    body = api.get("/api/v1/checkins/").json()
    assert [item["note"] for item in body["items"]] == ["day 0", "day 1", "day 2"]
    assert body["next"] is None


def test_a_check_in_is_written_through_the_page_s_rules(world, program, api):
    today = world.owner.local_today()
    middle = CircleItem.objects.filter(owner=world.owner, circle=Circle.MIDDLE).first()
    payload = {
        "program_id": program.pk,
        "date": today.isoformat(),
        "stayed_out": True,
        "urge_level": 3,
        "meetings": 1,
        "items": [middle.pk],
        "note": "a steady day",
    }
    response = api.post("/api/v1/checkins/", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["items"] == [middle.pk]
    assert CheckIn.objects.get(owner=world.owner, local_date=today).note == "a steady day"
    again = api.post("/api/v1/checkins/", payload, content_type="application/json")
    assert again.status_code == 422
    assert "already a check-in" in again.json()["detail"][0]["msg"]


def test_a_day_still_to_come_is_refused_with_the_page_s_words(world, program, api):
    tomorrow = world.owner.local_today() + datetime.timedelta(days=1)
    payload = {"program_id": program.pk, "date": tomorrow.isoformat(), "stayed_out": True, "urge_level": 1}
    response = api.post("/api/v1/checkins/", payload, content_type="application/json")
    assert response.status_code == 422
    assert "hasn't come yet" in response.json()["detail"][0]["msg"]
    assert not CheckIn.objects.exists()


def test_the_form_s_own_limits_hold(world, program, api):
    payload = {"program_id": program.pk, "date": world.owner.local_today().isoformat(), "stayed_out": True}
    response = api.post("/api/v1/checkins/", {**payload, "urge_level": 11}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "urge_level"]


def test_someone_else_s_program_is_404_not_403(world, program, api):
    other = make_program(world.other_client)
    payload = {"program_id": other.pk, "date": world.owner.local_today().isoformat(), "stayed_out": True}
    response = api.post("/api/v1/checkins/", {**payload, "urge_level": 1}, content_type="application/json")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    urge = {"occurred_at": earlier_today(world.owner).isoformat(), "intensity": 4, "program_id": other.pk}
    assert api.post("/api/v1/urges/", urge, content_type="application/json").status_code == 404


def test_urges_are_logged_and_listed_and_the_future_is_refused(world, program, api):
    moment = earlier_today(world.owner)
    created = api.post(
        "/api/v1/urges/", {"occurred_at": moment.isoformat(), "intensity": 6}, content_type="application/json"
    )
    assert created.status_code == 201, created.content
    listed = api.get("/api/v1/urges/").json()["items"]
    assert [u["intensity"] for u in listed] == [6]
    future = (moment + datetime.timedelta(days=2)).isoformat()
    refused = api.post("/api/v1/urges/", {"occurred_at": future, "intensity": 6}, content_type="application/json")
    assert refused.status_code == 422
    assert "hasn't come yet" in refused.json()["detail"][0]["msg"]


def test_unknown_fields_are_refused(world, program, api):
    body = {"occurred_at": earlier_today(world.owner).isoformat(), "intensity": 6, "owner_id": world.other_client.pk}
    response = api.post("/api/v1/urges/", body, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "extra_forbidden"


@pytest.mark.parametrize("body", ["{not json", "[1, 2", '{"intensity": }', "\x00"])
def test_malformed_json_is_a_json_error(world, api, body):
    response = api.post("/api/v1/urges/", body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


def test_a_huge_body_is_413(world, api):
    body = json.dumps({"occurred_at": "2026-01-01T10:00:00Z", "intensity": 1, "note": "x" * 70_000})
    response = api.post("/api/v1/urges/", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["detail"]


def test_slips_circles_and_milestones_read(world, program, api):
    assert api.get("/api/v1/slips/").json() == {"items": [], "next": None}
    circles = api.get("/api/v1/circles/").json()
    assert [c["program_id"] for c in circles] == [program.pk]
    assert [i["text"] for i in circles[0]["circles"]["middle"]] == ["Staying up late alone online", "Keeping secrets"]
    milestones = api.get("/api/v1/milestones/").json()
    assert milestones[0]["streak_days"] >= 40
    assert milestones[0]["reached"]


def test_pages_are_stable_when_check_ins_are_added_meanwhile(world, program, api):
    today = world.owner.local_today()
    for back in range(1, 8):
        _checkin(world.owner, program, today - datetime.timedelta(days=back))
    first = api.get("/api/v1/checkins/?size=3").json()
    _checkin(world.owner, program, today)  # a new day arrives while the client pages
    seen = [item["date"] for item in first["items"]]
    url = first["next"]
    while url:
        page = api.get(url).json()
        seen += [item["date"] for item in page["items"]]
        url = page["next"]
    expected = [(today - datetime.timedelta(days=back)).isoformat() for back in range(1, 8)]
    assert seen == expected


def test_a_bad_cursor_is_a_400(world, api):
    response = api.get("/api/v1/checkins/?cursor=bm90LWEtY3Vyc29y")
    assert response.status_code == 400
    assert response.json()["detail"]


def test_etag_answers_304_until_the_data_changes(world, program, api):
    first = api.get("/api/v1/checkins/")
    etag = first["ETag"]
    assert etag
    assert api.get("/api/v1/checkins/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    _checkin(world.owner, program, world.owner.local_today())
    assert api.get("/api/v1/checkins/", HTTP_IF_NONE_MATCH=etag).status_code == 200


@override_settings(TANDEM_API_RATE_PER_MINUTE=3)
def test_a_token_past_its_rate_gets_429_with_retry_after(world):
    _, secret = issue(world.owner)
    api = bearer(secret)
    assert [api.get("/api/v1/slips/").status_code for _ in range(3)] == [200, 200, 200]
    response = api.get("/api/v1/slips/")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response.json()["detail"]
    other = bearer(issue(world.owner, name="another")[1])
    assert other.get("/api/v1/slips/").status_code == 200


def _bulk_history(user, program, days: int):
    today = user.local_today()
    CheckIn.objects.bulk_create(
        CheckIn(
            owner=user,
            program=program,
            local_date=today - datetime.timedelta(days=back),
            stayed_out=True,
            urge_level=back % 11,
            entered_on=today,
        )
        for back in range(days)
    )


@pytest.mark.parametrize("days", [30, 3650])
def test_the_check_in_list_costs_the_same_queries_for_a_month_and_ten_years(
    world, django_assert_num_queries, days, api
):
    program = make_program(world.owner, sobriety_date=world.owner.local_today() - datetime.timedelta(days=days + 1))
    _bulk_history(world.owner, program, days)
    api.get("/api/v1/checkins/")  # the token's last use is marked once a minute, not on every call
    # The token, the page of check-ins, their ticked items, their ticked triggers.
    with django_assert_num_queries(4):
        response = api.get("/api/v1/checkins/")
    assert len(response.json()["items"]) == min(days, 50)
    with django_assert_num_queries(4):
        assert api.get(response.json()["next"] or "/api/v1/checkins/").status_code == 200


# --- what others share with me -------------------------------------------------------------------


def test_shared_with_me_lists_exactly_the_granted_scopes(world):
    therapist = bearer(issue(world.therapist, scopes=["shared:read"])[1])
    listed = therapist.get("/api/v1/shared/").json()
    assert [p["id"] for p in listed] == [world.owner.pk]
    assert {s["key"] for s in listed[0]["scopes"]} == world.shares["therapist"]
    partner = bearer(issue(world.partner, scopes=["shared:read"])[1])
    data = partner.get(f"/api/v1/shared/{world.owner.pk}/").json()
    assert [s["scope"] for s in data["sections"]] == ["sobriety"]
    assert bearer(issue(world.other_client, scopes=["shared:read"])[1]).get("/api/v1/shared/").json() == []


def test_each_shared_read_is_logged_as_a_page_read_and_a_revoke_holds_next_request(world, program):
    _checkin(world.owner, program, world.owner.local_today(), note="for Dr Lee")
    therapist = bearer(issue(world.therapist, scopes=["shared:read"])[1])
    url = f"/api/v1/shared/{world.owner.pk}/"
    data = therapist.get(url).json()
    assert {s["scope"] for s in data["sections"]} == world.shares["therapist"]
    checkins = next(s for s in data["sections"] if s["scope"] == "checkins")
    assert checkins["data"]["checkins"][0]["note"] == "for Dr Lee"
    logged = set(AccessLogEntry.objects.filter(viewer=world.therapist).values_list("scope", "object_kind"))
    assert logged == {(scope, "panel") for scope in world.shares["therapist"]}

    grant = Grant.objects.get(link=world.links["therapist"], scope="checkins", revoked_at__isnull=True)
    sharing.revoke(grant, by=world.owner)
    after = therapist.get(url).json()
    assert "checkins" not in {s["scope"] for s in after["sections"]}

    world.revoke_all()
    assert therapist.get(url).status_code == 404


def test_someone_who_shares_nothing_with_me_is_404(world):
    therapist = bearer(issue(world.therapist, scopes=["shared:read"])[1])
    assert therapist.get(f"/api/v1/shared/{world.other_client.pk}/").status_code == 404
    assert therapist.get("/api/v1/shared/999999/").status_code == 404
    assert therapist.get(f"/api/v1/shared/{world.therapist.pk}/").status_code == 404
    assert not AccessLogEntry.objects.filter(viewer=world.therapist).exists()
