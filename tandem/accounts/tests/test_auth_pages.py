"""Sign-in, sign-up and two-step pages in our own words; the authenticator secret holds still."""

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.urls import reverse

from tests.support.world import PASSWORD

STOCK_WORDS = ("Remember Me", "Sign In", "contact us", "Activate Authenticator App", "E-mail")


def _reauthenticated(client):
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302, response.content
    return client


def _code(secret):
    return format_hotp_value(hotp_value(secret, next(iter(yield_hotp_counters_from_time()))))


def test_sign_in_and_sign_up_speak_in_our_words(client, db):
    for name in ("account_login", "account_signup"):
        html = client.get(reverse(name)).content.decode()
        for words in STOCK_WORDS:
            assert words not in html, f"{name}: {words!r}"
    assert "Keep me signed in on this device" in client.get(reverse("account_login")).content.decode()


def test_the_check_your_email_page_gives_a_next_step_not_contact_us(client, db):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new@example.test",
            "password1": "a long and quiet river 42",
            "password2": "a long and quiet river 42",
            "display_name": "Sam",
            "time_zone": "Europe/London",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Check your email" in html
    assert "contact us" not in html.lower()


def test_opening_the_authenticator_page_twice_keeps_the_secret_already_scanned(world):
    client = _reauthenticated(world.client_for("owner"))
    first = client.get(reverse("mfa_activate_totp"))
    html = first.content.decode()
    assert "Set up an authenticator app" in html
    assert "Activate Authenticator App" not in html
    secret = first.context["form"].secret
    second = client.get(reverse("mfa_activate_totp"))
    assert second.context["form"].secret == secret
    response = client.post(reverse("mfa_activate_totp"), {"code": _code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=world.owner, type=Authenticator.Type.TOTP).exists()


def test_after_two_step_setup_there_is_a_way_back_to_where_the_person_was_going(world):
    client = world.client_for("owner")
    client.get(reverse("mfa_required"), {"next": "/shared/somewhere/"})
    _reauthenticated(client)
    secret = client.get(reverse("mfa_activate_totp")).context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": _code(secret)}, follow=True)
    html = response.content.decode()
    assert 'href="/shared/somewhere/"' in html
    assert "Continue where you were going" in html


def test_the_way_back_refuses_another_site(world):
    client = world.client_for("owner")
    client.get(reverse("mfa_required"), {"next": "https://elsewhere.example/"})
    assert "tandem_after_mfa" not in client.session


def test_the_email_page_speaks_in_our_words(world):
    html = world.client_for("owner").get(reverse("account_email")).content.decode()
    assert "Your email" in html
    assert world.owner.email in html
    for words in ("Changing to", "Change Email", "Re-send Verification", "Current email"):
        assert words not in html


def test_asking_to_move_to_a_new_address_shows_it_waiting_for_its_link(world):
    client = world.client_for("owner")
    response = client.post(reverse("account_email"), {"action_add": "", "email": "moved@example.test"}, follow=True)
    html = response.content.decode()
    assert "moved@example.test" in html
    assert "isn't confirmed yet" in html
