"""Tandem in Spanish, the plumbing (docs/i18n.md): the JavaScript catalogue, the language each
person reads in, and mail, reminders and push in the recipient's language."""

import json
import re
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tandem.accounts.api import speaking
from tandem.accounts.models import User
from tandem.assessments import services as assessments_services


def test_the_javascript_catalogue_is_public_and_speaks_the_request_language(client, db):
    url = reverse("javascript-catalog")
    english = client.get(url)
    assert english.status_code == 200
    assert english["Content-Type"].startswith("text/javascript")
    source = english.content.decode()
    for name in ("gettext", "ngettext", "interpolate"):
        assert f"globals.{name} = django.{name}" in source
    assert "eval(" not in source  # CSP-clean: script-src 'self' + nonce
    assert "new Function" not in source
    # Its plural rule is the language's own (Spanish: n != 1), so ngettext counts right.
    spanish = Client(HTTP_ACCEPT_LANGUAGE="es").get(url).content.decode()
    assert "(n != 1)" in spanish


def test_every_page_loads_the_catalogue_before_its_other_scripts(world):
    for page in (
        world.client_for("owner").get(reverse("home")).content.decode(),
        Client().get(reverse("account_login")).content.decode(),
    ):
        scripts = [line for line in page.splitlines() if "<script src=" in line]
        assert reverse("javascript-catalog") in scripts[0]
        assert all(" defer" in line and "nonce=" in line for line in scripts[:3])


def test_the_browser_keeps_the_catalogue_of_its_language_and_release_and_nothing_else(db):
    english, spanish = Client(), Client(HTTP_ACCEPT_LANGUAGE="es")
    page = spanish.get(reverse("account_login")).content.decode()
    address = re.search(r'<script src="([^"]*jsi18n[^"]*)"', page).group(1).replace("&amp;", "&")
    assert address.startswith(reverse("javascript-catalog") + "?v=es-")
    kept = spanish.get(address)
    assert "max-age=2592000" in kept["Cache-Control"]
    assert "private" in kept["Cache-Control"]
    # The same address asked in another language, an old release, or no version: answered fresh.
    assert "max-age" not in english.get(address).get("Cache-Control", "")
    assert "max-age" not in spanish.get(address[:-3] + "000").get("Cache-Control", "")
    assert "max-age" not in spanish.get(reverse("javascript-catalog")).get("Cache-Control", "")
    # Each language has its own address, so a person who switches reads the new one at once.
    english_page = english.get(reverse("account_login")).content.decode()
    assert re.search(r'<script src="([^"]*jsi18n[^"]*)"', english_page).group(1) != address


def test_the_service_worker_keeps_the_catalogue_with_the_pages(client, db):
    source = client.get(reverse("service_worker")).content.decode()
    config = json.loads(source.split("\n", 1)[0].removeprefix("const CONFIG = ").removesuffix(";"))
    assert config["catalog"] == reverse("javascript-catalog")
    assert "new Set([CONFIG.icon, CONFIG.catalog])" in source
    assert "url.pathname === CONFIG.catalog" in source


# --- the language each person reads in ---------------------------------------------------------


def page_language(response) -> str:
    """The language a page was written in: <html lang> (base.html) and Content-Language agree."""
    html = response.content.decode()
    lang = html.split('<html lang="', 1)[1].split('"', 1)[0]
    assert response["Content-Language"] == lang
    return lang


