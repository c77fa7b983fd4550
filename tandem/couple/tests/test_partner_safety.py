"""The partner's safety: the check-in's safety question, and "how safe I feel" at the bottom of the
scale. Help is shown to the partner in the page answering the POST (it works without JavaScript);
only a therapist the partner agreed to is alerted; the client is never told."""

import datetime

import time_machine
from django.conf import settings
from django.core import mail
from django.urls import reverse

from tandem.assessments.models import SafetyAlert
from tandem.core.safety import QUESTION
from tandem.sharing import services as sharing
from tandem.sharing.models import AccessLogEntry, Link
from tests.support.world import link, page_text

NOW = datetime.datetime(2026, 3, 10, 17, 0, tzinfo=datetime.UTC)
CALM = {"feelings": ["hurt"], "safety": "7", "note": "PRIVATE-NOTE"}


def card_of(page: str) -> str:
    return page.split('id="safety-card"')[1].split("</section>")[0]


def what_robin_sees(world) -> str:
    client = world.client_for("owner")
    pages = [reverse("home"), f"/shared/{world.partner.pk}/", reverse("privacy")]
    return " ".join(page_text(client.get(url)) for url in pages)


@time_machine.travel(NOW, tick=False)
def test_the_partner_check_in_asks_the_question_by_default_and_it_can_be_turned_off(world):
    sam = world.client_for("partner")
    assert str(QUESTION) in page_text(sam.get(reverse("partner_checkin")))
    world.partner.safety_question = False
    world.partner.save(update_fields=["safety_question"])
    assert str(QUESTION) not in page_text(sam.get(reverse("partner_checkin")))


@time_machine.travel(NOW, tick=False)
def test_a_yes_opens_the_card_with_dv_help_and_alerts_only_the_partners_own_agreed_therapist(
    world, django_capture_on_commit_callbacks
):
    own = link(world.partner, world.therapist, "therapist")
    Link.objects.filter(pk=own.pk).update(safety_alerts=True)
    Link.objects.filter(pk=world.links["therapist"].pk).update(safety_alerts=True)  # Robin's, not Sam's
    sam = world.client_for("partner")
    with django_capture_on_commit_callbacks(execute=True):
        response = sam.post(reverse("partner_checkin"), {**CALM, "safety_answer": "yes"})
    assert response.status_code == 200
    card = card_of(page_text(response))
    assert 'href="tel:988"' in card
    assert settings.TANDEM_DV_TEXT in card
    assert 'id="minimal-safety-plan"' in card or 'id="open-safety-plan"' in card
    alert = SafetyAlert.objects.get()
    assert alert.owner == world.partner
    assert alert.therapist == world.therapist
    assert alert.source == "partner_checkin"
    assert [m.to for m in mail.outbox] == [[world.therapist.email]]
    assert "Sam" in page_text(world.client_for("therapist").get("/questionnaires/alerts/"))
    # the check-in is saved, without the answer
    assert world.partner.pk
    assert "safety_answer" not in str(page_text(sam.get(reverse("partner_checkins"))))


@time_machine.travel(NOW, tick=False)
def test_a_yes_without_an_agreed_therapist_alerts_nobody_and_says_so(world):
    response = world.client_for("partner").post(reverse("partner_checkin"), {**CALM, "safety_answer": "yes"})
    assert "No one has been told about this answer" in card_of(page_text(response))
    assert SafetyAlert.objects.count() == 0
    assert mail.outbox == []


@time_machine.travel(NOW, tick=False)
def test_feeling_very_unsafe_in_the_check_in_shows_dv_help_and_the_card_privately(world):
    sharing.grant(world.links["partner"], "checkins", by=world.owner)
    sam = world.client_for("partner")
    response = sam.post(reverse("partner_checkin"), {**CALM, "safety": "1"})
    assert response.status_code == 200
    card = card_of(page_text(response))
    assert settings.TANDEM_DV_TEXT in card
    assert 'href="tel:988"' in card
    assert "your partner is not told" in card
    assert SafetyAlert.objects.count() == 0
    assert mail.outbox == []
    robin = what_robin_sees(world)
    assert settings.TANDEM_DV_TEXT not in robin
    assert "very unsafe" not in robin
    assert not AccessLogEntry.objects.filter(owner=world.partner).exists()
    # higher on the scale: saved as before
    assert sam.post(reverse("partner_checkin"), {**CALM, "safety": "3"}).status_code == 302


@time_machine.travel(NOW, tick=False)
def test_feeling_very_unsafe_with_my_partner_in_the_weekly_rating_shows_help_privately(world):
    sam = world.client_for("partner")
    response = sam.post(reverse("trust_ratings"), {"safety": "0", "trust": "6"})
    assert response.status_code == 200
    card = card_of(page_text(response))
    assert settings.TANDEM_DV_TEXT in card
    assert 'href="tel:988"' in card
    assert settings.TANDEM_DV_TEXT not in what_robin_sees(world)
    assert sam.post(reverse("trust_ratings"), {"safety": "5", "trust": "0"}).status_code == 302
