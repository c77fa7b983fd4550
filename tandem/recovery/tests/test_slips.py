"""Slips: the flow, the streak restarting with totals kept, bad input, and the help shown after some slips."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone

from tandem.recovery import insights, services
from tandem.recovery.models import Slip, UrgeLog

D = datetime.timedelta(days=1)


def inner(program, category):
    return next(i for i in services.current_circles(program).items.all() if i.category == category)


def slip_data(owner, program, **overrides):
    now = owner.local_now()
    data = {
        "program": str(program.pk),
        "date": now.date().isoformat(),
        "time": (now - datetime.timedelta(minutes=5)).strftime("%H:%M"),
        "behaviour": str(inner(program, "others").pk),
        "chain_trigger": "An argument",
        "chain_thoughts": "Nobody will know",
        "chain_actions": "Opened the app",
        "differently": "Call my sponsor first",
        "told": "My sponsor",
    }
    if now.hour == 0 and now.minute < 5:
        data["time"] = "00:00"
    data.update(overrides)
    return data


def nonce_of(client):
    page = client.get(reverse("slip_new")).content.decode()
    return re.search(r'name="nonce" value="([^"]+)"', page).group(1)


def test_a_slip_restarts_the_streak_and_keeps_the_total(owner_client, owner, program):
    [before] = insights.sobriety_summary(owner)
    assert before.streak_days == 10
    assert before.total_sober_days == 10
    response = owner_client.post(reverse("slip_new"), slip_data(owner, program, nonce=nonce_of(owner_client)))
    slip = Slip.objects.get(owner=owner)
    assert response.status_code == 302
    assert response["Location"] == reverse("slip_detail", args=[slip.pk]) + "?new=1"
    [after] = insights.sobriety_summary(owner)
    assert after.streak_days == 0
    assert after.total_sober_days == 9  # only today is lost
    assert after.since == owner.local_today()
    assert after.slip_count == 1
    assert slip.chain_thoughts == "Nobody will know"
    assert slip.category == "others"
    assert slip.circle_set == services.current_circles(program)


def test_after_a_slip_tandem_answers_with_encouragement_and_a_next_step(owner_client, owner, program):
    services.save_plan(
        owner,
        "relapse",
        {
            "people": [{"name": "Alex", "phone": "+1 (555) 010-0200"}],
            "lapse_plan": {"tell": "my sponsor", "by_when": "within a day", "steps": ["Go to a meeting"]},
        },
    )
    owner_client.post(reverse("slip_new"), slip_data(owner, program))
    slip = Slip.objects.get(owner=owner)
    page = owner_client.get(reverse("slip_detail", args=[slip.pk]) + "?new=1").content.decode()
    assert "Thank you for writing it down" in page
    assert "The next right step" in page
    assert "my sponsor" in page
    assert "within a day" in page
    assert "Go to a meeting" in page
    assert 'href="tel:+15550100200"' in page
    assert "9 days" in page  # the total stays
    for word in ("failure", "failed", "relapsed", "reset to zero"):
        assert word not in page.lower()


def test_an_illegal_behaviour_shows_confidential_help(owner_client, owner, program):
    owner_client.post(reverse("slip_new"), slip_data(owner, program, behaviour=str(inner(program, "illegal").pk)))
    page = owner_client.get(reverse("slip_detail", args=[Slip.objects.get().pk])).content.decode()
    assert "Stop It Now" in page
    assert "Confidential help" in page
    assert "gettested" not in page


def test_a_risky_behaviour_suggests_health_testing(owner_client, owner, program):
    owner_client.post(reverse("slip_new"), slip_data(owner, program, behaviour=str(inner(program, "risky").pk)))
    page = owner_client.get(reverse("slip_detail", args=[Slip.objects.get().pk])).content.decode()
    assert "gettested.cdc.gov" in page
    assert "Stop It Now" not in page


def test_resources_are_configurable(settings, owner_client, owner, program):
    settings.TANDEM_RECOVERY_RESOURCES = {"illegal": [{"title": "Local line", "text": "Call us.", "phone": "0800 1"}]}
    owner_client.post(reverse("slip_new"), slip_data(owner, program, behaviour=str(inner(program, "illegal").pk)))
    page = owner_client.get(reverse("slip_detail", args=[Slip.objects.get().pk])).content.decode()
    assert "Local line" in page
    assert "Stop It Now" not in page


def test_a_double_submitted_slip_is_recorded_once(owner_client, owner, program):
    data = slip_data(owner, program, nonce=nonce_of(owner_client))
    first = owner_client.post(reverse("slip_new"), data)
    second = owner_client.post(reverse("slip_new"), data)
    assert Slip.objects.filter(owner=owner).count() == 1
    assert first["Location"] == second["Location"]


def test_a_slip_in_the_future_is_refused_and_nothing_is_lost(owner_client, owner, program):
    tomorrow = (owner.local_today() + D).isoformat()
    response = owner_client.post(reverse("slip_new"), slip_data(owner, program, date=tomorrow))
    assert response.status_code == 200
    page = response.content.decode()
    assert "hasn&#x27;t come yet" in page
    assert "Nobody will know" in page
    assert "Call my sponsor first" in page
    assert not Slip.objects.exists()


def test_a_slip_before_the_sobriety_date_is_refused_with_a_way_forward(owner_client, owner, program):
    before = (program.sobriety_date - D).isoformat()
    response = owner_client.post(reverse("slip_new"), slip_data(owner, program, date=before))
    page = response.content.decode()
    assert "before your sobriety date" in page
    assert "change it in your program settings" in page
    assert not Slip.objects.exists()


def test_a_back_dated_slip_counts_from_its_own_day(owner, program):
    when = timezone.now() - 4 * D
    services.log_slip(owner, program, when, behaviour=None)
    [summary] = insights.sobriety_summary(owner)
    slip_day = when.astimezone(owner.zone).date()
    assert summary.since == slip_day
    assert summary.streak_days == (owner.local_today() - slip_day).days
    assert summary.total_sober_days == 9


def test_two_slips_on_one_day_lose_one_day(owner, program):
    today = owner.local_today()
    noon = datetime.datetime.combine(today - 2 * D, datetime.time(12)).replace(tzinfo=owner.zone)
    services.log_slip(owner, program, noon, behaviour=None)
    services.log_slip(owner, program, noon + datetime.timedelta(hours=2), behaviour=None)
    [summary] = insights.sobriety_summary(owner)
    assert summary.total_sober_days == 9
    assert summary.slip_count == 2


def test_slip_times_belong_to_the_local_day(world):
    from .conftest import make_program

    user = world.owner
    user.time_zone = "Pacific/Auckland"
    user.save()
    program = make_program(user)
    # 23:30 local on the previous day is already "today" in UTC for some of the year, never locally
    local = datetime.datetime.combine(user.local_today() - D, datetime.time(23, 30)).replace(tzinfo=user.zone)
    slip, _ = services.log_slip(user, program, local.astimezone(datetime.UTC), behaviour=None)
    assert slip.local_date == user.local_today() - D


def test_the_slips_page_lists_slips_with_their_notes(owner_client, owner, program):
    owner_client.post(reverse("slip_new"), slip_data(owner, program))
    page = owner_client.get(reverse("slips")).content.decode()
    assert "Call my sponsor first" in page
    assert "sober days in all" in page


def test_an_urge_that_ended_in_acting_out_leads_to_a_slip_linked_to_it(owner_client, owner, program):
    now = owner.local_now()
    response = owner_client.post(
        reverse("urge_log"),
        {
            "intensity": "8",
            "outcome": "acted_out",
            "date": now.date().isoformat(),
            "time": "00:00",
            "helped": "",
        },
    )
    urge = UrgeLog.objects.get(owner=owner)
    assert response.status_code == 302
    assert f"urge={urge.pk}" in response["Location"]
    form_page = owner_client.get(response["Location"]).content.decode()
    assert 'value="00:00"' in form_page
    owner_client.post(response["Location"], slip_data(owner, program, time="00:00"))
    urge.refresh_from_db()
    assert urge.slip == Slip.objects.get(owner=owner)


def test_nobody_else_can_open_my_slip(world, owner, program):
    slip, _ = services.log_slip(owner, program, timezone.now(), behaviour=None, chain_trigger="secret")
    for persona in ("partner", "therapist", "sponsor", "other_client"):
        response = world.client_for(persona).get(reverse("slip_detail", args=[slip.pk]))
        assert response.status_code == 404
