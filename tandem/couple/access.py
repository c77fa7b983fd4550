"""Who may reach each couple route (read by the role matrix, see tandem/core/routes.py).

The URL builders make objects of the test world: a disclosure opened by Dr Lee (therapist) for
Robin (owner) with Sam (partner) taking part, at the writing stage, with one version sent to
Dr Lee and one draft only Robin sees. Everyone else must get 404 for every one of those ids.
The builders reuse what already exists, so the leak test (which seeds drafts first) sees its
own markers in the same disclosure.
"""

from tandem.core.routes import Route

COUPLE_ROLES = {"owner", "other_client", "sponsor", "partner"}
"""Personas holding the client or the partner role (the sponsor is also a client)."""
CLIENT_ROLES = {"owner", "other_client", "sponsor"}


def _disclosure(world):
    from .models import Disclosure

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
    from django.db.models import Max
    from django.utils import timezone

    from .models import DisclosureVersion

    disclosure = _disclosure(world)
    version = disclosure.versions.filter(status=status).first()
    if version is None:
        number = (disclosure.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = DisclosureVersion.objects.create(
            owner=world.owner,
            disclosure=disclosure,
            number=number,
            status=status,
            text="# Opening\n\nWhat I want you to know.\n\n# Since we met\n\nThe rest of it.",
            sent_at=None if status == "draft" else timezone.now(),
        )
    return version


def _question(world):
    from .models import PartnerQuestion

    disclosure = _disclosure(world)
    question = PartnerQuestion.objects.filter(disclosure=disclosure, owner=world.partner).first()
    return question or PartnerQuestion.objects.create(owner=world.partner, disclosure=disclosure, text="When?")


def _agreement(world):
    from .models import Agreement

    return Agreement.objects.create(owner=world.owner, text="We talk on Sundays.", holder="client")


def _telling(world):
    from .models import TellingAgreement

    link = world.links["partner"]
    agreement = TellingAgreement.objects.filter(link=link, ended_at__isnull=True).first()
    return agreement or TellingAgreement.objects.create(owner=world.owner, link=link, proposed_by=world.owner)


def _slip(world):
    import datetime

    from django.utils import timezone

    from tandem.recovery.services import create_program, ensure_profile, log_slip

    ensure_profile(world.owner)
    program = create_program(
        world.owner, kind="sex", fellowship="saa", sobriety_date=world.owner.local_today() - datetime.timedelta(days=9)
    )
    slip, _ = log_slip(world.owner, program, timezone.now() - datetime.timedelta(hours=3), behaviour=None)
    return slip


def _partner_therapist_link(world):
    from tandem.core.testing import link
    from tandem.sharing.models import Link

    existing = Link.objects.filter(owner=world.partner, role="therapist", status="active").first()
    return existing or link(world.partner, world.other_therapist, "therapist", scopes=[])


def _only(allowed, ok=200, denied=404):
    return lambda world, persona, grants_on: ok if persona in allowed else denied


def _couple(ok=200):
    """Client or partner role pages: 403 for people holding neither role."""
    return _only(COUPLE_ROLES, ok, 403)


def _couple_party(ok):
    """An object of Robin and Sam's couple: 404 for other clients, 403 without the roles."""
    return lambda world, persona, grants_on: (
        ok if persona in {"owner", "partner"} else 404 if persona in COUPLE_ROLES else 403
    )


def _couple_owner(ok):
    return lambda world, persona, grants_on: ok if persona == "owner" else 404 if persona in COUPLE_ROLES else 403


def _therapist_action(ok):
    """role_required("therapist") + MFA, then the therapist of this disclosure only."""
    return lambda world, persona, grants_on: (
        ok if persona == "therapist" else 404 if persona == "other_therapist" else 403
    )


def _d(world, suffix=""):
    return f"/process/{_disclosure(world).pk}/{suffix}"


def _v(status, suffix=""):
    return lambda world: f"/process/versions/{_version(world, status).pk}/{suffix}"


PARTICIPANTS = {"owner", "therapist", "partner"}

ROUTES = [
    # The partner's own room
    Route("partner_home", "partner", deny_status=403),
    Route("partner_checkin", "partner", deny_status=403),
    Route("partner_checkins", "partner", deny_status=403),
    Route("partner_reading", "any"),
    Route("partner_reading_page", "any", url=lambda w: "/partner/reading/when-trust-is-broken/"),
    Route("trust_ratings", "partner", deny_status=403),
    Route(
        "trust_share",
        "partner",
        url=lambda w: f"/trust/share/{_partner_therapist_link(w).pk}/",
        method="POST",
        ok_status=302,
        deny_status=403,
    ),
    # Together
    Route("together", "any", expect=_couple()),
    Route(
        "telling_propose",
        "any",
        url=lambda w: f"/together/telling/{w.links['partner'].pk}/propose/",
        method="POST",
        expect=_couple_party(302),
    ),
    Route(
        "telling_agree",
        "any",
        url=lambda w: f"/together/telling/{_telling(w).pk}/agree/",
        method="POST",
        expect=_couple_party(302),
    ),
    Route(
        "telling_end",
        "any",
        url=lambda w: f"/together/telling/{_telling(w).pk}/end/",
        method="POST",
        expect=_couple_party(302),
    ),
    Route("slips_told", "client", deny_status=403),
    Route("slip_told", "owner", url=lambda w: f"/together/told/{_slip(w).pk}/"),
    Route("fanos", "any", expect=_couple()),
    Route("fanos_history", "any", expect=_couple()),
    Route("fanos_log", "any", method="POST", expect=_couple(302)),
    Route("fanos_prefs", "any", method="POST", expect=_couple(302)),
    Route("agreements", "any", expect=_couple()),
    Route("agreement_edit", "owner", url=lambda w: f"/agreements/{_agreement(w).pk}/", expect=_couple_owner(200)),
    Route(
        "agreement_delete",
        "owner",
        url=lambda w: f"/agreements/{_agreement(w).pk}/delete/",
        method="POST",
        expect=_couple_owner(302),
    ),
    # The formal process
    Route("disclosure_index", "any"),
    Route("disclosure_open", "therapist", deny_status=403),
    Route("disclosure_detail", "owner", url=_d, expect=_only(PARTICIPANTS)),
    Route(
        "disclosure_partner",
        "owner",
        url=lambda w: _d(w, "partner/"),
        method="POST",
        expect=_only({"owner"}, 302),
    ),
    Route(
        "disclosure_support",
        "owner",
        url=lambda w: _d(w, "support/"),
        method="POST",
        expect=_only({"partner"}, 302),
    ),
    Route("disclosure_readiness", "owner", url=lambda w: _d(w, "ready-check/"), expect=_only({"owner", "partner"})),
    Route(
        "disclosure_advance",
        "therapist",
        url=lambda w: _d(w, "advance/"),
        method="POST",
        expect=_therapist_action(302),
    ),
    Route("disclosure_back", "therapist", url=lambda w: _d(w, "back/"), method="POST", expect=_therapist_action(302)),
    Route("disclosure_version_new", "owner", url=lambda w: _d(w, "versions/new/")),
    Route("disclosure_version", "owner", url=_v("sent"), expect=_only({"owner", "therapist"})),
    Route("disclosure_version_edit", "owner", url=_v("draft", "edit/")),
    Route("disclosure_version_send", "owner", url=_v("draft", "send/"), method="POST", ok_status=302),
    Route("disclosure_version_changes", "owner", url=_v("sent", "changes/"), expect=_only({"owner", "therapist"})),
    Route(
        "disclosure_version_ready",
        "therapist",
        url=_v("sent", "ready/"),
        method="POST",
        expect=_therapist_action(302),
    ),
    Route(
        "disclosure_version_comment",
        "therapist",
        url=_v("sent", "comment/"),
        method="POST",
        expect=_therapist_action(302),
    ),
    Route("disclosure_questions", "owner", url=lambda w: _d(w, "questions/"), expect=_only({"therapist", "partner"})),
    Route(
        "disclosure_questions_give",
        "owner",
        url=lambda w: _d(w, "questions/give/"),
        method="POST",
        expect=_only({"partner"}, 302),
    ),
    Route(
        "disclosure_question_delete",
        "owner",
        url=lambda w: f"/process/questions/{_question(w).pk}/delete/",
        method="POST",
        expect=_only({"partner"}, 302),
    ),
    Route("disclosure_polygraph", "therapist", url=lambda w: _d(w, "polygraph/"), expect=_therapist_action(200)),
    Route("disclosure_session", "therapist", url=lambda w: _d(w, "session/"), expect=_therapist_action(200)),
    Route("disclosure_held", "therapist", url=lambda w: _d(w, "held/"), method="POST", expect=_therapist_action(302)),
    Route("disclosure_impact", "owner", url=lambda w: _d(w, "impact/"), expect=_only(PARTICIPANTS)),
    Route(
        "disclosure_impact_share",
        "owner",
        url=lambda w: _d(w, "impact/share/"),
        method="POST",
        expect=_only({"partner"}, 302),
    ),
    Route(
        "disclosure_impact_release",
        "therapist",
        url=lambda w: _d(w, "impact/release/"),
        method="POST",
        expect=_therapist_action(302),
    ),
    Route("disclosure_restitution", "owner", url=lambda w: _d(w, "restitution/"), expect=_only(PARTICIPANTS)),
    Route(
        "disclosure_restitution_send",
        "owner",
        url=lambda w: _d(w, "restitution/send/"),
        method="POST",
        expect=_only({"owner"}, 302),
    ),
    Route(
        "disclosure_restitution_review",
        "therapist",
        url=lambda w: _d(w, "restitution/review/"),
        method="POST",
        expect=_therapist_action(302),
    ),
    Route(
        "disclosure_restitution_share",
        "owner",
        url=lambda w: _d(w, "restitution/share/"),
        method="POST",
        expect=_only({"owner"}, 302),
    ),
    # A practice's rules
    Route("couple_practice", "practice_admin", deny_status=403),
]
