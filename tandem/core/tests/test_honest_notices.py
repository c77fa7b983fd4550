"""Honest notices (clinical safety pass, section 5): the one limits-of-confidentiality notice stands
before every place where what a person writes or shares could fall under a duty to report, and
no page promises a privacy that a scope or a group can't keep."""

from pathlib import Path

import pytest
from django.urls import reverse

from tandem.recovery import services as recovery
from tandem.recovery.services import ItemSpec
from tests.support.world import page_text

NOTICE = "Limits of confidentiality."
TANDEM = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


def program_with(owner, *items):
    recovery.ensure_profile(owner)
    program = recovery.create_program(owner, kind="sex", fellowship="saa", sobriety_date=owner.local_today())
    recovery.save_circles(program, list(items), by=owner)
    return program


def test_the_notice_is_written_once_and_names_sponsors_and_partners():
    holders = [
        p.relative_to(TANDEM).as_posix()
        for p in TANDEM.rglob("*")
        if p.suffix in {".html", ".py"} and "tests" not in p.parts and "legal duties to report" in p.read_text()
    ]
    assert holders == ["core/templates/core/_confidentiality.html"]
    text = (TANDEM / "core/templates/core/_confidentiality.html").read_text()
    assert "sponsor" in text
    assert "partner" in text
    assert "never reports anything" in text


@pytest.mark.parametrize(("step", "shown"), [(3, False), (4, True), (5, True), (6, False)])
def test_the_inventory_steps_carry_the_notice(world, step, shown):
    page = page_text(world.client_for("owner").get(reverse("step_detail", args=[step])))
    assert (NOTICE in page) is shown
    if shown:
        assert page.index(NOTICE) < page.index('<form method="post"', page.index("<h1"))


def test_the_family_map_and_its_abuse_lines_carry_the_notice(world):
    client = world.client_for("owner")
    assert NOTICE in page_text(client.get(reverse("family")))
    client.post(reverse("family_start"))
    line_form = page_text(client.get(reverse("family_line_add")))
    assert NOTICE in line_form
    assert "An abuse line" in line_form
    assert line_form.index(NOTICE) < line_form.index('<form method="post"', line_form.index("<h1"))


def test_circles_that_list_an_illegal_behaviour_carry_the_notice(world):
    owner = world.owner
    client = world.client_for("owner")
    program = program_with(owner, ItemSpec("inner", "Anonymous sex", "others"))
    assert NOTICE not in page_text(client.get(reverse("circles")))
    assert NOTICE in page_text(client.get(reverse("circles_edit", args=[program.pk])))  # the library lists them
    recovery.save_circles(
        program,
        [ItemSpec("inner", "Anonymous sex", "others"), ItemSpec("inner", "Exposing myself", "illegal")],
        by=owner,
    )
    assert NOTICE in page_text(client.get(reverse("circles")))


def test_inviting_anyone_and_accepting_a_therapist_carry_the_notice(world):
    page = page_text(world.client_for("owner").get(reverse("invite")))
    assert NOTICE in page
    assert "Before you invite anyone" in page
    assert page.index(NOTICE) < page.index('<form method="post"', page.index("<h1"))


def test_a_therapy_group_says_what_is_true_about_confidentiality(world):
    from tandem.therapy.tests.test_groups import two_members

    group, robin, _ = two_members(world)
    page = page_text(robin.get(f"/groups/{group.pk}/"))
    assert "stays here" not in page
    assert "Tandem can't make sure they do" in page
    assert "therapist reads everything posted here" in page


def test_the_check_in_note_says_who_can_read_it(world):
    program_with(world.owner, ItemSpec("inner", "Anonymous sex", "others"))
    page = page_text(world.client_for("owner").get(reverse("checkin")))
    assert "optional, private" not in page
    assert "Whoever you share your check-ins with can read this." in page


def test_the_safety_plan_does_not_promise_nobody_sees_it(world):
    page = page_text(world.client_for("owner").get(reverse("safety_plan_edit")))
    assert "nobody else sees it" not in page
    assert "unless you share your safety plan" in page
