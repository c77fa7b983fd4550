"""What the urge log says back: praise for an urge that passed, never for one that ended in acting out."""

import datetime
import re

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse

from tandem.recovery.models import UrgeLog

from .conftest import make_program

pytestmark = pytest.mark.django_db

NOON_UTC = datetime.datetime(2026, 3, 10, 17, 0, tzinfo=datetime.UTC)  # 13:00 in New York


def _log(client, outcome: str):
    page = client.get(reverse("urge_log")).content.decode()
    nonce = re.search(r'name="nonce" value="([^"]+)"', page).group(1)
    return client.post(
        reverse("urge_log"),
        {
            "intensity": "6",
            "outcome": outcome,
            "date": "2026-03-10",
            "time": "12:30",
            "helped": "",
            "nonce": nonce,
        },
    )


def _said(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def test_acting_out_without_a_program_is_met_with_thanks_not_praise(world):
    with time_machine.travel(NOON_UTC, tick=False):
        client = world.client_for("owner")
        response = _log(client, "acted_out")
    assert response.status_code == 302
    assert response["Location"] == reverse("urge_history")
    assert UrgeLog.objects.get(owner=world.owner).outcome == UrgeLog.Outcome.ACTED_OUT
    said = _said(response)
    assert "rode that wave" not in said
    assert "recovery in action" not in said
    assert "Thank you for being honest about it" in said


def test_acting_out_with_a_program_leads_to_the_slip_form_without_praise(world):
    with time_machine.travel(NOON_UTC, tick=False):
        make_program(world.owner)
        client = world.client_for("owner")
        response = _log(client, "acted_out")
    assert response["Location"].startswith(reverse("slip_new"))
    assert "rode that wave" not in _said(response)


def test_an_urge_that_passed_is_still_celebrated(world):
    with time_machine.travel(NOON_UTC, tick=False):
        client = world.client_for("owner")
        response = _log(client, "passed")
    assert response["Location"] == reverse("urge_history")
    assert "You rode that wave" in _said(response)
