"""Fixtures for the couple tests.

disclosure          opened by world.therapist (Dr Lee) for world.owner (Robin), with
                    world.partner (Sam) taking part; at the preparation stage
partner_therapist   world.other_therapist (Dr Kim, another practice), linked by Sam as
                    Sam's own therapist and attached to the disclosure
drive(d, stage)     moves a disclosure forward through the real services to `stage`
"""

import datetime

import pytest
from django.utils import timezone

from tandem.couple import disclosure as process
from tandem.couple import readiness
from tandem.couple.models import Polygraph
from tandem.couple.stages import ORDER, Stage
from tests.support.world import link

DRAFT_TEXT = "# Opening\n\nFirst draft paragraph DRAFTONE.\n\n# Since we met\n\nSecond paragraph."
FINAL_TEXT = "# Opening\n\nThe full truth FINALTEXT.\n\n# Since we met\n\nEverything else, told plainly."


@pytest.fixture
def disclosure(world):
    return process.open_disclosure(therapist=world.therapist, client=world.owner)


@pytest.fixture
def with_partner(world, disclosure):
    process.attach_partner(disclosure, by=world.owner, partner=world.partner)
    disclosure.refresh_from_db()
    return disclosure


@pytest.fixture
def partner_therapist(world, with_partner):
    link(world.partner, world.other_therapist, "therapist", scopes=[])
    process.attach_partner_therapist(with_partner, by=world.partner, therapist=world.other_therapist)
    with_partner.refresh_from_db()
    return world.other_therapist


def _fresh(d):
    d.refresh_from_db()
    return d


def drive(world, d, stage: str):
    """Move `d` forward with the real services until it reaches `stage`."""
    target = ORDER.index(stage)
    while ORDER.index(_fresh(d).stage) < target:
        current = d.stage
        if current == Stage.PREPARATION:
            process.advance(d, by=world.therapist, target=Stage.DRAFTING)
        elif current == Stage.DRAFTING:
            first = process.start_version(d, by=world.owner, text=DRAFT_TEXT)
            process.send_version(first, by=world.owner)
            process.advance(d, by=world.therapist, target=Stage.QUESTIONS)
        elif current == Stage.QUESTIONS:
            if d.partner_id:
                process.add_question(d, by=world.partner, text="Were there others? QUESTIONTEXT")
                process.release_questions(d, by=world.partner)
            if stage == Stage.POLYGRAPH:
                process.advance(_fresh(d), by=world.therapist, target=Stage.POLYGRAPH)
                continue
            _prepare_session(world, d)
            process.advance(_fresh(d), by=world.therapist, target=Stage.SESSION)
        elif current == Stage.POLYGRAPH:
            if not Polygraph.objects.filter(disclosure=d).exists():
                process.record_polygraph(
                    d,
                    by=world.therapist,
                    taken_on=world.therapist.local_today(),
                    questions="Q POLYQ",
                    outcome="No deception",
                )
            _prepare_session(world, d)
            process.advance(_fresh(d), by=world.therapist, target=Stage.SESSION)
        elif current == Stage.SESSION:
            process.mark_held(d, by=world.therapist)
        elif current == Stage.IMPACT:
            if d.partner_id:
                process.save_impact(d, by=world.partner, text="How it hurt IMPACTTEXT")
                process.share_impact(d, by=world.partner)
                process.release_impact(_fresh(d), by=world.therapist)
            else:
                process.advance(d, by=world.therapist, target=Stage.RESTITUTION)
        elif current == Stage.RESTITUTION:
            process.save_restitution(d, by=world.owner, text="I understand RESTITUTIONTEXT")
            process.send_restitution(d, by=world.owner)
            process.review_restitution(d, by=world.therapist, approve=True)
            if d.partner_id:
                process.share_restitution(d, by=world.owner)
            else:
                process.advance(d, by=world.therapist, target=Stage.DONE)
    return _fresh(d)


def _prepare_session(world, d):
    d = _fresh(d)
    final = process.start_version(d, by=world.owner, text=FINAL_TEXT)
    process.send_version(final, by=world.owner)
    process.mark_ready(final, by=world.therapist)
    process.schedule_session(d, by=world.therapist, when=timezone.now() + datetime.timedelta(days=7))
    process.save_readiness(d, by=world.owner, keys=readiness.keys_for("client"))
    if d.partner_id:
        process.save_readiness(d, by=world.partner, keys=readiness.keys_for("partner"))


@pytest.fixture
def driver(world):
    return lambda d, stage: drive(world, d, stage)
