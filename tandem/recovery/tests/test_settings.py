"""Recovery settings and programs: wording, thresholds, milestones, own triggers, sobriety date."""

import datetime

from django.urls import reverse

from tandem.recovery import insights, services
from tandem.recovery.models import Program, Trigger

D = datetime.timedelta(days=1)


def settings_data(**overrides):
    data = {
        "higher_power": "",
        "isolation_days": "7",
        "urge_timer_minutes": "15",
        "milestones": "1d 7d 30d 1y",
        "yearly": "on",
        "own_triggers": "Boredom\nLate at night\nboredom",
    }
    data.update(overrides)
    return data


def test_settings_are_saved(owner_client, owner, program):
    response = owner_client.post(reverse("recovery_settings"), settings_data())
    assert response.status_code == 302
    profile = services.profile_of(owner)
    owner.refresh_from_db()
    assert owner.secular_wording
    assert profile.isolation_days == 7
    assert profile.urge_timer_minutes == 15
    assert profile.milestones == "1d 7d 30d 1y"
    own = [t.label for t in services.triggers_of(owner) if not t.key]
    assert own == ["Boredom", "Late at night"]
    [summary] = insights.sobriety_summary(owner)
    assert summary.next_milestone.label == "30 days"  # 10 days in; 7d already passed


def test_removing_an_own_trigger_archives_it(owner_client, owner, program):
    owner_client.post(reverse("recovery_settings"), settings_data())
    owner_client.post(reverse("recovery_settings"), settings_data(own_triggers="Late at night"))
    boredom = Trigger.objects.get(owner=owner, label__isnull=False, key="", archived=True)
    assert boredom.label == "Boredom"
    assert [t.name for t in services.triggers_of(owner)] == ["Hungry", "Angry", "Lonely", "Tired", "Late at night"]


def test_bad_settings_are_explained(owner_client, owner, program):
    response = owner_client.post(
        reverse("recovery_settings"), settings_data(milestones="30 days", urge_timer_minutes="0", isolation_days="99")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "isn&#x27;t a milestone we understand" in page
    assert services.profile_of(owner).milestones != "30 days"


def test_the_sobriety_date_can_be_changed_but_not_into_the_future(owner_client, owner, program):
    url = reverse("program_edit", args=[program.pk])
    tomorrow = owner.local_today() + D
    response = owner_client.post(url, {"sobriety_date": tomorrow.isoformat()})
    assert "in the future" in response.content.decode()
    earlier = owner.local_today() - 100 * D
    assert owner_client.post(url, {"sobriety_date": earlier.isoformat()}).status_code == 302
    program.refresh_from_db()
    assert program.sobriety_date == earlier
    assert program.slips.count() == 0


def test_a_hidden_program_leaves_the_dashboard_but_keeps_its_data(owner_client, owner, program):
    url = reverse("program_edit", args=[program.pk])
    owner_client.post(url, {"sobriety_date": program.sobriety_date.isoformat(), "archived": "on"})
    assert insights.sobriety_summary(owner) == []
    assert Program.objects.filter(pk=program.pk, archived=True).exists()


def test_a_second_program_counts_on_its_own(owner_client, owner, program):
    response = owner_client.post(
        reverse("program_new"),
        {"kind": "love", "fellowship": "slaa", "sobriety_date": (owner.local_today() - 3 * D).isoformat()},
    )
    assert response.status_code == 302
    summaries = insights.sobriety_summary(owner)
    assert [s.streak_days for s in summaries] == [10, 3]
    assert summaries[1].label == "Love and relationship addiction · SLAA"
