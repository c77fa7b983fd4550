"""Personal access tokens: made on the settings page, shown once, stored hashed, refused when
expired, revoked or short of a scope — always with a JSON body, never a page."""

import datetime
import time

import pytest
import time_machine
from django.utils import timezone

from tandem.api.models import ApiToken
from tandem.sharing.models import AuditEvent
from tests.support.world import page_text

from .conftest import bearer, issue

FORM = {"name": "My spreadsheet", "scopes": ["recovery:read", "shared:read"], "expiry": "30"}


def _make_on_page(client):
    response = client.post("/me/tokens/", FORM)
    assert response.status_code == 200
    token = ApiToken.objects.get(name="My spreadsheet")
    secret = next(word for word in page_text(response).split('"') if word.startswith("tdm_") and len(word) > 30)
    return response, token, secret


def test_a_token_is_shown_once_and_only_its_hash_is_kept(world):
    client = world.client_for("owner")
    response, token, secret = _make_on_page(client)
    assert "Copy it now" in page_text(response)
    assert token.owner == world.owner
    assert token.scopes == ["recovery:read", "shared:read"]
    assert secret not in {token.digest, token.prefix, token.name}
    assert secret.startswith(token.prefix)
    assert len(token.digest) == 64
    assert (timezone.now() + datetime.timedelta(days=30) - token.expires_at) < datetime.timedelta(minutes=1)
    listing = page_text(client.get("/me/tokens/"))
    assert secret not in listing
    assert token.prefix in listing
    assert AuditEvent.objects.filter(action="api.token_created", actor=world.owner).count() == 1


def test_the_form_keeps_what_was_typed_and_says_what_is_missing(world):
    client = world.client_for("owner")
    response = client.post("/me/tokens/", {"name": "Half done", "expiry": "90"})
    assert response.status_code == 400
    text = page_text(response)
    assert "Please choose at least one thing this token may do." in text
    assert 'value="Half done"' in text
    assert not ApiToken.objects.exists()


def test_never_is_not_an_expiry(world):
    response = world.client_for("owner").post("/me/tokens/", {**FORM, "expiry": "36500"})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_a_token_reads_and_its_last_use_is_marked(world):
    token, secret = issue(world.owner)
    response = bearer(secret).get("/api/v1/checkins/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert "Not yet" not in page_text(world.client_for("owner").get("/me/tokens/"))


@pytest.mark.parametrize(
    "header",
    ["", "Bearer ", "Bearer tdm_not-a-token", "Basic dXNlcjpwYXNz", "Bearer " + "x" * 500],
)
def test_no_or_unknown_token_is_a_json_401_not_a_sign_in_page(db, client, header):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.get("/api/v1/checkins/", **extra)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]
    assert "Bearer" in response["WWW-Authenticate"]


def test_an_expired_token_is_refused(world):
    _, secret = issue(world.owner, days=30)
    assert bearer(secret).get("/api/v1/checkins/").status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(days=30, minutes=1)):
        response = bearer(secret).get("/api/v1/checkins/")
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


def test_a_revoked_token_is_refused_on_the_next_request(world):
    token, secret = issue(world.owner)
    api = bearer(secret)
    assert api.get("/api/v1/checkins/").status_code == 200
    response = world.client_for("owner").post(f"/me/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    after = api.get("/api/v1/checkins/")
    assert after.status_code == 401
    assert after["Content-Type"].startswith("application/json")
    assert AuditEvent.objects.filter(action="api.token_revoked", actor=world.owner).count() == 1
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_someone_else_cannot_revoke_my_token(world):
    token, _ = issue(world.owner)
    assert world.client_for("other_client").post(f"/me/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_token_without_the_scope_gets_a_json_403(world):
    _, secret = issue(world.owner, scopes=["fellowship:read"])
    response = bearer(secret).get("/api/v1/checkins/")
    assert response.status_code == 403
    assert response.json() == {"detail": "This token does not carry the recovery:read scope."}
    read_only = bearer(issue(world.owner, scopes=["recovery:read"])[1])
    assert read_only.post("/api/v1/urges/", {}, content_type="application/json").status_code == 403


def test_a_deactivated_account_s_token_stops_working(world):
    _, secret = issue(world.owner)
    world.owner.is_active = False
    world.owner.save(update_fields=["is_active"])
    assert bearer(secret).get("/api/v1/checkins/").status_code == 401


def _mfa_session(client, user):
    session = client.session
    session["account_authentication_methods"] = [{"method": "mfa", "at": time.time(), "type": "totp"}]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


def test_a_therapist_makes_a_token_only_in_a_session_that_used_the_second_step(world):
    client = world.client_for("therapist")
    page = page_text(client.get("/me/tokens/"))
    assert "Confirm with your second step" in page
    assert client.post("/me/tokens/", FORM).status_code == 400
    assert not ApiToken.objects.exists()
    _mfa_session(client, world.therapist)
    assert client.post("/me/tokens/", FORM).status_code == 200
    assert ApiToken.objects.filter(owner=world.therapist).count() == 1


def test_a_session_write_needs_the_csrf_token(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.owner)
    response = client.post("/api/v1/urges/", {}, content_type="application/json")
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/json")
    assert client.get("/api/v1/urges/").status_code == 200


@pytest.mark.parametrize("url", ["/api/v1/", "/api/v1/no-such-thing/", "/api/v2/checkins/", "/api/"])
def test_unknown_api_addresses_are_json_404s(db, client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_tokens_are_in_the_export_without_their_hash_and_go_with_the_account(world):
    from tandem.sharing.erasure import erase_account
    from tandem.sharing.export import export_for

    token, secret = issue(world.owner, name="phone")
    exported = export_for(world.owner)["data"]["api.apitoken"]
    assert [row["name"] for row in exported] == ["phone"]
    assert "digest" not in exported[0]
    erase_account(world.owner)
    assert not ApiToken.objects.filter(pk=token.pk).exists()
    assert bearer(secret).get("/api/v1/checkins/").status_code == 401


def test_a_session_that_timed_out_gets_a_json_401_not_the_sign_in_page(world):
    client = world.client_for("owner")
    assert client.get("/api/v1/checkins/").status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=13)):
        response = client.get("/api/v1/checkins/")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")


def test_a_method_an_address_does_not_take_is_a_json_405(world):
    _, secret = issue(world.owner)
    response = bearer(secret).delete("/api/v1/checkins/")
    assert response.status_code == 405
    assert response.json()["detail"]
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "POST"}
