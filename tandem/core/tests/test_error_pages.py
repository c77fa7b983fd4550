"""404, 403 and 500 pages: the product's layout, phone viewport, Quick exit and Crisis help."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse
from django.views import defaults


def _looks_like_ours(html):
    assert 'name="viewport"' in html
    assert 'class="button crisis-link"' in html
    assert 'id="quick-exit"' in html
    assert "tandem.css" in html
    assert html.count("<h1") == 1


@pytest.mark.django_db
def test_not_found_page_is_in_our_layout(client, world):
    client.force_login(world.owner)
    response = client.get("/no-such-page-here/")
    assert response.status_code == 404
    html = response.content.decode()
    _looks_like_ours(html)
    assert "couldn't find that page" in html


@pytest.mark.django_db
def test_forbidden_page_is_in_our_layout():
    request = RequestFactory().get("/somewhere/")
    request.user = AnonymousUser()
    response = defaults.permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    html = response.content.decode()
    _looks_like_ours(html)
    assert "isn't open to you" in html


def test_server_error_page_renders_without_request_context_or_database():
    # no django_db mark: any database query would raise here
    response = defaults.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    _looks_like_ours(html)
    assert "Something went wrong" in html


def test_the_domestic_violence_number_is_one_tap_away(client, db):
    html = client.get(reverse("crisis")).content.decode()
    assert 'href="tel:18007997233"' in html
    assert "Call 1-800-799-7233" in html
