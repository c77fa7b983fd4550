"""Which endpoints Tandem sends to: https hosts of known push services, nothing private."""

import socket

import pytest

from tandem.push.endpoints import EndpointRefused, check_endpoint


def _resolves_to(monkeypatch, address):
    def fake(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", fake)


def _no_dns(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("an exactly listed host needs no lookup")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://fcm.googleapis.com/fcm/send/abc",
        "https://updates.push.services.mozilla.com/wpush/v2/abc",
        "https://web.push.apple.com/QGx",
        "https://FCM.googleapis.com:443/fcm/send/abc",
    ],
)
def test_known_push_services_are_accepted_without_a_lookup(endpoint, monkeypatch):
    _no_dns(monkeypatch)
    assert check_endpoint(endpoint) == endpoint


def test_a_wildcard_host_that_resolves_publicly_is_accepted(monkeypatch):
    _resolves_to(monkeypatch, "20.42.0.1")
    assert check_endpoint("https://db5p.notify.windows.com/w/?token=x")


@pytest.mark.parametrize("address", ["10.0.0.5", "127.0.0.1", "169.254.169.254", "192.168.1.1", "::1", "fd00::1"])
def test_a_wildcard_host_that_resolves_to_a_private_address_is_refused(address, monkeypatch):
    _resolves_to(monkeypatch, address)
    with pytest.raises(EndpointRefused, match="private"):
        check_endpoint("https://db5p.notify.windows.com/w/?token=x")


def test_a_wildcard_host_that_does_not_resolve_is_refused(monkeypatch):
    def fail(*args, **kwargs):
        raise socket.gaierror("no such host")

    monkeypatch.setattr(socket, "getaddrinfo", fail)
    with pytest.raises(EndpointRefused):
        check_endpoint("https://nowhere.notify.windows.com/w/")


@pytest.mark.parametrize(
    ("endpoint", "reason"),
    [
        ("", "no endpoint"),
        ("http://fcm.googleapis.com/fcm/send/abc", "https://"),
        ("ftp://fcm.googleapis.com/x", "https://"),
        ("javascript:alert(1)", "https://"),
        ("https:///fcm/send", "not a valid"),
        ("https://user:pw@fcm.googleapis.com/x", "not a valid"),
        ("https://fcm.googleapis.com:99999/x", "not a valid"),
        ("https://fcm.googleapis.com.attacker.example/x", "push service"),
        ("https://evil.example/fcm.googleapis.com", "push service"),
        ("https://notify.windows.com/x", "push service"),  # *.domain needs a name under it
        ("https://localhost/x", "push service"),
        ("https://10.0.0.1/x", "private"),
        ("https://127.0.0.1:8000/x", "private"),
        ("https://169.254.169.254/latest/meta-data", "private"),
        ("https://[::1]/x", "private"),
        ("https://fcm.googleapis.com/" + "a" * 2100, "too long"),
    ],
)
def test_bad_endpoints_are_refused_with_a_reason(endpoint, reason, monkeypatch):
    _no_dns(monkeypatch)
    with pytest.raises(EndpointRefused, match=reason):
        check_endpoint(endpoint)


def test_a_local_receiver_is_accepted_only_when_listed_and_http_allowed(settings):
    local = "http://127.0.0.1:8765/device"
    with pytest.raises(EndpointRefused):
        check_endpoint(local)
    settings.TANDEM_PUSH_SERVICES = [*settings.TANDEM_PUSH_SERVICES, "127.0.0.1"]
    with pytest.raises(EndpointRefused, match="https://"):
        check_endpoint(local)
    settings.TANDEM_PUSH_ALLOW_HTTP = True
    assert check_endpoint(local) == local


def test_production_settings_never_allow_plain_http():
    from tandem import settings as real

    assert real.TANDEM_PUSH_ALLOW_HTTP is False
