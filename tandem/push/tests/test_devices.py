"""The devices page, the subscribe call's validation, the key check, export and erasure."""

import json

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from django.core import checks
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tandem.push.checks import vapid_key
from tandem.push.keys import b64url, new_private_key, server_key
from tandem.push.models import PushSubscription
from tandem.push.tests.helpers import BrowserKeys, subscribe
from tandem.sharing.erasure import erase_account
from tandem.sharing.export import export_for

ENDPOINT = "https://fcm.googleapis.com/fcm/send/device-abc"


def _post(client, body):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post("/me/devices/subscribe/", data=data, content_type="application/json")


def test_a_browser_subscription_is_saved_encrypted_with_the_key_fingerprint(world):
    keys = BrowserKeys()
    response = _post(world.client_for("owner"), keys.as_json(ENDPOINT, label="Kitchen tablet"))

    assert response.status_code == 201
    device = PushSubscription.objects.get(owner=world.owner)
    assert response.json() == {"id": device.pk, "label": "Kitchen tablet"}
    assert (device.endpoint, device.p256dh, device.auth) == (ENDPOINT, keys.p256dh, keys.auth)
    assert device.key_fingerprint == server_key().fingerprint
    with connection.cursor() as cursor:
        cursor.execute("SELECT endpoint, p256dh, auth, label FROM push_pushsubscription")
        stored = " ".join(cursor.fetchone())
    for secret in ("device-abc", keys.p256dh, keys.auth, "Kitchen"):
        assert secret not in stored


def test_subscribing_again_from_the_same_browser_keeps_one_row(world):
    keys = BrowserKeys()
    client = world.client_for("owner")
    _post(client, keys.as_json(ENDPOINT))
    _post(client, keys.as_json(ENDPOINT, label="Phone"))
    assert PushSubscription.objects.filter(owner=world.owner).count() == 1


def test_another_person_signing_in_on_the_same_browser_takes_the_subscription_over(world):
    keys = BrowserKeys()
    _post(world.client_for("owner"), keys.as_json(ENDPOINT))
    _post(world.client_for("partner"), keys.as_json(ENDPOINT))
    assert list(PushSubscription.objects.values_list("owner", flat=True)) == [world.partner.pk]


def test_a_renewed_subscription_replaces_the_one_made_with_the_old_key(world):
    old = subscribe(world.owner, ENDPOINT, fingerprint="0" * 32)
    new_endpoint = ENDPOINT + "-renewed"
    response = _post(world.client_for("owner"), BrowserKeys().as_json(new_endpoint, previous_endpoint=ENDPOINT))

    assert response.status_code == 201
    [device] = PushSubscription.objects.filter(owner=world.owner)
    assert device.endpoint == new_endpoint
    assert device.label == old.label
    assert device.key_fingerprint == server_key().fingerprint


def _short_p256dh():
    return b64url(b"\x04" + b"\x01" * 63)


def _off_curve_p256dh():
    return b64url(b"\x04" + b"\x01" * 64)


def _compressed_p256dh():
    return b64url(b"\x02" + b"\x01" * 32)


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (b"{not json", "does not look like"),
        (b"\xff\xfe", "does not look like"),
        ("[]", "does not look like"),
        ({"endpoint": ENDPOINT}, "does not look like"),
        ({"endpoint": ENDPOINT, "keys": "x"}, "does not look like"),
        ({"endpoint": 12, "keys": {"p256dh": "a", "auth": "b"}}, "does not look like"),
        ("x" * 9000, "does not look like"),
        ({"endpoint": ENDPOINT, "keys": {"p256dh": _short_p256dh(), "auth": b64url(b"a" * 16)}}, "65 bytes"),
        ({"endpoint": ENDPOINT, "keys": {"p256dh": _off_curve_p256dh(), "auth": b64url(b"a" * 16)}}, "65 bytes"),
        ({"endpoint": ENDPOINT, "keys": {"p256dh": _compressed_p256dh(), "auth": b64url(b"a" * 16)}}, "65 bytes"),
        ({"endpoint": ENDPOINT, "keys": {"p256dh": "not base64!", "auth": b64url(b"a" * 16)}}, "65 bytes"),
        ({"endpoint": ENDPOINT, "keys": {"p256dh": BrowserKeys().p256dh, "auth": b64url(b"a" * 15)}}, "16 bytes"),
        ({"endpoint": ENDPOINT, "keys": {"p256dh": BrowserKeys().p256dh, "auth": "***"}}, "16 bytes"),
        ({"endpoint": ENDPOINT, "keys": {"p256dh": BrowserKeys().p256dh, "auth": ""}}, "required"),
    ],
)
def test_a_malformed_subscription_gets_a_clear_json_400_and_nothing_is_saved(world, body, says):
    response = _post(world.client_for("owner"), body)
    assert response.status_code == 400
    assert says in response.json()["error"]
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize(
    ("endpoint", "says"),
    [
        ("https://10.0.0.1/push", "private address"),
        ("https://169.254.169.254/latest", "private address"),
        ("http://fcm.googleapis.com/fcm/send/x", "https://"),
        ("https://push.attacker.example/x", "push service"),
    ],
)
def test_an_endpoint_we_would_not_send_to_is_refused_and_nothing_is_saved(world, endpoint, says):
    response = _post(world.client_for("owner"), BrowserKeys().as_json(endpoint))
    assert response.status_code == 400
    assert says in response.json()["error"]
    assert not PushSubscription.objects.exists()


def test_subscribing_when_push_is_off_says_so(world, settings):
    settings.TANDEM_VAPID_PRIVATE_KEY = ""
    response = _post(world.client_for("owner"), BrowserKeys().as_json(ENDPOINT))
    assert response.status_code == 400
    assert "not set up" in response.json()["error"]


