"""Disclosure visibility at every stage, for every part: the client, the client's therapist, the
partner, the partner's therapist, the sponsor, an unrelated client and an unrelated therapist.

The partner never sees a draft, through any page, and sees the final text only after the session
was held and only when the practice's rule is to hand it over."""

import pytest
from django.test import Client
from django.urls import reverse

from tandem.couple import disclosure as process
from tandem.couple.models import DisclosureVersion, PracticePolicy
from tandem.couple.stages import ORDER, Stage
from tests.support.world import page_text

from .conftest import drive

VIEWERS = ("owner", "therapist", "partner", "partner_therapist", "sponsor", "other_client", "practice_admin")


def _user(world, name, partner_therapist):
    return partner_therapist if name == "partner_therapist" else world.persona(name)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _pages(d):
    """Every page of this disclosure, and every version page by id (drafts included)."""
    urls = [
        reverse("disclosure_detail", args=[d.pk]),
        reverse("disclosure_readiness", args=[d.pk]),
        reverse("disclosure_questions", args=[d.pk]),
        reverse("disclosure_impact", args=[d.pk]),
        reverse("disclosure_restitution", args=[d.pk]),
        reverse("disclosure_polygraph", args=[d.pk]),
        reverse("disclosure_session", args=[d.pk]),
        reverse("disclosure_index"),
        reverse("together"),
        reverse("home"),
        reverse("partner_home"),
        f"/shared/{d.owner_id}/",
    ]
    for version in DisclosureVersion.objects.filter(disclosure=d):
        urls += [
            reverse("disclosure_version", args=[version.pk]),
            reverse("disclosure_version_edit", args=[version.pk]),
            reverse("disclosure_version_changes", args=[version.pk]),
        ]
    return urls


def _everything(client, d) -> str:
    body = []
    for url in _pages(d):
        response = client.get(url, follow=True)
        body.append(response.content.decode())
    return "\n".join(body)


@pytest.mark.parametrize("stage", ORDER)
def test_what_each_person_sees_at_each_stage(world, with_partner, partner_therapist, stage):
    d = drive(world, with_partner, stage)
    held = stage in (Stage.IMPACT, Stage.RESTITUTION, Stage.DONE)
    wrote_drafts = ORDER.index(stage) >= ORDER.index(Stage.DRAFTING) + 1
    impact_shared = stage in (Stage.RESTITUTION, Stage.DONE)
    restitution_shared = stage == Stage.DONE
    # A draft only the client has seen (never sent), at the stages where writing is open.
    if stage in (Stage.DRAFTING, Stage.QUESTIONS, Stage.POLYGRAPH, Stage.SESSION):
        process.start_version(d, by=world.owner, text="Unsent thoughts UNSENTDRAFT")

    for name in VIEWERS:
        user = _user(world, name, partner_therapist)
        client = _client(user)
        detail = client.get(reverse("disclosure_detail", args=[d.pk]))
        participant = name in ("owner", "therapist", "partner", "partner_therapist")
        assert detail.status_code == (200 if participant else 404), (name, stage)
        seen = _everything(client, d)

        # Drafts: the client sees all; the client's therapist only sent versions; nobody else any.
        assert ("UNSENTDRAFT" in seen) == (
            name == "owner" and stage in (Stage.DRAFTING, Stage.QUESTIONS, Stage.POLYGRAPH, Stage.SESSION)
        ), (name, stage)
        if wrote_drafts:
            assert ("DRAFTONE" in seen) == (name in ("owner", "therapist")), (name, stage)
        # The final text: client and therapist once written; the partner side only after the session.
        if name in ("partner", "partner_therapist"):
            assert ("FINALTEXT" in seen) == held, (name, stage)
        elif name not in ("owner", "therapist"):
            assert "FINALTEXT" not in seen
        # The partner's questions: never the client; the therapist once given.
        if ORDER.index(stage) >= ORDER.index(Stage.QUESTIONS) + 1:
            expected = name in ("partner", "partner_therapist", "therapist")  # given to the therapist by now
            assert ("QUESTIONTEXT" in seen) == expected, (name, stage)
        # The impact letter: the partner side as written; client and therapist once shared.
        if held and stage != Stage.IMPACT:
            expected = name in ("partner", "partner_therapist") or (name in ("owner", "therapist") and impact_shared)
            assert ("IMPACTTEXT" in seen) == expected, (name, stage)
        # The restitution letter: the client; the therapist once sent; the partner side once shared.
        if stage == Stage.DONE:
            expected = name in ("owner", "therapist") or (
                name in ("partner", "partner_therapist") and restitution_shared
            )
            assert ("RESTITUTIONTEXT" in seen) == expected, (name, stage)