def test_signed_out_pages_follow_the_browser(db):
    assert page_language(Client(HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9").get(reverse("account_login"))) == "es"
    assert page_language(Client(HTTP_ACCEPT_LANGUAGE="en-GB").get(reverse("account_login"))) == "en"
    assert page_language(Client().get(reverse("account_login"))) == "en"


def test_the_language_switch_sets_a_cookie_the_signed_out_pages_follow(db):
    browser = Client(HTTP_ACCEPT_LANGUAGE="en")
    page = browser.get(reverse("account_login")).content.decode()
    assert f'action="{reverse("set_language")}"' in page
    assert '<button type="submit" name="language" value="es" lang="es"' in page
    assert 'value="en" lang="en" class="link-button" aria-current="true">English</button>' in page
    response = browser.post(reverse("set_language"), {"language": "es", "next": reverse("account_signup")})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_signup")
    signup = browser.get(reverse("account_signup"))
    assert page_language(signup) == "es"
    assert 'value="es" lang="es" class="link-button" aria-current="true">Español</button>' in signup.content.decode()


def test_the_switch_will_not_send_anyone_to_another_site(db):
    response = Client().post(reverse("set_language"), {"language": "es", "next": "https://elsewhere.example/"})
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.parametrize("code", ["xx", "de", "klingon-tlh", "es" * 200, "", "../../etc", "en\x00"])
def test_an_unknown_language_anywhere_falls_back_to_english_without_an_error(db, code):
    # in the switch's POST
    browser = Client()
    response = browser.post(reverse("set_language"), {"language": code, "next": reverse("account_login")})
    assert response.status_code == 302
    assert page_language(browser.get(reverse("account_login"))) == "en"
    # in the cookie
    cookie = Client()
    cookie.cookies[settings.LANGUAGE_COOKIE_NAME] = code
    assert page_language(cookie.get(reverse("account_login"))) == "en"
    # in the browser's preference
    assert page_language(Client(HTTP_ACCEPT_LANGUAGE=code).get(reverse("account_login"))) == "en"


def test_an_unknown_language_stored_on_the_account_falls_back_to_english(world):
    User.objects.filter(pk=world.owner.pk).update(language="xx")
    response = world.client_for("owner").get(reverse("profile"))
    assert response.status_code == 200
    assert page_language(response) == "en"
    with speaking(User.objects.get(pk=world.owner.pk)):
        assert translation.get_language() == "en"


def test_a_signed_in_person_reads_in_their_own_language_whatever_the_browser_says(world):
    User.objects.filter(pk=world.owner.pk).update(language="es")
    browser = world.client_for("owner")
    browser.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert page_language(browser.get(reverse("profile"))) == "es"
    # and the JavaScript catalogue with them
    assert "(n != 1)" in browser.get(reverse("javascript-catalog")).content.decode()
    # With no language chosen, the browser decides.
    User.objects.filter(pk=world.owner.pk).update(language="")
    browser.cookies.pop(settings.LANGUAGE_COOKIE_NAME)
    browser.defaults["HTTP_ACCEPT_LANGUAGE"] = "es"
    assert page_language(browser.get(reverse("profile"))) == "es"
    browser.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    assert page_language(browser.get(reverse("profile"))) == "en"


def test_the_account_page_offers_the_languages_and_saves_the_choice(world):
    browser = world.client_for("owner")
    page = browser.get(reverse("profile")).content.decode()
    assert '<option value="" selected>Follow my browser</option>' in page
    assert '<option value="es">Español</option>' in page
    form = {"display_name": "Robin", "time_zone": "Europe/Madrid", "language": "es", "safety_question": "on"}
    response = browser.post(reverse("profile"), form)
    assert response.status_code == 302
    world.owner.refresh_from_db()
    assert world.owner.language == "es"
    saved = browser.get(reverse("profile"))
    assert page_language(saved) == "es"
    assert "Guardado." in saved.content.decode()  # the confirmation in the language just chosen
    # A language this site does not speak is refused on the form, not stored.
    response = browser.post(reverse("profile"), {**form, "language": "xx"})
    assert response.status_code == 200
    world.owner.refresh_from_db()
    assert world.owner.language == "es"


SIGNUP = {
    "email": "rio@example.test",
    "password1": "a long quiet river 42",
    "password2": "a long quiet river 42",
    "display_name": "Río",
    "time_zone": "America/Mexico_City",
}


def test_sign_up_offers_the_browser_language_first_and_stores_the_choice(db):
    spanish = Client(HTTP_ACCEPT_LANGUAGE="es-419,es;q=0.9,en;q=0.5").get(reverse("account_signup")).content.decode()
    assert '<option value="es" selected>Español</option>' in spanish
    english = Client(HTTP_ACCEPT_LANGUAGE="en-US").get(reverse("account_signup")).content.decode()
    assert '<option value="en" selected>English</option>' in english
    response = Client(HTTP_ACCEPT_LANGUAGE="es").post(reverse("account_signup"), {**SIGNUP, "language": "es"})
    assert response.status_code == 302
    assert User.objects.get(email="rio@example.test").language == "es"


def test_sign_up_refuses_a_language_it_does_not_speak(db):
    response = Client().post(reverse("account_signup"), {**SIGNUP, "language": "xx"})
    assert response.status_code == 200
    assert not User.objects.exists()


# --- mail in the recipient's language ----------------------------------------------------------


def recorder(sent):
    def send(to, subject, body):
        sent.append((to, translation.get_language(), subject))

    return send


@pytest.mark.parametrize(("recipient_language", "expected"), [("es", "es"), ("en", "en"), ("", "en"), ("xx", "en")])
def test_an_invitation_speaks_the_recipient_s_language_not_the_sender_s(world, recipient_language, expected):
    User.objects.filter(pk=world.other_client.pk).update(language=recipient_language)
    sender_language = "en" if expected == "es" else "es"
    sent = []
    owner = world.client_for("owner")
    owner.defaults["HTTP_ACCEPT_LANGUAGE"] = sender_language
    with mock.patch("tandem.sharing.views.send_neutral_mail", recorder(sent)):
        owner.post(reverse("invite"), {"role": "partner", "email": world.other_client.email.upper()})
    assert [(to, language) for to, language, _ in sent] == [(world.other_client.email.upper(), expected)]


def test_an_invitation_to_an_address_with_no_account_goes_in_the_default_language(world):
    sent = []
    owner = world.client_for("owner")
    owner.defaults["HTTP_ACCEPT_LANGUAGE"] = "es"
    with mock.patch("tandem.sharing.views.send_neutral_mail", recorder(sent)):
        owner.post(reverse("invite"), {"role": "partner", "email": "nobody.yet@example.test"})
    assert [language for _, language, _ in sent] == [settings.LANGUAGE_CODE]


def test_a_therapist_s_invitation_speaks_the_client_s_language(world):
    User.objects.filter(pk=world.other_client.pk).update(language="es")
    sent = []
    with mock.patch("tandem.therapy.views.caseload.send_neutral_mail", recorder(sent)):
        world.client_for("therapist").post(reverse("invite_client"), {"email": world.other_client.email})
    assert [language for _, language, _ in sent] == ["es"]


def test_a_practice_invitation_speaks_the_invited_person_s_language(world):
    User.objects.filter(pk=world.other_therapist.pk).update(language="es")
    admin = world.client_for("practice_admin")
    admin.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = admin.post(reverse("practice"), {"email": world.other_therapist.email, "role": "therapist"})
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.subject.endswith("Tienes una invitación")
    assert "te invitó a unirte a Harbour Counselling" in message.body
    # and the admin's own page stays in English
    assert page_language(admin.get(reverse("practice"))) == "en"


def test_a_safety_alert_reaches_the_therapist_in_the_therapist_s_language(world):
    User.objects.filter(pk=world.therapist.pk).update(language="es")
    sent = []
    with translation.override("en"), mock.patch("tandem.assessments.services.send_neutral_mail", recorder(sent)):
        assessments_services._mail_therapist(world.therapist.email, "https://example.test/alerts/")
    assert [(to, language) for to, language, _ in sent] == [(world.therapist.email, "es")]


def test_allauth_mail_speaks_the_account_s_language_or_else_the_page_s(world):
    from allauth.account.adapter import DefaultAccountAdapter

    languages = []

    def record(self, template_prefix, email, context):
        languages.append(translation.get_language())

    User.objects.filter(pk=world.owner.pk).update(language="es")
    with mock.patch.object(DefaultAccountAdapter, "send_mail", record):
        Client(HTTP_ACCEPT_LANGUAGE="en").post(reverse("account_reset_password"), {"email": world.owner.email})
        User.objects.filter(pk=world.owner.pk).update(language="")
        Client(HTTP_ACCEPT_LANGUAGE="es").post(reverse("account_reset_password"), {"email": world.owner.email})
        Client(HTTP_ACCEPT_LANGUAGE="en").post(reverse("account_reset_password"), {"email": world.owner.email})
    assert languages == ["es", "es", "en"]


def test_the_service_worker_s_no_connection_page_speaks_the_person_s_language(client, db):
    def text_of(browser):
        source = browser.get(reverse("service_worker")).content.decode()
        return json.loads(source.split("\n", 1)[0].removeprefix("const CONFIG = ").removesuffix(";"))["text"]

    english = text_of(Client(HTTP_ACCEPT_LANGUAGE="en"))
    assert english == {
        "lang": "en",
        "title": "No connection",
        "body": "This page needs a connection. It will open again when you're back online.",
        "call": "Call %(number)s",
    }
    spanish = text_of(Client(HTTP_ACCEPT_LANGUAGE="es"))
    assert spanish["lang"] == "es"
    assert spanish["title"] == "Sin conexión"
    assert "%(number)s" in spanish["call"]