def _queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return len(queries)


def test_the_page_costs_the_same_queries_whatever_the_number_of_devices(world):
    client = world.client_for("owner")
    subscribe(world.owner, ENDPOINT)
    client.get("/me/devices/")
    one = _queries(client, "/me/devices/")
    for n in range(5):
        subscribe(world.owner, f"{ENDPOINT}-{n}")
    assert _queries(client, "/me/devices/") == one


def test_the_page_lists_own_devices_and_the_key_for_the_browser(world):
    subscribe(world.owner, ENDPOINT)
    subscribe(world.partner, ENDPOINT + "-partner")
    client = world.client_for("owner")
    response = client.get("/me/devices/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "My phone" in page
    assert f'data-key="{server_key().public_key}"' in page
    assert 'data-renew="0"' in page
    assert page.count("/remove/") == 1
    assert "device-abc" not in page  # the endpoint is never shown


def test_the_page_speaks_of_the_site_by_its_configured_name(world, settings):
    settings.TANDEM_SITE_NAME = "Notes"
    main = world.client_for("owner").get("/me/devices/").content.decode().split('id="main"', 1)[1]
    assert "whether Notes may show notifications" in main
    assert "Tandem" not in main


def test_a_rotated_key_asks_devices_to_subscribe_again(world, settings):
    subscribe(world.owner, ENDPOINT)
    settings.TANDEM_VAPID_PRIVATE_KEY = new_private_key()
    page = world.client_for("owner").get("/me/devices/").content.decode()
    assert 'data-renew="1"' in page
    assert "need reminders turned on again" in page
    assert "(turn on again)" in page


def test_the_page_says_when_push_is_not_set_up(world, settings):
    settings.TANDEM_VAPID_PRIVATE_KEY = "garbage"
    response = world.client_for("owner").get("/me/devices/")
    assert response.status_code == 200
    assert "not set up on this server" in response.content.decode()
    assert b"push-on" not in response.content


def test_removing_a_device(world):
    device = subscribe(world.owner, ENDPOINT)
    response = world.client_for("owner").post(f"/me/devices/{device.pk}/remove/", follow=True)
    assert not PushSubscription.objects.filter(pk=device.pk).exists()
    assert "will get no more reminders" in response.content.decode()


def test_another_persons_device_is_a_404_and_stays(world):
    device = subscribe(world.partner, ENDPOINT)
    assert world.client_for("owner").post(f"/me/devices/{device.pk}/remove/").status_code == 404
    assert PushSubscription.objects.filter(pk=device.pk).exists()


def test_removing_asks_for_confirmation_and_only_by_post(world):
    device = subscribe(world.owner, ENDPOINT)
    client = world.client_for("owner")
    assert 'data-confirm="Remove' in client.get("/me/devices/").content.decode()
    assert client.get(f"/me/devices/{device.pk}/remove/").status_code == 405


def test_a_test_reminder_goes_to_the_devices_and_says_how_many(world, receiver):
    subscribe(world.owner, f"{receiver.base}/phone")
    response = world.client_for("owner").post("/me/devices/test/", follow=True)
    assert "went to 1 device." in response.content.decode()
    assert len(receiver.deliveries) == 1


def test_a_test_reminder_without_devices_says_what_to_do(world):
    response = world.client_for("owner").post("/me/devices/test/", follow=True)
    assert "Turn reminders on for this device" in response.content.decode()


def test_the_account_page_links_to_the_devices(world):
    assert 'href="/me/devices/"' in world.client_for("owner").get("/me/").content.decode()


def test_the_export_lists_devices_without_their_keys(world):
    subscribe(world.owner, ENDPOINT)
    [row] = export_for(world.owner)["data"]["push.pushsubscription"]
    assert row["label"] == "My phone"
    assert not {"endpoint", "endpoint_digest", "p256dh", "auth"} & set(row)


def test_erasing_the_account_deletes_its_devices(world):
    subscribe(world.owner, ENDPOINT)
    erase_account(world.owner)
    assert not PushSubscription.objects.exists()


def _check_ids():
    return [message.id for message in vapid_key()]


def test_a_good_key_passes_the_check():
    assert _check_ids() == []


@pytest.mark.parametrize("bad", ["not a key", "QUJD", "-----BEGIN PRIVATE KEY-----\nxx\n-----END PRIVATE KEY-----"])
def test_a_key_that_does_not_parse_is_an_error_at_start_up(settings, bad):
    settings.TANDEM_VAPID_PRIVATE_KEY = bad
    [message] = vapid_key()
    assert message.id == "push.E001"
    assert message.level == checks.ERROR
    assert "does not parse" in message.msg


def test_a_key_of_another_curve_is_an_error(settings):
    from cryptography.hazmat.primitives import serialization

    other = ec.generate_private_key(ec.SECP384R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    settings.TANDEM_VAPID_PRIVATE_KEY = other.decode()
    [message] = vapid_key()
    assert message.id == "push.E001"


def test_a_public_key_that_is_not_the_private_keys_half_is_an_error(settings):
    settings.TANDEM_VAPID_PUBLIC_KEY = BrowserKeys().p256dh
    [message] = vapid_key()
    assert "not the public half" in message.msg


def test_a_subject_that_is_not_mailto_or_https_is_an_error(settings):
    settings.TANDEM_VAPID_SUBJECT = "admin@example.org"
    [message] = vapid_key()
    assert "TANDEM_VAPID_SUBJECT" in message.msg


def test_no_key_is_a_note_that_push_is_off(settings):
    settings.TANDEM_VAPID_PRIVATE_KEY = ""
    assert _check_ids() == ["push.I001"]
