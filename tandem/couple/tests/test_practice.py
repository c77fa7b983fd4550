"""A practice admin sets the hand-over rule and the FANOS wording for their practice."""

from django.urls import reverse

from tandem.couple import disclosure as process
from tandem.couple.models import PracticePolicy
from tandem.sharing.models import AuditEvent
from tests.support.world import page_text


def test_the_practice_admin_sets_the_rules(world):
    admin = world.client_for("practice_admin")
    page = page_text(admin.get(reverse("couple_practice")))
    assert "Harbour Counselling" in page
    assert "F | Feelings" in page
    bad = admin.post(reverse("couple_practice"), {"fanos": "F | Feelings"})
    assert "at least a letter, a word and a prompt" in page_text(bad)
    assert not PracticePolicy.objects.exists()
    admin.post(reverse("couple_practice"), {"fanos": "F | Feelings | How are you?\nN | Needs | What do you need?"})
    policy = PracticePolicy.objects.get(practice=world.practice_a)
    assert policy.hand_over_final is False  # unticked checkbox
    assert [s["letter"] for s in policy.fanos_steps] == ["F", "N"]
    assert AuditEvent.objects.filter(action="couple.practice_rules", actor=world.practice_admin).exists()
    d = process.open_disclosure(therapist=world.therapist, client=world.owner)
    assert d.hand_over is False
    assert "stays with the therapist" in page_text(
        world.client_for("owner").get(reverse("disclosure_detail", args=[d.pk]))
    )


def test_only_practice_admins(world):
    for persona in ("therapist", "owner", "partner"):
        assert world.client_for(persona).get(reverse("couple_practice")).status_code == 403


def test_the_therapists_home_lists_their_processes(world):
    d = process.open_disclosure(therapist=world.therapist, client=world.owner)
    body = page_text(world.client_for("therapist").get(reverse("home")))
    assert "Robin" in body
    assert d.stage_label in body
    assert "Robin" not in page_text(world.client_for("other_therapist").get(reverse("home")))
