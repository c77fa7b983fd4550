"""Every recovery page renders for a client with data in it: one <h1>, no inline style or script."""

import datetime
import re

import pytest
from django.urls import reverse

from tandem.recovery import services

from .conftest import at_local, earlier_today

PAGES = [
    "recovery_dashboard",
    "recovery_setup",
    "recovery_settings",
    "program_new",
    "circles",
    "checkin",
    "checkin_history",
    "urge",
    "urge_log",
    "urge_history",
    "slips",
    "slip_new",
    "milestones",
    "plan",
    "plan_edit",
    "safety_plan",
    "safety_plan_edit",
    "learn",
]


@pytest.fixture
def full_history(owner, program):
    today = owner.local_today()
    for i in range(1, 9):
        day = today - datetime.timedelta(days=i)
        services.save_checkin(
            owner,
            program,
            day,
            stayed_out=True,
            urge_level=i % 10,
            items=[],
            triggers=services.triggers_of(owner)[:2],
            feelings=["calm"],
            meetings=1,
            calls=2,
            gratitude="sunshine",
            note="a note",
        )
    services.log_urge(owner, occurred_at=earlier_today(owner), intensity=6, helped="a walk")
    services.log_slip(owner, program, at_local(owner, today - datetime.timedelta(days=3), 1), behaviour=None)
    services.save_plan(owner, "relapse", {"reasons": ["family"], "people": [{"name": "Sam", "phone": "+1 555 0100"}]})
    services.save_plan(owner, "safety", {"warning_signs": ["no sleep"], "helpers": [{"name": "Jo", "phone": "555"}]})
    return program


def assert_clean_page(response):
    html = response.content.decode()
    assert response.status_code == 200, html[:500]
    assert len(re.findall(r"<h1[\s>]", html)) == 1, "exactly one <h1>"
    assert " style=" not in html
    assert "<style" not in html
    inline = [tag for tag in re.findall(r"<script\b[^>]*>", html) if not re.search(r"\bsrc=", tag)]
    assert all('type="application/json"' in tag for tag in inline), f"inline script: {inline}"


@pytest.mark.parametrize("name", PAGES)
def test_page_renders_for_a_new_client(owner_client, name):
    assert_clean_page(owner_client.get(reverse(name)))


@pytest.mark.parametrize("name", PAGES)
def test_page_renders_with_history(owner_client, full_history, name):
    response = owner_client.get(reverse(name))
    if name == "recovery_setup":
        assert response.status_code == 302
        return
    assert_clean_page(response)


def test_object_pages_render(owner_client, owner, full_history):
    slip = services.log_slip(owner, full_history, earlier_today(owner), behaviour=None)[0]
    version = services.current_circles(full_history)
    plan = services.latest_plan(owner, "relapse")
    for url in (
        reverse("slip_detail", args=[slip.pk]) + "?new=1",
        reverse("circles_edit", args=[full_history.pk]),
        reverse("circles_version", args=[version.pk]),
        reverse("program_edit", args=[full_history.pk]),
        reverse("checkin_day", args=[full_history.pk, owner.local_today().isoformat()]),
        reverse("plan_version", args=[plan.pk]),
        reverse("learn_page", args=["after-a-slip"]),
        reverse("home"),
    ):
        assert_clean_page(owner_client.get(url))
