"""Sign-up, profile and staff invitations, with the bad input people really send."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.models import RoleAssignment, StaffInvitation, User
from tests.support.world import make_user, page_text

SIGNUP = {
    "email": "river@example.test",
    "password1": "a long quiet river 42",
    "password2": "a long quiet river 42",
    "display_name": "River",
    "time_zone": "Europe/Berlin",
}


def test_sign_up_stores_name_and_time_zone_and_sends_a_discreet_email(client, db):
    response = client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == 302
    user = User.objects.get(email="river@example.test")
    assert (user.display_name, user.time_zone) == ("River", "Europe/Berlin")
    assert len(mail.outbox) == 1
    words = (mail.outbox[0].subject + mail.outbox[0].body).lower()
    for revealing in ("recovery", "addiction", "sobriety", "therapy"):
        assert revealing not in words


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("time_zone", "Mars/Olympus_Mons", "choose a time zone from the list"),
        ("display_name", "x" * 61, "at most 60 characters"),
        ("email", "river@example", "valid email"),
        ("password2", "something else entirely", "same password"),
    ],
)
def test_sign_up_refuses_bad_input_clearly_and_keeps_what_was_typed(client, db, field, value, message):
    response = client.post(reverse("account_signup"), {**SIGNUP, field: value})
    assert response.status_code == 200
    assert message in page_text(response)
    assert not User.objects.exists()
    if field != "display_name":
        assert 'value="River"' in response.content.decode()


def test_an_email_already_taken_does_not_reveal_the_account(client, world):
    response = client.post(reverse("account_signup"), {**SIGNUP, "email": world.owner.email})
    # allauth's enumeration prevention: the same "verify your email" answer as a new sign-up
    assert response.status_code == 302
    assert User.objects.filter(email=world.owner.email).count() == 1


def test_password_reset_gives_the_same_answer_for_unknown_emails(client, world):
    known = client.post(reverse("account_reset_password"), {"email": world.owner.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.test"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


@override_settings(ACCOUNT_RATE_LIMITS={"login_failed": "3/m/ip,3/m/key"})
def test_repeated_failed_logins_are_rate_limited(client, world):
    for _ in range(3):
        client.post(reverse("account_login"), {"login": world.owner.email, "password": "wrong"})
    response = client.post(reverse("account_login"), {"login": world.owner.email, "password": "wrong"})
    assert response.status_code == 429 or "too many" in page_text(response).lower()


def test_the_profile_refuses_an_absurd_time_zone_and_loses_nothing(world):
    client = world.client_for("owner")
    response = client.post(reverse("profile"), {"display_name": "Robin B", "time_zone": "Nowhere/Land"})
    assert "choose a time zone from the list" in page_text(response)
    assert 'value="Robin B"' in response.content.decode()
    world.owner.refresh_from_db()
    assert world.owner.time_zone == "America/New_York"


def test_first_visit_asks_what_brings_you_here(client, db):
    user = make_user("new@example.test", "New")
    client.force_login(user)
    assert client.get(reverse("home"))["Location"] == reverse("onboarding")
    client.post(reverse("onboarding"), {"roles": ["client", "partner"]})
    assert set(user.roles.values_list("role", flat=True)) == {"client", "partner"}
    response = client.post(reverse("onboarding"), {"roles": ["therapist"]})
    assert "not one of the available choices" in page_text(response)
    assert not user.roles.filter(role="therapist").exists()


def test_user_time_zone_decides_the_local_day(db):
    user = make_user("tz@example.test", "Tz", tz="Pacific/Kiritimati")
    assert user.local_today() == timezone.now().astimezone(user.zone).date()


# --- staff invitations -----------------------------------------------------------------------


def _invite(world, email="newtherapist@example.test"):
    client = world.client_for("practice_admin")
    response = client.post(reverse("practice"), {"email": email, "role": "therapist"})
    assert response.status_code == 302
    body = mail.outbox[-1].body
    return body.split("/join/")[1].split("/")[0]


def test_a_practice_admin_invites_a_therapist_who_joins(world):
    token = _invite(world)
    therapist = make_user("newtherapist@example.test", "Dr New")
    client = world.client_for("owner")
    client.force_login(therapist)
    assert "Harbour Counselling" in page_text(client.get(reverse("staff_invitation", args=[token])))
    client.post(reverse("staff_invitation", args=[token]))
    assert RoleAssignment.objects.filter(user=therapist, role="therapist", practice=world.practice_a).exists()


def test_a_staff_invitation_works_only_once(world):
    token = _invite(world)
    therapist = make_user("newtherapist@example.test", "Dr New")
    client = world.client_for("owner")
    client.force_login(therapist)
    client.post(reverse("staff_invitation", args=[token]))
    again = client.post(reverse("staff_invitation", args=[token]))
    assert "already been used" in page_text(again)


def test_an_expired_staff_invitation_is_refused(world):
    token = _invite(world)
    StaffInvitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    therapist = make_user("newtherapist@example.test", "Dr New")
    client = world.client_for("owner")
    client.force_login(therapist)
    response = client.post(reverse("staff_invitation", args=[token]))
    assert "expired" in page_text(response)
    assert not therapist.roles.exists()


def test_a_staff_invitation_for_another_email_is_refused(world):
    token = _invite(world, "someone.else@example.test")
    response = world.client_for("other_client").post(reverse("staff_invitation", args=[token]))
    assert "different email address" in page_text(response)
    assert not world.other_client.roles.filter(role="therapist").exists()


def test_a_wrong_staff_invitation_link_is_a_clear_404(client, db):
    response = client.get(reverse("staff_invitation", args=["not-a-real-token"]))
    assert response.status_code == 404
    assert "isn't one we know" in page_text(response)


def test_a_mistyped_staff_email_is_refused(world):
    response = world.client_for("practice_admin").post(
        reverse("practice"), {"email": "therapist@", "role": "therapist"}
    )
    assert "valid email" in page_text(response)
    assert not StaffInvitation.objects.exists()


def test_running_a_practice_grants_no_access_to_health_data(world):
    from tandem.sharing import gate

    assert not gate.may_view(world.practice_admin, world.owner, "sobriety")
    response = world.client_for("practice_admin").get(reverse("person", args=[world.owner.pk]))
    assert response.status_code == 404
