"""Push end to end, without the internet: a local push receiver records what send_to_person
sends; the test holds the browser's private key and auth secret and decrypts the body."""

import json
import logging

import http_ece
import pytest
from py_vapid import Vapid02

from tandem.push import api
from tandem.push.keys import server_key
from tandem.push.models import PushSubscription
from tandem.push.tests.helpers import BrowserKeys, subscribe

DISCREET = {"title": "You have a reminder", "body": "Open the app to see it.", "url": "/", "tag": "checkin"}


def test_a_reminder_arrives_encrypted_and_decrypts_to_the_discreet_text(world, receiver):
    keys = BrowserKeys()
    device = subscribe(world.owner, f"{receiver.base}/device-1", keys=keys)

    assert api.send_to_person(world.owner, **DISCREET) == 1

    [delivery] = receiver.deliveries
    assert delivery.path == "/device-1"
    assert delivery.headers["content-encoding"] == "aes128gcm"
    assert delivery.headers["ttl"] == str(api.TTL_SECONDS)
    assert b"reminder" not in delivery.body
    assert b"checkin" not in delivery.body
    plain = http_ece.decrypt(
        delivery.body, private_key=keys.private_key, auth_secret=keys.auth_secret, version="aes128gcm"
    )
    assert json.loads(plain) == DISCREET
    assert list(json.loads(plain)) == ["title", "body", "url", "tag"]
    # Signed with the server's VAPID key, for this push service's origin.
    authorization = delivery.headers["authorization"]
    assert authorization.startswith("vapid t=")
    assert f"k={server_key().public_key}" in authorization
    assert Vapid02.verify(authorization)
    device.refresh_from_db()
    assert device.last_success_at is not None


def test_every_device_of_the_person_is_reached_and_no_one_elses(world, receiver):
    subscribe(world.owner, f"{receiver.base}/phone")
    subscribe(world.owner, f"{receiver.base}/laptop")
    subscribe(world.partner, f"{receiver.base}/partner")

    assert api.send_to_person(world.owner, **DISCREET) == 2
    assert sorted(d.path for d in receiver.deliveries) == ["/laptop", "/phone"]


@pytest.mark.parametrize("status", [404, 410])
def test_an_expired_subscription_is_pruned(world, receiver, status):
    receiver.answers["/gone"] = status
    gone = subscribe(world.owner, f"{receiver.base}/gone")
    kept = subscribe(world.owner, f"{receiver.base}/here")

    assert api.send_to_person(world.owner, **DISCREET) == 1
    assert list(PushSubscription.objects.filter(owner=world.owner)) == [kept]
    assert not PushSubscription.objects.filter(pk=gone.pk).exists()


@pytest.mark.parametrize("status", [400, 403, 413, 429, 500, 503, 307])
def test_other_answers_are_logged_and_counted_never_raised(world, receiver, status, caplog):
    receiver.answers["/busy"] = status
    device = subscribe(world.owner, f"{receiver.base}/busy")

    with caplog.at_level(logging.WARNING, logger="tandem.push.api"):
        assert api.send_to_person(world.owner, **DISCREET) == 0
    assert PushSubscription.objects.filter(pk=device.pk).exists()
    assert len(receiver.deliveries) == 1  # a redirect is not followed
    assert str(status) in caplog.text


def test_a_push_service_that_does_not_answer_is_counted_not_raised(world, receiver):
    receiver.server.server_close()  # nothing listens on that port any more
    subscribe(world.owner, f"{receiver.base}/device")
    assert api.send_to_person(world.owner, **DISCREET) == 0


def test_the_allow_list_is_checked_again_when_sending(world, receiver, settings):
    device = subscribe(world.owner, f"{receiver.base}/device")
    settings.TANDEM_PUSH_SERVICES = ["fcm.googleapis.com"]  # the local receiver is no longer listed

    assert api.send_to_person(world.owner, **DISCREET) == 0
    assert receiver.deliveries == []
    assert PushSubscription.objects.filter(pk=device.pk).exists()


def test_plain_http_is_refused_when_sending_unless_the_test_setting_allows_it(world, receiver, settings):
    subscribe(world.owner, f"{receiver.base}/device")
    settings.TANDEM_PUSH_ALLOW_HTTP = False
    assert api.send_to_person(world.owner, **DISCREET) == 0
    assert receiver.deliveries == []


def test_a_subscription_made_with_an_older_key_is_not_sent_to(world, receiver):
    subscribe(world.owner, f"{receiver.base}/old", fingerprint="0" * 32)
    assert api.send_to_person(world.owner, **DISCREET) == 0
    assert receiver.deliveries == []


def test_no_key_means_push_is_off_and_nothing_is_sent(world, receiver, settings):
    subscribe(world.owner, f"{receiver.base}/device")
    settings.TANDEM_VAPID_PRIVATE_KEY = "not a key"
    assert api.is_available() is False
    assert api.public_key() is None
    assert api.send_to_person(world.owner, **DISCREET) == 0
    assert receiver.deliveries == []


def test_sending_to_a_person_costs_one_query_plus_one_per_device_reached(world, receiver, django_assert_num_queries):
    subscribe(world.owner, f"{receiver.base}/a")
    subscribe(world.owner, f"{receiver.base}/b")
    with django_assert_num_queries(3):  # the list, then one last-success update per device
        assert api.send_to_person(world.owner, **DISCREET) == 2


def test_a_name_that_resolves_privately_when_sending_is_not_reached(world, receiver, settings, monkeypatch, caplog):
    """DNS rebinding: the wildcard host looked public when checked, then resolves to this
    machine when the connection is made. The address actually reached is checked too."""
    import socket

    from tandem.push import endpoints

    port = receiver.server.server_address[1]
    settings.TANDEM_PUSH_SERVICES = ["*.push.example"]
    real_getaddrinfo = socket.getaddrinfo

    def rebinding(host, *args, **kwargs):
        if host == "device.push.example":
            return real_getaddrinfo("127.0.0.1", *args, **kwargs)
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(endpoints, "_resolves_publicly", lambda host, port: True)
    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    device = subscribe(world.owner, f"http://device.push.example:{port}/device")

    with caplog.at_level(logging.WARNING, logger="tandem.push.api"):
        assert api.send_to_person(world.owner, **DISCREET) == 0
    assert receiver.deliveries == []
    assert PushSubscription.objects.filter(pk=device.pk).exists()


def test_an_exactly_listed_host_may_be_on_this_machine(world, receiver):
    subscribe(world.owner, f"{receiver.base}/device")
    assert api.send_to_person(world.owner, **DISCREET) == 1
