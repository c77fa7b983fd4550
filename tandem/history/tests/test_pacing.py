"""Pacing for work on the past (clinical safety pass, section 6): the timeline and the family map say
go slowly, stop when flooded, use your plan, leave the hardest parts for sessions; a way to pause
and the crisis link are at hand. The family outline can take in the partner's side."""

import pytest
from django.urls import reverse

from tandem.history.models import ParentChild, Relative, Union
from tests.support.world import page_text

pytestmark = pytest.mark.django_db

PACING = ("Go slowly", "Stop when it gets too much", "Use your plan", "with your therapist")


@pytest.mark.parametrize("name", ["timeline", "family"])
def test_the_pages_carry_pacing_a_pause_and_the_crisis_link(world, name):
    page = page_text(world.client_for("owner").get(reverse(name)))
    for phrase in PACING:
        assert phrase in page, phrase
    assert f'href="{reverse("history_break")}"' in page
    assert page.count(f'href="{reverse("crisis")}"') >= 2  # the base template's, and one in the guidance


@pytest.mark.parametrize("name", ["timeline_add", "family_person_add"])
def test_the_forms_offer_a_pause(world, name):
    page = page_text(world.client_for("owner").get(reverse(name)))
    assert "Feeling flooded?" in page
    assert f'href="{reverse("history_break")}"' in page


@pytest.mark.parametrize("persona", ["owner", "partner"])
def test_the_break_page_helps_settle_and_leads_back(world, persona):
    page = page_text(world.client_for(persona).get(reverse("history_break")))
    assert "<h1>Take a break</h1>" in page
    assert "What you saved is kept" in page
    assert f'href="{reverse("safety_plan")}"' in page
    assert f'href="{reverse("timeline")}"' in page


def test_the_outline_can_take_in_the_partners_side(world):
    client = world.client_for("owner")
    assert "Add my partner and their parents too" in page_text(client.get(reverse("family")))
    client.post(reverse("family_start"), {"with_partner": "on"})
    people = {p.name: p for p in Relative.objects.filter(owner=world.owner)}
    assert len(people) == 10
    partner = people["My partner"]
    assert Union.objects.filter(owner=world.owner, partner_a=people["Me"], partner_b=partner).exists()
    parents = {pc.parent.name for pc in ParentChild.objects.filter(owner=world.owner, child=partner)}
    assert parents == {"Partner's mother", "Partner's father"}


def test_the_outline_without_the_partner_stays_three_generations(world):
    world.client_for("owner").post(reverse("family_start"))
    assert Relative.objects.filter(owner=world.owner).count() == 7
