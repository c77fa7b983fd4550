"""Help that fits the behaviour (clinical safety pass, section 6): PEP within 72 hours after a risky
slip; confidential help when an illegal behaviour is in the circles and on the crisis page, both
configurable; love and relationship addiction with behaviours and a reading page of its own."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from tandem.core.env import env_json
from tandem.recovery import services
from tandem.recovery.forms import CirclesForm
from tandem.recovery.library import Category, Circle, library_for
from tandem.recovery.models import Slip
from tandem.recovery.services import ItemSpec
from tests.support.world import page_text

from .test_slips import inner, slip_data

pytestmark = pytest.mark.django_db


def test_a_risky_slip_says_pep_must_start_within_72_hours_and_suggests_testing(owner_client, owner, program):
    owner_client.post(reverse("slip_new"), slip_data(owner, program, behaviour=str(inner(program, "risky").pk)))
    page = page_text(owner_client.get(reverse("slip_detail", args=[Slip.objects.get().pk]) + "?new=1"))
    assert "within 72 hours" in page
    assert "PEP" in page
    assert "HIV" in page
    assert "test" in page


def test_circles_with_an_illegal_behaviour_show_confidential_help(owner_client, owner):
    services.ensure_profile(owner)
    program = services.create_program(owner, kind="sex", fellowship="saa", sobriety_date=owner.local_today())
    services.save_circles(program, [ItemSpec("inner", "Anonymous sex", "others")], by=owner)
    assert "Stop It Now" not in page_text(owner_client.get(reverse("circles")))
    services.save_circles(
        program,
        [ItemSpec("inner", "Anonymous sex", "others"), ItemSpec("inner", "Watching people", "illegal")],
        by=owner,
    )
    page = page_text(owner_client.get(reverse("circles")))
    assert "Confidential help" in page
    assert "Stop It Now" in page
    assert "tel:18887738368" in page


def test_the_crisis_page_shows_confidential_help_to_anyone(client):
    page = page_text(client.get(reverse("crisis")))
    assert "worried about your own sexual thoughts or behaviour" in page
    assert "Stop It Now" in page


def test_the_help_is_configurable(settings, client, owner_client, program):
    settings.TANDEM_RECOVERY_RESOURCES = {
        "illegal": [{"title": "Local line", "text": "Call us.", "phone": "0800 1"}],
        "risky": [{"title": "City clinic", "text": "Walk in.", "url": "https://clinic.example/"}],
    }
    for page in (page_text(client.get(reverse("crisis"))), page_text(owner_client.get(reverse("circles")))):
        assert "Local line" in page
        assert 'href="tel:08001"' in page
        assert "Stop It Now" not in page


def test_resources_come_from_the_environment_as_json(monkeypatch):
    monkeypatch.setenv("TANDEM_RECOVERY_RESOURCES", '{"illegal": [{"title": "A", "text": "B"}]}')
    assert env_json("TANDEM_RECOVERY_RESOURCES") == {"illegal": [{"title": "A", "text": "B"}]}
    monkeypatch.setenv("TANDEM_RECOVERY_RESOURCES", "{not json")
    with pytest.raises(ImproperlyConfigured):
        env_json("TANDEM_RECOVERY_RESOURCES")
    monkeypatch.delenv("TANDEM_RECOVERY_RESOURCES")
    assert env_json("TANDEM_RECOVERY_RESOURCES", None) is None


def test_love_addiction_has_behaviours_of_its_own_in_every_circle():
    for circle in Circle.ORDER:
        love = library_for(circle, "love")
        assert love[0].kinds == ("love",), circle  # listed first for a love program
        assert {b.key for b in love if b.kinds} - {b.key for b in library_for(circle, "sex")}, circle
    assert {b.key for b in library_for(Circle.INNER, "sex", "slaa") if b.kinds}  # SLAA members see them too
    assert all(b.category in (Category.SOLO, Category.OTHERS) for b in library_for(Circle.INNER, "love") if b.kinds)


def test_a_love_program_can_pick_them_in_the_circles_editor(owner):
    services.ensure_profile(owner)
    program = services.create_program(owner, kind="love", fellowship="none", sobriety_date=owner.local_today())
    form = CirclesForm(
        {"library_inner": ["love-going-back"], "library_middle": ["love-fantasy"]},
        program=program,
        current_items={c: [] for c in Circle.ORDER},
    )
    assert form.is_valid(), form.errors
    texts = [spec.text for spec in form.specs()]
    assert "Going back to a relationship I know is harmful to me" in texts
    sex = services.create_program(owner, kind="sex", fellowship="saa", sobriety_date=owner.local_today())
    choices = dict(
        CirclesForm(program=sex, current_items={c: [] for c in Circle.ORDER}).fields["library_inner"].choices
    )
    assert "love-going-back" not in choices


def test_a_short_reading_page_on_love_and_relationship_addiction(owner_client):
    assert "Love and relationship addiction" in page_text(owner_client.get(reverse("learn")))
    page = page_text(owner_client.get(reverse("learn_page", args=["love-and-relationship-addiction"])))
    assert "<h1>Love and relationship addiction</h1>" in page
    assert "What helps" in page
