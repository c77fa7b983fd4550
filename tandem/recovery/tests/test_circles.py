"""Circles: the library, versioning, SA's fixed definition, and an edit that would empty the inner circle."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.recovery import services
from tandem.recovery.models import CircleSet, Program
from tandem.recovery.services import ItemSpec, RecoveryError

from .conftest import make_program


def texts(circle_set, circle):
    return [i.text for i in circle_set.items.all() if i.circle == circle]


def test_editing_circles_makes_a_new_version_and_keeps_the_old_one(owner, program):
    first = services.current_circles(program)
    second = services.save_circles(
        program,
        [ItemSpec("inner", "Anonymous sex", "others"), ItemSpec("middle", "Driving past old places")],
        by=owner,
    )
    assert second.version == first.version + 1
    assert texts(first, "middle") == ["Staying up late alone online", "Keeping secrets"]
    assert texts(second, "middle") == ["Driving past old places"]
    assert services.current_circles(program) == second


def test_saving_the_same_circles_makes_no_new_version(owner, program):
    current = services.current_circles(program)
    same = [ItemSpec(i.circle, i.text, i.category, i.library_key) for i in current.items.all()]
    assert services.save_circles(program, same, by=owner) is None
    assert program.circle_sets.count() == 1


def test_past_check_ins_and_slips_keep_their_version(owner, program):
    yesterday = owner.local_today() - datetime.timedelta(days=1)
    v1 = services.current_circles(program)
    middle = [i for i in v1.items.all() if i.circle == "middle"]
    entry, _ = services.save_checkin(
        owner,
        program,
        yesterday,
        stayed_out=True,
        urge_level=3,
        items=middle[:1],
        triggers=[],
        feelings=[],
        meetings=0,
        calls=0,
        gratitude="",
        note="",
    )
    inner = [i for i in v1.items.all() if i.circle == "inner"][0]
    slip, _ = services.log_slip(owner, program, timezone.now() - datetime.timedelta(hours=1), behaviour=inner)
    v2 = services.save_circles(program, [ItemSpec("inner", "Something new", "solo")], by=owner)
    entry.refresh_from_db()
    slip.refresh_from_db()
    assert entry.circle_set == v1
    assert [i.text for i in entry.items.all()] == [middle[0].text]
    assert slip.circle_set == v1
    assert slip.behaviour == inner
    assert v2.version == 2
    # the old version is still readable, with its counts
    assert v1.checkins.count() == 1
    assert v1.slips.count() == 1


def test_a_back_dated_day_uses_the_version_in_force_then(owner, program):
    v1 = services.current_circles(program)
    CircleSet.objects.filter(pk=v1.pk).update(valid_from=owner.local_today() - datetime.timedelta(days=9))
    v2 = services.save_circles(program, [ItemSpec("inner", "Paying for sex", "others")], by=owner)
    assert services.circles_in_force(program, owner.local_today() - datetime.timedelta(days=5)) == v1
    assert services.circles_in_force(program, owner.local_today()) == v2
    assert services.circles_in_force(program, owner.local_today() - datetime.timedelta(days=30)) == v1


def test_the_inner_circle_cannot_be_emptied(owner, program):
    with pytest.raises(RecoveryError, match="inner circle can't be empty"):
        services.save_circles(program, [ItemSpec("middle", "Only a middle item")], by=owner)
    assert program.circle_sets.count() == 1


def test_the_editor_says_why_and_keeps_what_was_typed(owner_client, owner, program):
    current = services.current_circles(program)
    data = {f"keep_{i.pk}": "on" for i in current.items.all() if i.circle != "inner"}
    data["new_middle"] = "Something I typed"
    response = owner_client.post(reverse("circles_edit", args=[program.pk]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "inner circle can&#x27;t be empty" in html
    assert "Something I typed" in html
    assert program.circle_sets.count() == 1


def test_the_editor_saves_library_picks_and_own_items(owner_client, owner, program):
    current = services.current_circles(program)
    data = {f"keep_{i.pk}": "on" for i in current.items.all()}
    data.update(
        {
            "library_inner": ["porn"],
            "library_outer": ["exercise"],
            "new_inner_1": "Chatting with strangers at night",
            "new_inner_1_category": "risky",
            "new_middle": "Skipping lunch\n\nWorking late",
        }
    )
    response = owner_client.post(reverse("circles_edit", args=[program.pk]), data)
    assert response.status_code == 302
    latest = services.current_circles(program)
    assert latest.version == 2
    inner = {i.text: i.category for i in latest.items.all() if i.circle == "inner"}
    assert inner["Watching pornography"] == "solo"
    assert inner["Chatting with strangers at night"] == "risky"
    assert "Skipping lunch" in texts(latest, "middle")
    assert "Working late" in texts(latest, "middle")
    assert "Exercise or a walk outside" in texts(latest, "outer")


def test_an_own_inner_item_needs_a_category(owner_client, program):
    current = services.current_circles(program)
    data = {f"keep_{i.pk}": "on" for i in current.items.all()}
    data["new_inner_1"] = "Something"
    response = owner_client.post(reverse("circles_edit", args=[program.pk]), data)
    assert response.status_code == 200
    assert "Please choose what kind of behaviour" in response.content.decode()


def test_sa_has_a_fixed_definition_that_cannot_be_edited(owner, owner_client):
    program = make_program(owner, fellowship="sa")
    preset = services.current_circles(program)
    assert preset.preset
    assert texts(preset, "inner") == ["Sex with myself", "Sex with anyone other than my spouse"]
    # trying to change the inner circle keeps SA's definition; middle and outer are the member's own
    version = services.save_circles(
        program, [ItemSpec("inner", "My own idea", "solo"), ItemSpec("middle", "Late nights")], by=owner
    )
    assert texts(version, "inner") == ["Sex with myself", "Sex with anyone other than my spouse"]
    assert texts(version, "middle") == ["Late nights"]
    page = owner_client.get(reverse("circles_edit", args=[program.pk])).content.decode()
    assert "not edited under the SA name" in page
    assert 'name="new_inner_1"' not in page


def test_slaa_speaks_of_bottom_and_top_lines(owner, owner_client):
    program = make_program(owner, fellowship="slaa")
    page = owner_client.get(reverse("circles_edit", args=[program.pk])).content.decode()
    assert "Bottom lines (inner circle)" in page
    assert "Top lines (outer circle)" in page


def test_setting_up_with_a_past_sobriety_date_does_not_invent_a_slip(owner_client, owner):
    past = owner.local_today() - datetime.timedelta(days=400)
    response = owner_client.post(
        reverse("recovery_setup"),
        {"kind": "pornography", "fellowship": "saa", "sobriety_date": past.isoformat(), "higher_power": "no"},
    )
    program = Program.objects.get(owner=owner)
    assert response.status_code == 302
    assert response["Location"] == reverse("circles_edit", args=[program.pk])
    assert program.slips.count() == 0
    from tandem.recovery import insights

    [summary] = insights.sobriety_summary(owner)
    assert summary.streak_days == 400
    assert summary.total_sober_days == 400
    owner.refresh_from_db()
    assert owner.secular_wording is True


def test_setup_refuses_a_future_sobriety_date(owner_client, owner):
    future = owner.local_today() + datetime.timedelta(days=1)
    response = owner_client.post(
        reverse("recovery_setup"),
        {"kind": "sex", "fellowship": "saa", "sobriety_date": future.isoformat(), "higher_power": "yes"},
    )
    assert response.status_code == 200
    assert "in the future" in response.content.decode()
    assert not Program.objects.filter(owner=owner).exists()


def test_setup_submitted_twice_makes_one_program(owner_client, owner):
    page = owner_client.get(reverse("recovery_setup")).content.decode()
    import re

    nonce = re.search(r'name="nonce" value="([^"]+)"', page).group(1)
    data = {
        "kind": "sex",
        "fellowship": "saa",
        "sobriety_date": owner.local_today().isoformat(),
        "higher_power": "yes",
        "nonce": nonce,
    }
    owner_client.post(reverse("recovery_setup"), data)
    owner_client.post(reverse("recovery_setup"), data)
    assert Program.objects.filter(owner=owner).count() == 1


def test_another_person_cannot_open_my_circles(world, program):
    other = world.client_for("other_client")
    version = services.current_circles(program)
    assert other.get(reverse("circles_edit", args=[program.pk])).status_code == 404
    assert other.get(reverse("circles_version", args=[version.pk])).status_code == 404
    assert other.post(reverse("circles_edit", args=[program.pk]), {}).status_code == 404
