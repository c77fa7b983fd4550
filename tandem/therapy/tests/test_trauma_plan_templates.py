"""Treatment-plan templates for trauma work and for the partner's trauma (clinical safety pass, section 6)."""

import pytest

from .helpers import text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("key", "words"),
    [
        ("trauma", ("Trauma work, safely paced", "Stabilisation and grounding skills first", "flooding")),
        ("partner_trauma", ("The partner's recovery from betrayal", "betrayal trauma", "safety plan")),
    ],
)
def test_trauma_templates_fill_in_the_goal_form(world, key, words):
    url = f"/caseload/clients/{world.owner.pk}/plan/goals/new/?template={key}"
    page = text(world.client_for("therapist").get(url))
    for phrase in words:
        assert phrase in page, phrase
