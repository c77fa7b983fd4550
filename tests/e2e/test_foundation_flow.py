"""A person signs up, verifies, signs out and in; therapists set up MFA first; quick exit; crisis."""

import re

import pytest
from django.core import mail

from tandem.accounts.models import User
from tests.support.world import make_user

from .conftest import check_page, login, settled_html, totp_code

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_person_signs_up_verifies_signs_out_and_back_in(page, site):
    page.goto(f"{site}/account/signup/")
    check_page(page)
    page.get_by_label(re.compile("^Email")).fill("river@example.test")
    page.get_by_label(re.compile("^Password:?$")).fill("a long quiet river 42")
    page.get_by_label(re.compile("^Password \\(again\\)", re.I)).fill("a long quiet river 42")
    page.get_by_label("What should we call you?").fill("River")
    page.get_by_label(re.compile("^Your time zone")).select_option("Europe/Berlin")
    page.get_by_role("button", name="Make my account").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Check your email"
    check_page(page)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "recovery" not in message.subject.lower()
    link = re.search(r"https?://\S+/account/confirm-email/\S+", message.body).group(0)
    page.goto(link)
    page.get_by_role("button", name=re.compile("Confirm", re.I)).click()
    page.wait_for_load_state()

    # First visit: choose what brings you here.
    assert page.get_by_role("heading", level=1).inner_text() == "Getting started"
    check_page(page)
    page.get_by_label("In recovery").check()
    page.get_by_role("button", name="Continue").click()
    assert "Hello, River" in page.get_by_role("heading", level=1).inner_text()
    check_page(page)
    user = User.objects.get(email="river@example.test")
    assert user.time_zone == "Europe/Berlin"
    assert user.has_role("client")

    page.goto(f"{site}/account/logout/")
    page.get_by_role("button", name=re.compile("Sign Out", re.I)).click()
    page.wait_for_load_state()
    page.goto(f"{site}/")
    assert "/account/login/" in page.url
    check_page(page)

    login(page, site, user, password="a long quiet river 42")
    assert "Hello, River" in page.get_by_role("heading", level=1).inner_text()


def test_a_therapist_sets_up_mfa_before_reaching_the_caseload(page, site):
    from tandem.accounts.models import Practice

    practice = Practice.objects.create(name="Harbour Counselling")
    therapist = make_user("lee@example.test", "Dr Lee", "therapist", practice=practice)
    login(page, site, therapist)
    page.goto(f"{site}/caseload/")
    assert "/me/second-step/" in page.url
    assert "protect your account with a second step" in settled_html(page)
    check_page(page)
    page.get_by_role("link", name="Set up an authenticator app").click()
    # allauth may ask for the password again before showing the authenticator setup.
    if "/reauthenticate" in page.url:
        page.get_by_label("Password").fill("correct horse battery staple")
        page.get_by_role("button", name=re.compile("Confirm", re.I)).click()
    assert "/2fa/totp/activate" in page.url
    check_page(page)
    secret = page.locator("#authenticator_secret").input_value()
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time

    code = format_hotp_value(hotp_value(secret, next(iter(yield_hotp_counters_from_time()))))
    page.get_by_label(re.compile("Authenticator code", re.I)).fill(code)
    page.get_by_role("button", name="Turn it on").click()
    # Wait for the activation to be answered (wait_for_load_state could still see the old page,
    # and going on at once would cut the POST short).
    page.wait_for_url(lambda url: "/2fa/totp/activate" not in url)
    check_page(page)
    page.get_by_role("link", name="Continue where you were going").click()
    page.wait_for_url(re.compile(r"/caseload/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Caseload"
    check_page(page)
    assert totp_code(therapist)


def test_quick_exit_leaves_no_way_back(page, site):
    user = make_user("robin@example.test", "Robin", "client")
    login(page, site, user)
    page.goto(f"{site}/privacy/")
    assert page.get_by_role("heading", level=1).inner_text() == "Who can see what"
    page.locator("#quick-exit").click()
    page.wait_for_url(re.compile(r"/n/$"))
    assert "forecast" in settled_html(page)
    page.go_back()
    page.wait_for_load_state()
    assert "Who can see what" not in settled_html(page)
    page.goto(f"{site}/privacy/")
    assert "/account/login/" in page.url, "the session must have ended"


def test_pressing_shift_three_times_exits(page, site):
    page.goto(f"{site}/account/login/")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.wait_for_url(re.compile(r"/n/$"))


def test_crisis_help_is_one_tap_away_signed_out_too(page, site):
    page.goto(f"{site}/account/login/")
    check_page(page)
    page.locator("a.crisis-link").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Help, right now"
    assert page.locator('a[href="tel:988"]').count() == 1
    assert page.locator('a[href="sms:988"]').count() == 1
    check_page(page)
