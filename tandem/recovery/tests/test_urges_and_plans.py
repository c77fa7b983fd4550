"""The urge screen (built from the plan, fast, offline timer), urge logging, and the two plans."""

import datetime
import re
from pathlib import Path

from django.urls import reverse

from tandem.recovery import services
from tandem.recovery.models import PlanVersion, UrgeLog

PLAN = {
    "reasons": ["Be present for my kids"],
    "coping": ["Cold shower", "Walk round the block"],
    "people": [{"name": "Alex (sponsor)", "phone": "+1 555-0100"}, {"name": "Jo", "phone": ""}],
    "high_risk": [{"situation": "Hotel rooms", "coping": ["Leave the laptop at home"]}],
}


def test_the_urge_button_shows_for_clients_only(world):
    link = f'href="{reverse("urge")}"'
    assert link in world.client_for("owner").get(reverse("home")).content.decode()
    assert link not in world.client_for("partner").get(reverse("home")).content.decode()


def test_the_urge_screen_is_built_from_the_plan(owner_client, owner):
    services.ensure_profile(owner, urge_timer_minutes=15)
    services.save_plan(owner, "relapse", PLAN)
    page = owner_client.get(reverse("urge")).content.decode()
    assert "Be present for my kids" in page
    assert "Cold shower" in page
    assert "Hotel rooms" in page
    assert 'href="tel:+15550100"' in page
    assert 'href="sms:+15550100"' in page
    assert 'data-minutes="15"' in page
    assert ">15:00<" in page
    assert "/static/recovery/js/timer.js" in page


def test_the_urge_screen_works_before_any_setup(owner_client):
    page = owner_client.get(reverse("urge")).content.decode()
    assert 'data-minutes="20"' in page
    assert "Call or text someone from your program" in page


def test_the_urge_screen_speaks_secular_or_higher_power(owner_client, owner):
    services.ensure_profile(owner)
    assert "Higher Power" in owner_client.get(reverse("urge")).content.decode()
    owner.secular_wording = True
    owner.save()
    assert "Higher Power" not in owner_client.get(reverse("urge")).content.decode()


def test_the_urge_screen_is_fast(owner_client, owner, django_assert_max_num_queries):
    services.ensure_profile(owner)
    services.save_plan(owner, "relapse", PLAN)
    with django_assert_max_num_queries(10):
        owner_client.get(reverse("urge"))


def test_the_timer_script_needs_no_network():
    from django.contrib.staticfiles import finders

    script = Path(finders.find("recovery/js/timer.js")).read_text()
    for network in ("fetch(", "XMLHttpRequest", "import(", "sendBeacon", "WebSocket", "EventSource"):
        assert network not in script


def test_logging_an_urge(owner_client, owner):
    services.ensure_profile(owner)
    lonely = next(t for t in services.triggers_of(owner) if t.key == "lonely")
    page = owner_client.get(reverse("urge_log")).content.decode()
    nonce = re.search(r'name="nonce" value="([^"]+)"', page).group(1)
    local = owner.local_now() - datetime.timedelta(minutes=30)
    data = {
        "intensity": "7",
        "outcome": "passed",
        "trigger": str(lonely.pk),
        "helped": "Called Alex",
        "date": local.date().isoformat(),
        "time": local.strftime("%H:%M"),
        "surfed_minutes": "20",
        "nonce": nonce,
    }
    response = owner_client.post(reverse("urge_log"), data)
    assert response.status_code == 302
    owner_client.post(reverse("urge_log"), data)  # double submit
    urge = UrgeLog.objects.get(owner=owner)
    assert urge.intensity == 7
    assert urge.trigger == lonely
    assert urge.helped == "Called Alex"
    assert urge.local_hour == local.hour
    assert urge.local_weekday == local.weekday()
    assert urge.surfed_minutes == 20
    history = owner_client.get(reverse("urge_history")).content.decode()
    assert "Called Alex" in history


def test_urge_intensity_and_time_are_checked(owner_client, owner):
    tomorrow = owner.local_today() + datetime.timedelta(days=1)
    response = owner_client.post(
        reverse("urge_log"),
        {"intensity": "12", "outcome": "passed", "date": tomorrow.isoformat(), "time": "10:00", "helped": "kept"},
    )
    page = response.content.decode()
    assert "Please choose a level from 0 to 10." in page
    assert "hasn&#x27;t come yet" in page
    assert 'value="kept"' in page
    assert not UrgeLog.objects.exists()


