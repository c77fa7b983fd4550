"""The urge screen offers people the person already has in Tandem, one tap each, into their plan."""

import re
from pathlib import Path

from django.urls import reverse

from tandem.fellowship.models import Contact
from tandem.recovery import services
from tandem.recovery.models import PlanVersion


def _keys(page: str) -> list[str]:
    return re.findall(r'name="person" value="([^"]+)"', page)


def test_before_any_plan_the_urge_screen_offers_the_sponsor_and_contacts(world, owner_client):
    Contact.objects.create(owner=world.owner, name="Sam", phone="+1 555-0123", role="friend")
    Contact.objects.create(owner=world.other_client, name="Not yours", phone="+1 555-0999")
    page = owner_client.get(reverse("urge")).content.decode()
    assert "Nobody to call here yet" in page
    assert "Alex" in page
    assert "Sam" in page
    assert "Not yours" not in page
    assert len(_keys(page)) == 2


def test_one_tap_adds_the_person_to_the_plan_and_keeps_the_rest(world, owner_client):
    services.save_plan(world.owner, "relapse", {"reasons": ["My kids"], "people": [{"name": "Jo", "phone": ""}]})
    sam = Contact.objects.create(owner=world.owner, name="Sam", phone="+1 555-0123")
    response = owner_client.post(reverse("urge_add_person"), {"person": f"contact-{sam.pk}"})
    assert response.status_code == 302
    assert response.url.endswith(reverse("urge") + "#people")
    plan = services.latest_plan(world.owner, PlanVersion.Kind.RELAPSE).content
    assert plan["reasons"] == ["My kids"]
    assert plan["people"] == [{"name": "Jo", "phone": ""}, {"name": "Sam", "phone": "+1 555-0123"}]
    page = owner_client.get(reverse("urge")).content.decode()
    assert 'href="tel:+15550123"' in page
    assert f"contact-{sam.pk}" not in _keys(page)  # offered no more once added


def test_the_linked_sponsor_can_be_added_without_a_plan(world, owner_client):
    key = f"sponsor-{world.links['sponsor'].pk}"
    owner_client.post(reverse("urge_add_person"), {"person": key})
    plan = services.latest_plan(world.owner, PlanVersion.Kind.RELAPSE).content
    assert plan == {"people": [{"name": "Alex", "phone": ""}]}
    # Written no plan yet: the screen still invites them to write one.
    assert "Write your prevention plan" in owner_client.get(reverse("urge")).content.decode()
    # The plan's own pages read and edit the person added here.
    assert "Alex" in owner_client.get(reverse("plan")).content.decode()
    assert 'value="Alex"' in owner_client.get(reverse("plan_edit")).content.decode()


def test_someone_elses_contact_is_not_found(world, owner_client):
    theirs = Contact.objects.create(owner=world.other_client, name="Not yours", phone="+1 555-0999")
    response = owner_client.post(reverse("urge_add_person"), {"person": f"contact-{theirs.pk}"})
    assert response.status_code == 404
    assert services.latest_plan(world.owner, PlanVersion.Kind.RELAPSE) is None


def test_nothing_is_offered_once_three_people_are_in_the_plan(world, owner_client):
    Contact.objects.create(owner=world.owner, name="Sam", phone="+1 555-0123")
    people = [{"name": name, "phone": ""} for name in ("Jo", "Kit", "Lee")]
    services.save_plan(world.owner, "relapse", {"people": people})
    assert _keys(owner_client.get(reverse("urge")).content.decode()) == []


def test_the_timer_shows_only_start_before_it_starts_and_a_breathing_guide():
    from django.contrib.staticfiles import finders

    script = Path(finders.find("recovery/js/timer.js")).read_text()
    css = Path(finders.find("recovery/css/recovery.css")).read_text()
    assert 'querySelectorAll("[data-timer]")' not in script  # "Reset" is not shown before a start
    assert "prefers-reduced-motion: reduce" in css
    assert ".breathing-circle { animation: none" in css
