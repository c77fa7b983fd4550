"""URLs of the couple routes in the test world (tests/support/matrix.py).

The builders make a disclosure opened by Dr Lee (therapist) for Robin (owner) with Sam (partner)
taking part, at the writing stage, with one version sent to Dr Lee and one draft only Robin
sees. They reuse what already exists, so the leak test (which seeds drafts first) sees its own
markers in the same disclosure.
"""

import datetime

from django.db.models import Max
from django.utils import timezone

from tandem.couple.models import Agreement, Disclosure, DisclosureVersion, PartnerQuestion, TellingAgreement
from tandem.recovery.services import create_program, ensure_profile, log_slip
from tandem.sharing.models import Link
from tests.support.world import link


def _disclosure(world):
    disclosure = Disclosure.objects.filter(owner=world.owner).exclude(stage="done").first()
    if disclosure is None:
        disclosure = Disclosure.objects.create(
            owner=world.owner,
            therapist=world.therapist,
            practice=world.practice_a,
            partner=world.partner,
            stage="drafting",
        )
    return disclosure


def _version(world, status):
    disclosure = _disclosure(world)
    version = disclosure.versions.filter(status=status).first()
    if version is None:
        number = (disclosure.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = DisclosureVersion.objects.create(
            owner=world.owner,
            disclosure=disclosure,
            number=number,
            status=status,
            text="# ROBIN ONE\n\nWhat I want you to know.\n\n# ROBIN TWO\n\nThe rest of it.",
            sent_at=None if status == "draft" else timezone.now(),
        )
    return version


def _question(world):
    disclosure = _disclosure(world)
    question = PartnerQuestion.objects.filter(disclosure=disclosure, owner=world.partner).first()
    return question or PartnerQuestion.objects.create(owner=world.partner, disclosure=disclosure, text="When?")


def _agreement(world):
    return Agreement.objects.create(owner=world.owner, text="We talk on Sundays.", holder="client")


def _telling(world):
    partner_link = world.links["partner"]
    agreement = TellingAgreement.objects.filter(link=partner_link, ended_at__isnull=True).first()
    return agreement or TellingAgreement.objects.create(owner=world.owner, link=partner_link, proposed_by=world.owner)


def _slip(world):
    ensure_profile(world.owner)
    program = create_program(
        world.owner, kind="sex", fellowship="saa", sobriety_date=world.owner.local_today() - datetime.timedelta(days=9)
    )
    slip, _ = log_slip(world.owner, program, timezone.now() - datetime.timedelta(hours=3), behaviour=None)
    return slip


def _partner_therapist_link(world):
    existing = Link.objects.filter(owner=world.partner, role="therapist", status="active").first()
    return existing or link(world.partner, world.other_therapist, "therapist", scopes=[])


def _d(suffix=""):
    return lambda world: f"/process/{_disclosure(world).pk}/{suffix}"


def _v(status, suffix=""):
    return lambda world: f"/process/versions/{_version(world, status).pk}/{suffix}"


URLS = {
    "partner_reading_page": lambda world: "/partner/reading/when-trust-is-broken/",
    "trust_share": lambda world: f"/trust/share/{_partner_therapist_link(world).pk}/",
    "telling_propose": lambda world: f"/together/telling/{world.links['partner'].pk}/propose/",
    "telling_agree": lambda world: f"/together/telling/{_telling(world).pk}/agree/",
    "telling_end": lambda world: f"/together/telling/{_telling(world).pk}/end/",
    "slip_told": lambda world: f"/together/told/{_slip(world).pk}/",
    "agreement_edit": lambda world: f"/agreements/{_agreement(world).pk}/",
    "agreement_delete": lambda world: f"/agreements/{_agreement(world).pk}/delete/",
    "disclosure_detail": _d(),
    "disclosure_partner": _d("partner/"),
    "disclosure_support": _d("support/"),
    "disclosure_readiness": _d("ready-check/"),
    "disclosure_advance": _d("advance/"),
    "disclosure_back": _d("back/"),
    "disclosure_version_new": _d("versions/new/"),
    "disclosure_version": _v("sent"),
    "disclosure_version_edit": _v("draft", "edit/"),
    "disclosure_version_send": _v("draft", "send/"),
    "disclosure_version_changes": _v("sent", "changes/"),
    "disclosure_version_ready": _v("sent", "ready/"),
    "disclosure_version_comment": _v("sent", "comment/"),
    "disclosure_questions": _d("questions/"),
    "disclosure_questions_give": _d("questions/give/"),
    "disclosure_question_delete": lambda world: f"/process/questions/{_question(world).pk}/delete/",
    "disclosure_polygraph": _d("polygraph/"),
    "disclosure_session": _d("session/"),
    "disclosure_held": _d("held/"),
    "disclosure_impact": _d("impact/"),
    "disclosure_impact_share": _d("impact/share/"),
    "disclosure_impact_release": _d("impact/release/"),
    "disclosure_restitution": _d("restitution/"),
    "disclosure_restitution_send": _d("restitution/send/"),
    "disclosure_restitution_review": _d("restitution/review/"),
    "disclosure_restitution_share": _d("restitution/share/"),
}
