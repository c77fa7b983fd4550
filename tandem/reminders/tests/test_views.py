"""The preferences page, the "stop these" button and the signed link in every email."""

import datetime

import pytest
from django.urls import reverse

from tandem.reminders.content import stop_token
from tandem.reminders.forms import QUIET_ALL_DAY
from tandem.reminders.models import Preferences
from tests.support.world import PASSWORD

from .conftest import prefs_for

pytestmark = pytest.mark.django_db
URL = "/me/reminders/"


@pytest.fixture
def signed_in(client, person):
    client.login(email=person.email, password=PASSWORD)
    return client


def form_data(**changes):
    data = {
        "daily_time": "07:45",
        "meeting_minutes": "30",
        "outreach_days": "4",
        "quiet_start": "22:00",
        "quiet_end": "06:30",
        "checkin_email": "on",
        "meeting_push": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_the_page_saves_kinds_channels_times_and_quiet_hours(signed_in, person):
    assert signed_in.get(URL).status_code == 200
    response = signed_in.post(URL, form_data())
    assert response.status_code == 302
    prefs = Preferences.objects.get(owner=person)
    assert prefs.daily_time == datetime.time(7, 45)
    assert (prefs.quiet_start, prefs.quiet_end) == (datetime.time(22, 0), datetime.time(6, 30))
    assert prefs.channels("checkin") == ["email"]
    assert prefs.channels("meeting") == ["push"]
    assert prefs.channels("fanos") == []
    assert not prefs.show_details


def test_the_account_page_links_to_reminders(signed_in):
    assert reverse("reminders") in signed_in.get(reverse("profile")).content.decode()


@pytest.mark.parametrize("bad", ["25:00", "noon", "7.5", "<script>"])
def test_a_time_that_is_not_a_time_is_refused_and_nothing_is_saved(signed_in, person, bad):
    response = signed_in.post(URL, form_data(daily_time=bad, checkin_push="on"))
    assert response.status_code == 200
    assert "Enter a time like 08:30." in response.content.decode()
    assert not Preferences.objects.filter(owner=person).exists()
    assert 'name="checkin_push" id="id_checkin_push" checked' in response.content.decode()  # the ticks are kept


def test_quiet_hours_covering_the_whole_day_are_refused(signed_in, person):
    prefs_for(person, checkin_email=False)
    response = signed_in.post(URL, form_data(quiet_start="08:00", quiet_end="08:00"))
    assert response.status_code == 200
    assert "can&#x27;t cover the whole day" in response.content.decode()
    assert QUIET_ALL_DAY.startswith("Quiet hours can't cover the whole day")
    prefs = Preferences.objects.get(owner=person)
    assert prefs.quiet_start is None
    assert not prefs.checkin_email  # nothing of the refused form was saved


def test_half_quiet_hours_are_refused(signed_in, person):
    response = signed_in.post(URL, form_data(quiet_end=""))
    assert "both a start and an end" in response.content.decode()
    assert not Preferences.objects.filter(owner=person).exists()


def test_the_stop_button_stops_everything_and_saving_again_restarts(signed_in, person):
    prefs_for(person, checkin_email=True)
    assert signed_in.post(reverse("reminders_stop_all")).status_code == 302
    assert Preferences.objects.get(owner=person).channels("checkin") == []
    signed_in.post(URL, form_data())
    assert Preferences.objects.get(owner=person).channels("checkin") == ["email"]


def test_the_signed_link_stops_reminders_without_signing_in_and_a_get_changes_nothing(client, person):
    prefs_for(person, checkin_email=True)
    url = reverse("reminders_stop", args=[stop_token(person.pk)])
    page = client.get(url)
    assert page.status_code == 200
    assert not Preferences.objects.get(owner=person).stopped  # a mail scanner opening it stops nothing
    response = client.post(url)  # the page's button, or the mail client's one-click (RFC 8058)
    assert response.status_code == 200
    assert Preferences.objects.get(owner=person).stopped


def test_a_tampered_link_stops_nobody(client, person):
    prefs_for(person, checkin_email=True)
    token = stop_token(person.pk)
    response = client.post(reverse("reminders_stop", args=[token[:-2] + "xx"]))
    assert response.status_code == 404
    assert not Preferences.objects.get(owner=person).stopped
