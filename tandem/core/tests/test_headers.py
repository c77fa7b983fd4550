"""Security headers on every route, for the people who may reach it."""

import pytest
from django.urls import get_resolver, reverse

from tandem.core.routes import PUBLIC_ROUTES, all_routes
from tests.support.matrix import route_url


def assert_secure_headers(response, where):
    csp = response["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ):
        assert directive in csp, (where, directive)
    assert "unsafe-inline" not in csp, where
    assert "unsafe-eval" not in csp, where
    if response.status_code == 200 and response["Content-Type"].startswith("text/html") and where != "neutral":
        assert "'nonce-" in csp, where
    assert response["X-Content-Type-Options"] == "nosniff", where
    assert response["Referrer-Policy"] == "no-referrer", where
    assert "camera=()" in response["Permissions-Policy"], where
    assert "no-store" in response["Cache-Control"], where
    assert response["X-Frame-Options"] == "DENY", where


GET_ROUTES = sorted(name for name, route in all_routes().items() if route.method == "GET")


@pytest.mark.parametrize("route_name", GET_ROUTES)
def test_signed_in_pages_carry_every_security_header(world, route_name):
    route = all_routes()[route_name]
    response = world.client_for("owner").get(route_url(route, world))
    assert_secure_headers(response, route_name)


# Public pages whose address carries a key: any key will do, a wrong one gets a page too.
PUBLIC_ARGS = {"account_confirm_email": ["not-a-key"], "account_reset_password_from_key": ["0", "not-a-key"]}
# The names this site mounts: PUBLIC_ROUTES also lists allauth features left off here (login codes, passkeys).
MOUNTED = {name for name in get_resolver().reverse_dict if isinstance(name, str)}


@pytest.mark.parametrize(
    "route_name",
    sorted(n for n in PUBLIC_ROUTES & MOUNTED if n not in {"invitation_landing", "staff_invitation", "calendar_feed"}),
)
def test_public_pages_carry_every_security_header(client, db, route_name):
    response = client.get(reverse(route_name, args=PUBLIC_ARGS.get(route_name, ())))
    assert_secure_headers(response, route_name)


def test_each_response_gets_its_own_nonce(client, db):
    first = client.get(reverse("crisis"))["Content-Security-Policy"]
    second = client.get(reverse("crisis"))["Content-Security-Policy"]
    assert first != second


def test_session_and_csrf_cookies_are_httponly_and_samesite(client, world):
    client.post(reverse("account_login"), {"login": world.owner.email, "password": "correct horse battery staple"})
    session_cookie = client.cookies["sid"]
    assert session_cookie["httponly"]
    assert session_cookie["samesite"] == "Lax"


def test_static_files_may_be_cached(client, db):
    response = client.get("/static/tandem/css/tandem.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