def test_the_partner_opening_a_draft_by_id_gets_404(world, with_partner, driver):
    d = driver(with_partner, Stage.QUESTIONS)
    draft = process.start_version(d, by=world.owner, text="Private draft PRIVATEDRAFT")
    sent = d.versions.exclude(status="draft").first()
    client = world.client_for("partner")
    for version in (draft, sent):
        for name in ("disclosure_version", "disclosure_version_edit", "disclosure_version_changes"):
            assert client.get(reverse(name, args=[version.pk])).status_code == 404
        assert client.post(reverse("disclosure_version_send", args=[version.pk])).status_code == 404
    # The client's therapist doesn't see an unsent draft either.
    therapist = world.client_for("therapist")
    assert therapist.get(reverse("disclosure_version", args=[draft.pk])).status_code == 404
    assert therapist.get(reverse("disclosure_version", args=[sent.pk])).status_code == 200


def test_final_text_stays_with_the_therapist_when_the_practice_says_so(world, disclosure):
    PracticePolicy.objects.create(practice=world.practice_a, hand_over_final=False)
    process.attach_partner(disclosure, by=world.owner, partner=world.partner)
    # The rule is taken when the process opens; this one opened with the default, so reopen.
    disclosure.stage = Stage.DONE
    disclosure.save()
    d = process.open_disclosure(therapist=world.therapist, client=world.owner)
    assert d.hand_over is False
    process.attach_partner(d, by=world.owner, partner=world.partner)
    d = drive(world, d, Stage.IMPACT)
    body = page_text(world.client_for("partner").get(reverse("disclosure_detail", args=[d.pk])))
    assert "FINALTEXT" not in body
    assert "stays with the therapist" in body
    assert "FINALTEXT" in page_text(
        world.client_for("owner").get(reverse("disclosure_version", args=[d.final_version_id]))
    )


def test_ending_a_link_ends_access_on_the_next_request(world, with_partner, driver):
    from tandem.sharing import services

    d = driver(with_partner, Stage.IMPACT)
    client = world.client_for("partner")
    assert "FINALTEXT" in page_text(client.get(reverse("disclosure_detail", args=[d.pk])))
    services.end_link(world.links["partner"], world.owner)
    assert client.get(reverse("disclosure_detail", args=[d.pk])).status_code == 404
    services.end_link(world.links["therapist"], world.owner)
    assert world.client_for("therapist").get(reverse("disclosure_detail", args=[d.pk])).status_code == 404


def test_a_therapist_without_a_second_step_is_sent_to_set_one_up(world, disclosure):
    from allauth.mfa.models import Authenticator

    Authenticator.objects.filter(user=world.therapist).delete()
    response = world.client_for("therapist").get(reverse("disclosure_detail", args=[disclosure.pk]))
    assert response.status_code == 302
    assert reverse("mfa_required") in response["Location"]


def test_the_partner_side_sees_no_client_side_events(world, with_partner, driver):
    d = driver(with_partner, Stage.SESSION)
    kinds = set(process.visible_events(d, process.PARTNER).values_list("kind", flat=True))
    assert "version_sent" not in kinds
    assert "version_ready" not in kinds
    assert {"stage", "questions", "scheduled"} <= kinds
    assert "version_ready" in set(process.visible_events(d, process.CLIENT).values_list("kind", flat=True))


def test_exports_keep_drafts_with_the_client_and_letters_with_their_writers(world, with_partner, driver):
    from tandem.sharing.export import export_for

    d = driver(with_partner, Stage.DONE)
    client_archive = str(export_for(world.owner))
    partner_archive = str(export_for(world.partner))
    therapist_archive = str(export_for(world.therapist))
    assert "DRAFTONE" in client_archive
    assert "FINALTEXT" in client_archive
    assert "RESTITUTIONTEXT" in client_archive
    for archive in (partner_archive, therapist_archive):
        assert "DRAFTONE" not in archive
        assert "FINALTEXT" not in archive
        assert "RESTITUTIONTEXT" not in archive
    assert "IMPACTTEXT" in partner_archive
    assert "QUESTIONTEXT" in partner_archive
    assert "IMPACTTEXT" not in client_archive
    assert "QUESTIONTEXT" not in client_archive
    assert d.final_version.owner_id == world.owner.pk


def test_the_partners_own_writing_outlives_the_clients_erasure(world, with_partner, driver):
    from tandem.sharing.erasure import erase_account
    from tandem.sharing.export import export_for

    driver(with_partner, Stage.RESTITUTION)
    erase_account(world.owner)
    archive = str(export_for(world.partner))
    assert "IMPACTTEXT" in archive
    assert "QUESTIONTEXT" in archive
    assert not DisclosureVersion.objects.exists()
