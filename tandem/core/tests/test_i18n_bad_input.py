"""A language Tandem does not speak, asked for by the browser, a cookie, the address (set_language)
or the account, gives the
page in English (status 200, <html lang="en">), never an error; a Spanish variant gives Spanish.
(A broken placeholder in a catalogue is caught by the catalogue test: test_i18n_catalogues.py.)"""

import re

import pytest

UNKNOWN = ["xx", "zz-ZZ", "../../etc/passwd", "es;q=abc", "*", "ñ", "x" * 300]


def html_lang(response) -> str:
    match = re.search(r'<html[^>]*\blang="([^"]*)"', response.content.decode())
    return match.group(1) if match else ""


@pytest.fixture
def world(module_world):
    return module_world


@pytest.fixture
def pages(world):
    return {"anonymous": ("/account/login/", world.client_for("anonymous")), "owner": ("/", world.client_for("owner"))}


@pytest.mark.parametrize("persona", ["anonymous", "owner"])
@pytest.mark.parametrize("code", UNKNOWN)
def test_an_unknown_language_from_the_browser_gives_english(pages, persona, code):
    url, client = pages[persona]
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=code, follow=True)
    assert response.status_code == 200
    assert html_lang(response) == "en"


@pytest.mark.parametrize("persona", ["anonymous", "owner"])
@pytest.mark.parametrize("code", UNKNOWN)
def test_an_unknown_language_in_the_cookie_gives_english(pages, persona, code):
    url, client = pages[persona]
    client.cookies["django_language"] = code
    response = client.get(url, follow=True)
    assert response.status_code == 200
    assert html_lang(response) == "en"


def test_an_unknown_language_in_the_account_gives_english(world):
    if not hasattr(world.owner, "language"):
        pytest.skip("no language setting on the account yet")
    type(world.owner).objects.filter(pk=world.owner.pk).update(language="xx")
    response = world.client_for("owner").get("/", follow=True)
    assert response.status_code == 200
    assert html_lang(response) == "en"


@pytest.mark.parametrize("header", ["es-MX", "es-419,es;q=0.9", "fr-FR, es;q=0.8", "xx, es;q=0.5"])
def test_spanish_among_what_the_browser_asks_gives_spanish(pages, header):
    url, client = pages["anonymous"]
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=header, follow=True)
    assert response.status_code == 200
    assert html_lang(response) == "es"


def test_spanish_in_the_cookie_gives_spanish(pages):
    url, client = pages["owner"]
    client.cookies["django_language"] = "es"
    assert html_lang(client.get(url, follow=True)) == "es"


@pytest.mark.parametrize("code", ["xx", "../../etc/passwd", "x" * 300])
def test_an_unknown_language_asked_for_by_address_gives_english(pages, code):
    """Django's set_language (/i18n/setlang/): an unknown code is refused quietly, the page stays English."""
    url, client = pages["owner"]
    answer = client.post("/i18n/setlang/", {"language": code, "next": url})
    assert answer.status_code in (200, 302)
    assert client.cookies.get("django_language") is None or client.cookies["django_language"].value != code
    assert html_lang(client.get(url, follow=True)) == "en"
    assert html_lang(client.get(f"{url}?language={code[:50]}", follow=True)) == "en"


def test_spanish_asked_for_by_address_gives_spanish(pages):
    url, client = pages["anonymous"]
    client.post("/i18n/setlang/", {"language": "es", "next": url})
    assert html_lang(client.get(url, follow=True)) == "es"