def test_the_plan_is_versioned_and_the_same_content_makes_no_new_version(owner):
    first, created = services.save_plan(owner, "relapse", PLAN)
    again, created_again = services.save_plan(owner, "relapse", dict(PLAN))
    assert created
    assert not created_again
    assert again == first
    second, _ = services.save_plan(owner, "relapse", {**PLAN, "reasons": ["Me"]})
    assert second.version == 2
    assert PlanVersion.objects.get(pk=first.pk).content["reasons"] == ["Be present for my kids"]


def plan_form(**overrides):
    data = {
        "reasons": "My family\nMy health",
        "triggers_internal": "Loneliness",
        "triggers_external": "Hotel rooms",
        "warning_signs": "Staying up late",
        "coping": "Call someone",
        "safe_places": "The gym",
        "devices": "Filter on the phone",
        "travel": "",
        "money": "",
        "lapse_tell": "my sponsor",
        "lapse_by": "within 24 hours",
        "lapse_steps": "",
        "situation_0": "Travelling alone",
        "situation_0_coping": "Call home every evening\nLeave the laptop",
        "person_0_name": "Alex",
        "person_0_phone": "+1 555 0100",
    }
    data.update(overrides)
    return data


def test_writing_the_plan_and_printing_it(owner_client, owner):
    response = owner_client.post(reverse("plan_edit"), plan_form())
    assert response.status_code == 302
    plan = services.latest_plan(owner, "relapse")
    assert plan.content["high_risk"] == [
        {"situation": "Travelling alone", "coping": ["Call home every evening", "Leave the laptop"]}
    ]
    assert plan.content["people"] == [{"name": "Alex", "phone": "+1 555 0100"}]
    page = owner_client.get(reverse("plan")).content.decode()
    assert "Travelling alone" in page
    assert "data-print" in page
    assert "/static/recovery/js/print.js" in page
    # the urge screen follows the new version
    assert "Call someone" in owner_client.get(reverse("urge")).content.decode()
    owner_client.post(reverse("plan_edit"), plan_form(reasons="Only me"))
    versions = PlanVersion.objects.filter(owner=owner, kind="relapse").order_by("version")
    assert [v.version for v in versions] == [1, 2]
    old = owner_client.get(reverse("plan_version", args=[versions[0].pk])).content.decode()
    assert "My health" in old
    assert "an earlier version" in old.lower()


def test_the_plan_form_explains_problems_and_keeps_the_text(owner_client):
    response = owner_client.post(
        reverse("plan_edit"), plan_form(situation_0="", person_0_phone="call me maybe", reasons="keep this")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Please name the situation" in page
    assert "Please use only digits" in page
    assert "keep this" in page


def test_the_safety_plan_is_reachable_from_the_crisis_card(world, owner_client, owner):
    crisis = owner_client.get(reverse("crisis")).content.decode()
    assert reverse("safety_plan") in crisis
    response = owner_client.post(
        reverse("safety_plan_edit"),
        {
            "warning_signs": "Not sleeping",
            "coping": "Music",
            "distractions": "The park",
            "helper_0_name": "Sam",
            "helper_0_phone": "555 0101",
            "professional_0_name": "Dr Lee",
            "professional_0_phone": "555 0199",
            "safe_environment": "Give the pills to Sam",
            "reasons_to_live": "My dog",
        },
    )
    assert response.status_code == 302
    page = owner_client.get(reverse("safety_plan")).content.decode()
    assert "Not sleeping" in page
    assert "My dog" in page
    assert 'href="tel:5550199"' in page
    assert "988" in page
    # a partner has a safety plan of their own, and never sees the client's
    partner_page = world.client_for("partner").get(reverse("safety_plan")).content.decode()
    assert "Not sleeping" not in partner_page


def test_other_apps_find_the_safety_plan_through_the_api(owner):
    from tandem.recovery import api

    assert api.safety_plan_for(owner) is None
    services.save_plan(owner, "safety", {"warning_signs": ["x"]})
    assert api.safety_plan_for(owner).content["warning_signs"] == ["x"]
    assert api.relapse_plan_for(owner) is None
