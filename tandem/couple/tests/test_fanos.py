"""FANOS: each prepares privately, the one-tap log is the couple's, the wording is the practice's."""

from django.urls import reverse

from tandem.couple.models import FanosLog, FanosPrep, PracticePolicy
from tandem.couple.policy import parse_fanos
from tests.support.world import page_text


def test_each_partner_prepares_privately(world):
    steps = {f"step_{i}": f"ROBINNOTE{i}" for i in range(5)}
    world.client_for("owner").post(reverse("fanos"), steps)
    world.client_for("partner").post(reverse("fanos"), {"step_0": "SAMNOTE feeling raw"})
    assert FanosPrep.objects.filter(owner=world.owner).count() == 1
    for page in ("fanos", "fanos_history", "together", "partner_home", "home"):
        sam_sees = page_text(world.client_for("partner").get(reverse(page)))
        robin_sees = page_text(world.client_for("owner").get(reverse(page)))
        assert "ROBINNOTE" not in sam_sees
        assert "SAMNOTE" not in robin_sees
    assert "ROBINNOTE4" in page_text(world.client_for("owner").get(reverse("fanos_history")))
    assert "SAMNOTE" in page_text(world.client_for("partner").get(reverse("fanos_history")))
    # Notes are exported only to their writer.
    from tandem.sharing.export import export_for

    assert "SAMNOTE" not in str(export_for(world.owner))
    assert "SAMNOTE" in str(export_for(world.partner))


def test_empty_notes_are_refused(world):
    response = world.client_for("partner").post(reverse("fanos"), {"step_0": "  "})
    assert "Write something" in " ".join(str(m) for m in response.wsgi_request._messages)
    assert not FanosPrep.objects.exists()


def test_partner_wording_differs(world):
    assert "Self-care" in page_text(world.client_for("partner").get(reverse("fanos")))
    assert "Sobriety" in page_text(world.client_for("owner").get(reverse("fanos")))


def test_we_did_fanos_today_once_for_both(world):
    world.client_for("owner").post(reverse("fanos_log"))
    response = world.client_for("partner").post(reverse("fanos_log"))
    assert "already noted" in " ".join(str(m) for m in response.wsgi_request._messages)
    log = FanosLog.objects.get()
    assert log.link == world.links["partner"]
    assert log.owner == world.owner
    assert "You did FANOS today" in page_text(world.client_for("partner").get(reverse("fanos")))
    # Someone else's couple can't be named.
    assert world.client_for("other_client").post(reverse("fanos_log"), {"couple": log.link_id}).status_code == 404


def test_the_rhythm_sets_the_next_date(world):
    client = world.client_for("partner")
    client.post(reverse("fanos_prefs"), {"cadence": "daily"})
    client.post(reverse("fanos_log"))
    body = page_text(client.get(reverse("together")))
    assert "Next, by your rhythm" in body
    bad = client.post(reverse("fanos_prefs"), {"cadence": "hourly"})
    assert "choose one of the rhythms" in " ".join(str(m) for m in bad.wsgi_request._messages)


def test_a_practice_sets_its_own_letters(world):
    PracticePolicy.objects.create(
        practice=world.practice_a,
        fanos_steps=parse_fanos("F | Feelings | PRACTICEPROMPT\nA | Affirmation | Something kind"),
    )
    assert "PRACTICEPROMPT" in page_text(world.client_for("owner").get(reverse("fanos")))
    # Sam has no therapist of their own: Robin's therapist's practice wording applies to the couple.
    assert "PRACTICEPROMPT" in page_text(world.client_for("partner").get(reverse("fanos")))
    assert "PRACTICEPROMPT" not in page_text(world.client_for("other_client").get(reverse("fanos")))
