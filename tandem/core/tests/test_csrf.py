"""Forms from other sites are refused; ours are accepted under `Referrer-Policy: no-referrer`; and a
refused form gets a page a person can act on, inside the site's layout."""

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _token(client: Client) -> str:
    client.get("/account/login/")
    return client.cookies["csrftoken"].value


def test_our_own_form_is_accepted_when_the_browser_sends_origin_null_from_the_same_site():
    client = Client(enforce_csrf_checks=True)
    token = _token(client)

    answer = client.post(
        "/account/login/",
        {"csrfmiddlewaretoken": token, "login": "nobody@example.org", "password": "wrong"},
        HTTP_ORIGIN="null",
        HTTP_SEC_FETCH_SITE="same-origin",
    )

    assert answer.status_code == 200  # the form with its error, not a refusal
    assert b"That form couldn" not in answer.content


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "null"},
        {"HTTP_ORIGIN": "null", "HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_ORIGIN": "https://elsewhere.example", "HTTP_SEC_FETCH_SITE": "same-origin"},
    ],
    ids=["origin null, nothing else", "origin null from another site", "another origin"],
)
def test_a_form_from_another_site_is_refused_even_with_a_token(headers):
    client = Client(enforce_csrf_checks=True)
    token = _token(client)

    answer = client.post("/account/login/", {"csrfmiddlewaretoken": token, "login": "a@b.org"}, **headers)

    assert answer.status_code == 403


def test_a_refused_form_gets_a_page_to_act_on_in_the_sites_layout(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.owner)

    answer = client.post("/checkin/", {"mood": "3"})

    assert answer.status_code == 403
    html = answer.content.decode()
    assert re.search(r"<h1>That form couldn(’|'|&#x27;|&#39;)t be sent</h1>", html)
    assert "Go back, reload the page and send it again." in html
    assert 'class="button crisis-link"' in html
    assert 'id="quick-exit"' in html
    assert "CSRF" not in html  # Django's reason is for the log, not for the person
