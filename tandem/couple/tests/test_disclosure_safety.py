"""Disclosure held safely: the client's checklist asks about the days after and a reachable
therapist; the partner is asked, privately, whether they feel afraid of their partner (seen by the
partner and the therapists only, with domestic-violence help beside it); the impact letter reaches
the client only when their therapist releases it for a session together."""

import json

import pytest
from django.conf import settings
from django.urls import reverse

from tandem.couple import disclosure as process
from tandem.couple import readiness
from tandem.couple.models import ImpactLetter, ReadinessCheck
from tandem.couple.stages import Stage
from tandem.sharing.export import export_for
from tests.support.world import page_text

from .test_disclosure_visibility import _everything, _user

AFRAID = str(readiness.AFRAID_QUESTION)


def _messages(response) -> str:
    return " ".join(str(m) for m in response.wsgi_request._messages)


def test_the_clients_checklist_asks_about_the_days_after_and_a_reachable_therapist(world, with_partner):
    keys = readiness.keys_for("client")
    assert {"safety_plan", "therapist_after"} <= keys
    labels = {key: str(label) for key, label in readiness.items_for("client")}
    assert "safety plan for the days after" in labels["safety_plan"]
    assert "therapist can be reached after the session" in labels["therapist_after"]
    # Without them the checklist isn't complete, so the session can't be reached.
    check = process.save_readiness(with_partner, by=world.owner, keys=keys - {"safety_plan", "therapist_after"})
    assert check.completed_at is None
    page = page_text(world.client_for("owner").get(reverse("disclosure_readiness", args=[with_partner.pk])))
    assert labels["safety_plan"] in page
    assert labels["therapist_after"] in page


def test_the_partner_is_asked_privately_about_feeling_afraid(world, with_partner, partner_therapist):
    d = with_partner
    url = reverse("disclosure_readiness", args=[d.pk])
    partner = world.client_for("partner")
    form = page_text(partner.get(url))
    assert AFRAID in form
    assert settings.TANDEM_DV_TEXT in form
    assert AFRAID not in page_text(world.client_for("owner").get(url))

    response = partner.post(url, {"items": sorted(readiness.keys_for("partner")), "afraid": "sometimes"})
    assert response.status_code == 302
    check = ReadinessCheck.objects.get(side="partner")
    assert check.afraid == "sometimes"
    assert check.completed_at is not None  # an answer, not a readiness item: it never blocks or counts

    detail = reverse("disclosure_detail", args=[d.pk])
    for name in ("partner", "therapist", "partner_therapist"):
        body = page_text(_client(world, name, partner_therapist).get(detail))
        assert "Do you ever feel afraid of your partner?”: <strong>Sometimes</strong>" in body, name
        assert settings.TANDEM_DV_TEXT in body, name
    # The client: on no page of the process, nor in their export.
    seen = _everything(world.client_for("owner"), d)
    assert "afraid of your partner" not in seen
    assert "Sometimes" not in seen
    assert "sometimes" not in json.dumps(export_for(world.owner), default=str).lower()


def test_an_afraid_answer_must_be_one_of_the_choices(world, with_partner):
    with pytest.raises(process.DisclosureError):
        process.save_readiness(with_partner, by=world.partner, keys=[], afraid="terrified")
    with pytest.raises(process.DisclosureError):
        process.save_readiness(with_partner, by=world.owner, keys=[], afraid="no")
    assert not ReadinessCheck.objects.filter(afraid="no").exists()


def _client(world, name, partner_therapist):
    from django.test import Client

    client = Client()
    client.force_login(_user(world, name, partner_therapist))
    return client


def test_the_impact_letter_reaches_the_client_only_when_the_therapist_releases_it(world, with_partner, driver):
    d = driver(with_partner, Stage.IMPACT)
    process.save_impact(d, by=world.partner, text="What this did to me IMPACTONE")
    process.share_impact(d, by=world.partner)
    url = reverse("disclosure_impact", args=[d.pk])
    owner, therapist = world.client_for("owner"), world.client_for("therapist")

    assert "IMPACTONE" in page_text(therapist.get(url))
    shared_only = page_text(owner.get(url))
    assert "IMPACTONE" not in shared_only
    assert "comes to you through Dr Lee, in a session together" in shared_only
    assert "IMPACTONE" not in page_text(owner.get(reverse("disclosure_detail", args=[d.pk])))
    d.refresh_from_db()
    assert d.stage == Stage.IMPACT
    assert process.blockers(d, Stage.RESTITUTION) == [
        "The impact letter hasn't been released to the client for a session together yet."
    ]

    release = reverse("disclosure_impact_release", args=[d.pk])
    assert world.client_for("partner").post(release).status_code == 403  # not a therapist
    assert owner.post(release).status_code == 403
    assert ImpactLetter.objects.get().released_at is None

    therapist.post(release)
    assert ImpactLetter.objects.get().released_at is not None
    assert "IMPACTONE" in page_text(owner.get(url))
    d.refresh_from_db()
    assert d.stage == Stage.RESTITUTION
    assert "already released" in _messages(therapist.post(release))


def test_a_letter_not_yet_shared_cannot_be_released(world, with_partner, driver):
    d = driver(with_partner, Stage.IMPACT)
    process.save_impact(d, by=world.partner, text="Still writing")
    with pytest.raises(process.DisclosureError):
        process.release_impact(d, by=world.therapist)
    assert ImpactLetter.objects.get().released_at is None
