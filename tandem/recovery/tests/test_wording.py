"""One wording preference per person, on the account: recovery and step work both follow it."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from tests.support.world import make_user


def test_the_recovery_setting_changes_the_step_work_too(owner_client, owner, program):
    page = owner_client.get(reverse("step_detail", args=[3])).content.decode().split("<main")[1]
    assert "Higher Power" in page
    response = owner_client.post(
        reverse("recovery_settings"),
        {"isolation_days": 5, "urge_timer_minutes": 20, "milestones": "1d 30d", "yearly": "on", "own_triggers": ""},
    )
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.secular_wording
    step_three = owner_client.get(reverse("step_detail", args=[3])).content.decode().split("<main")[1]
    urge = owner_client.get(reverse("urge")).content.decode()
    assert "Higher Power" not in urge
    assert "Higher Power" not in step_three


def test_the_step_work_setting_changes_the_urge_screen_too(owner_client, owner, program):
    assert "Ask your Higher Power for help" in owner_client.get(reverse("urge")).content.decode()
    owner_client.post(reverse("step_prefs"), {"secular_language": "on"})
    owner.refresh_from_db()
    assert owner.secular_wording
    assert "Ask your Higher Power for help" not in owner_client.get(reverse("urge")).content.decode()
    settings_page = owner_client.get(reverse("recovery_settings")).content.decode()
    assert 'name="higher_power"' in settings_page
    assert 'name="higher_power" checked' not in settings_page


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_a_secular_choice_made_in_either_place():
    before = [("recovery", "0002_profile_stamp"), ("fellowship", "0001_initial")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    users = {name: make_user(f"{name}@example.test", name.title(), "client") for name in ("recovery", "steps", "none")}
    for name, user in users.items():
        old.get_model("recovery", "RecoveryProfile").objects.create(
            owner_id=user.pk, started_on=user.local_today(), higher_power=name != "recovery"
        )
        old.get_model("fellowship", "FellowshipPrefs").objects.create(
            owner_id=user.pk, secular_language=name == "steps"
        )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    for name, user in users.items():
        user.refresh_from_db()
        assert user.secular_wording is (name != "none"), name
