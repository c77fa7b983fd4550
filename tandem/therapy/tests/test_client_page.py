"""One client's page: each shared section only when granted, each read logged by the gate."""

from tandem.sharing import gate
from tandem.sharing.models import AccessLogEntry

from .helpers import revoke, slip, text


def url(world):
    return f"/caseload/clients/{world.owner.pk}/"


def test_each_shared_section_is_shown_and_its_read_logged(world):
    slip(world.owner, days_ago=3)
    response = world.client_for("therapist").get(url(world))
    assert response.status_code == 200
    page = text(response)
    visible = gate.visible_scopes(world.therapist, world.owner)
    logged = set(
        AccessLogEntry.objects.filter(owner=world.owner, viewer=world.therapist, object_kind="client page").values_list(
            "scope", flat=True
        )
    )
    assert logged == visible
    for heading in ("Sobriety summary", "Daily check-ins", "Questionnaires", "Homework"):
        assert heading in page
    assert "Journal" not in page  # not shared with a therapist by default
    assert "Slip in the last 7 days" in page  # the flags, on top


def test_a_section_disappears_with_its_grant(world):
    revoke(world, "checkins")
    revoke(world, "homework")
    page = text(world.client_for("therapist").get(url(world)))
    assert "Daily check-ins" not in page
    assert ">Homework<" not in page
    assert not AccessLogEntry.objects.filter(owner=world.owner, scope__in=["checkins", "homework"]).exists()


def test_nothing_shared_still_opens_and_says_so(world):
    world.revoke_all()
    response = world.client_for("therapist").get(url(world))
    assert response.status_code == 200
    assert "isn't sharing anything with you right now" in text(response)


def test_only_the_linked_therapist(world):
    assert world.client_for("other_therapist").get(url(world)).status_code == 404
    for persona in ("owner", "partner", "sponsor", "practice_admin"):
        assert world.client_for(persona).get(url(world)).status_code == 403
    assert world.client_for("therapist").get(f"/caseload/clients/{world.other_client.pk}/").status_code == 404


def test_the_page_lists_its_sections_to_jump_between(world):
    page = text(world.client_for("therapist").get(url(world)))
    jump = page.split('aria-labelledby="jump-heading"')[1].split("</nav>")[0]
    for scope in sorted(gate.visible_scopes(world.therapist, world.owner)):
        assert f'href="#scope-{scope}"' in jump, scope
        assert f'id="scope-{scope}"' in page
    assert 'href="#flags-heading"' in jump
    assert 'href="#notes-heading"' in jump
    assert page.count('href="#jump"') == len(gate.visible_scopes(world.therapist, world.owner))
