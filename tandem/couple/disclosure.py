"""The formal therapeutic disclosure: who takes part, what each may see at each stage, and
every action, each of which is logged as an event and in the audit log.

Visibility is its own process, not a sharing grant:

- the client sees everything of their own, and the partner's questions never;
- the client's therapist (active therapist link, MFA) sees versions once sent, the partner's
  questions once released, the impact letter once shared, the restitution letter once sent;
- the client sees the impact letter only once their therapist releases it for a session together;
- the partner's private answer about feeling afraid (readiness) reaches only the two therapists;
- the partner sees no version, ever; the final text only after the session was held and only
  if the practice's rule is to hand it over; the restitution letter once shared;
- the partner's therapist (the partner's own active therapist link) sees what the partner sees,
  plus the partner's questions and impact letter as they are written, and both checklists;
- everyone else: 404.

Actions raise DisclosureError with a message for the person; nothing changes when they do.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import dateformat, timezone
from django.utils.translation import gettext

from tandem.accounts.models import User
from tandem.sharing.models import Link, LinkRole, LinkStatus, audit

from . import readiness, stages, texts
from .models import (
    Disclosure,
    DisclosureEvent,
    DisclosureVersion,
    DraftComment,
    ImpactLetter,
    PartnerQuestion,
    Polygraph,
    ReadinessCheck,
    RestitutionLetter,
)
from .policy import hand_over_rule
from .stages import Stage

CLIENT = "client"
THERAPIST = "therapist"
PARTNER = "partner"
PARTNER_THERAPIST = "partner_therapist"
THERAPIST_ROLES = frozenset({THERAPIST, PARTNER_THERAPIST})
PARTNER_SIDE = frozenset({PARTNER, PARTNER_THERAPIST})
MAX_TEXT = 60_000
MAX_QUESTION = 2_000
MAX_QUESTIONS = 60

Kind = DisclosureEvent.Kind
CLIENT_SIDE_EVENTS = frozenset(
    {
        Kind.VERSION_SENT,
        Kind.VERSION_READY,
        Kind.COMMENTED,
        Kind.RESTITUTION_SENT,
        Kind.RESTITUTION_REVIEWED,
        Kind.RESTITUTION_CHANGES,
    }
)


class DisclosureError(Exception):
    """An action that isn't possible now; the message says why, in plain words."""


# --- who takes part -------------------------------------------------------------------------


def _linked(owner_id, member_id, role) -> bool:
    if not owner_id or not member_id:
        return False
    return Link.objects.filter(
        owner_id=owner_id, member_id=member_id, role=role, status=LinkStatus.ACTIVE, owner__is_active=True
    ).exists()


def role_in(disclosure: Disclosure, user) -> str | None:
    """The part `user` plays in this disclosure now, or None (then they see nothing of it)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if user.pk == disclosure.owner_id:
        return CLIENT
    if (
        user.pk == disclosure.therapist_id
        and user.has_role("therapist")
        and _linked(disclosure.owner_id, user.pk, LinkRole.THERAPIST)
    ):
        return THERAPIST
    if user.pk == disclosure.partner_id and _linked(disclosure.owner_id, user.pk, LinkRole.PARTNER):
        return PARTNER
    if (
        disclosure.partner_id
        and user.pk == disclosure.partner_therapist_id
        and user.has_role("therapist")
        and _linked(disclosure.partner_id, user.pk, LinkRole.THERAPIST)
        and _linked(disclosure.owner_id, disclosure.partner_id, LinkRole.PARTNER)
    ):
        return PARTNER_THERAPIST
    return None


def disclosures_for(user) -> list[tuple[Disclosure, str]]:
    """Every disclosure this person takes part in now, with their part in it."""
    from django.db.models import Q

    candidates = (
        Disclosure.objects.filter(
            Q(owner=user) | Q(therapist=user) | Q(partner=user) | Q(partner_therapist=user),
            owner__is_active=True,
        )
        .select_related("owner", "therapist", "partner", "partner_therapist")
        .order_by("-created_at")
    )
    result = []
    for disclosure in candidates:
        role = role_in(disclosure, user)
        if role:
            result.append((disclosure, role))
    return result


def client_choices(therapist):
    """Clients a therapist may open a disclosure for: those with an active therapist link."""
    ids = Link.objects.filter(member=therapist, role=LinkRole.THERAPIST, status=LinkStatus.ACTIVE).values("owner")
    return User.objects.filter(pk__in=ids, is_active=True).order_by("display_name", "pk")


def partner_choices(client):
    ids = Link.objects.filter(owner=client, role=LinkRole.PARTNER, status=LinkStatus.ACTIVE).values("member")
    return User.objects.filter(pk__in=ids, is_active=True).order_by("display_name", "pk")


def partner_therapist_choices(partner):
    ids = Link.objects.filter(owner=partner, role=LinkRole.THERAPIST, status=LinkStatus.ACTIVE).values("member")
    return User.objects.filter(pk__in=ids, is_active=True, roles__role="therapist").distinct().order_by("display_name")


# --- what each may see ----------------------------------------------------------------------


def visible_versions(disclosure: Disclosure, role: str):
    """Versions this role may read. The partner side: none, ever (the final text is separate)."""
    if role == CLIENT:
        return disclosure.versions.all()
    if role == THERAPIST:
        return disclosure.versions.exclude(status=DisclosureVersion.Status.DRAFT)
    return DisclosureVersion.objects.none()


def final_text_visible(disclosure: Disclosure, role: str) -> bool:
    if not disclosure.held or disclosure.final_version_id is None:
        return False
    if role in (CLIENT, THERAPIST):
        return True
    return role in PARTNER_SIDE and disclosure.hand_over


def questions_visible(disclosure: Disclosure, role: str) -> bool:
    if role in PARTNER_SIDE:
        return True
    return role == THERAPIST and disclosure.questions_released_at is not None


def impact_visible(letter: ImpactLetter | None, role: str) -> bool:
    """The partner side as it is written; the client's therapist once shared; the client only once
    that therapist releases it for a session together (never the moment the partner shares it)."""
    if letter is None:
        return False
    if role in PARTNER_SIDE:
        return True
    if role == THERAPIST:
        return letter.shared_at is not None
    return role == CLIENT and letter.shared_at is not None and letter.released_at is not None


def restitution_visible(letter: RestitutionLetter | None, role: str) -> bool:
    if letter is None:
        return False
    if role == CLIENT:
        return True
    if role == THERAPIST:
        return letter.status != RestitutionLetter.Status.DRAFT
    return role in PARTNER_SIDE and letter.shared_at is not None


def polygraph_visible(disclosure: Disclosure, role: str) -> bool:
    return role in (CLIENT, THERAPIST) or (role in PARTNER_SIDE and disclosure.held)


def checklists_visible(role: str) -> set[str]:
    if role in THERAPIST_ROLES:
        return {"client", "partner"}
    return {"client"} if role == CLIENT else {"partner"}


def visible_events(disclosure: Disclosure, role: str):
    events = disclosure.events.select_related("actor")
    if role in PARTNER_SIDE:
        events = events.exclude(kind__in=CLIENT_SIDE_EVENTS)
    return events


def version_for(user, pk) -> tuple[DisclosureVersion, str] | None:
    """A version and the reader's part, if the reader may see that version; else None."""
    version = DisclosureVersion.objects.select_related("disclosure").filter(pk=pk).first()
    if version is None:
        return None
    role = role_in(version.disclosure, user)
    if role is None or not visible_versions(version.disclosure, role).filter(pk=version.pk).exists():
        return None
    return version, role


# --- events ---------------------------------------------------------------------------------


def _log(disclosure, actor, kind, *, from_stage="", to_stage="", **detail):
    DisclosureEvent.objects.create(
        disclosure=disclosure, actor=actor, kind=kind, from_stage=from_stage, to_stage=to_stage
    )
    audit(
        f"disclosure.{kind}",
        actor=actor,
        subject=disclosure.owner,
        disclosure=disclosure.pk,
        **({"from_stage": from_stage, "to_stage": to_stage} if to_stage else {}),
        **detail,
    )


def _set_stage(disclosure, actor, target, kind=Kind.STAGE):
    before = disclosure.stage
    disclosure.stage = target
    disclosure.save(update_fields=["stage"])
    _log(disclosure, actor, kind, from_stage=before, to_stage=target)


def _locked(disclosure) -> Disclosure:
    return Disclosure.objects.select_for_update().get(pk=disclosure.pk)


def _require(role, *allowed):
    if role not in allowed:
        raise DisclosureError(gettext("That isn't yours to do in this process."))


# --- opening and who joins ------------------------------------------------------------------


def open_disclosure(*, therapist, client) -> Disclosure:
    link = (
        Link.objects.filter(owner=client, member=therapist, role=LinkRole.THERAPIST, status=LinkStatus.ACTIVE)
        .select_related("practice")
        .first()
    )
    if link is None or not therapist.has_role("therapist"):
        raise DisclosureError(gettext("You can open a disclosure only for a client who is linked with you."))
    practice = link.practice
    if practice is None:
        assignment = therapist.roles.filter(role="therapist").select_related("practice").first()
        practice = assignment.practice if assignment else None
    with transaction.atomic():
        if Disclosure.objects.filter(owner=client).exclude(stage=Stage.DONE).exists():
            raise DisclosureError(gettext("%(name)s already has a disclosure in progress.") % {"name": client})
        try:
            with transaction.atomic():
                disclosure = Disclosure.objects.create(
                    owner=client, therapist=therapist, practice=practice, hand_over=hand_over_rule(practice)
                )
        except IntegrityError:
            raise DisclosureError(
                gettext("%(name)s already has a disclosure in progress.") % {"name": client}
            ) from None
        _log(disclosure, therapist, Kind.OPENED, to_stage=Stage.PREPARATION)
    return disclosure


def attach_partner(disclosure, *, by, partner) -> None:
    _require(role_in(disclosure, by), CLIENT)
    if disclosure.partner_id:
        raise DisclosureError(gettext("Your partner already takes part in this process."))
    if disclosure.held:
        raise DisclosureError(gettext("The session has been held; the people taking part can't change now."))
    if partner is None or not _linked(disclosure.owner_id, partner.pk, LinkRole.PARTNER):
        raise DisclosureError(gettext("Please choose someone you're linked with as your partner."))
    with transaction.atomic():
        disclosure = _locked(disclosure)
        if disclosure.partner_id:
            raise DisclosureError(gettext("Your partner already takes part in this process."))
        disclosure.partner = partner
        disclosure.save(update_fields=["partner"])
        _log(disclosure, by, Kind.PARTNER)


def attach_partner_therapist(disclosure, *, by, therapist) -> None:
    _require(role_in(disclosure, by), PARTNER)
    if therapist is None or not therapist.has_role("therapist") or not _linked(by.pk, therapist.pk, LinkRole.THERAPIST):
        raise DisclosureError(gettext("Please choose a therapist you're linked with."))
    if disclosure.partner_therapist_id == therapist.pk:
        raise DisclosureError(gettext("%(name)s already supports you in this process.") % {"name": therapist})
    with transaction.atomic():
        disclosure = _locked(disclosure)
        disclosure.partner_therapist = therapist
        disclosure.save(update_fields=["partner_therapist"])
        _log(disclosure, by, Kind.PARTNER_THERAPIST)


# --- readiness ------------------------------------------------------------------------------


def checklist(disclosure, side) -> ReadinessCheck | None:
    return disclosure.readiness.filter(side=side).first()


def save_readiness(disclosure, *, by, keys, afraid: str | None = None) -> ReadinessCheck:
    """Save a person's checklist; the partner may also answer the private question about feeling
    afraid (`afraid`: a key of readiness.AFRAID_CHOICES, "" for no answer, None to leave it)."""
    role = role_in(disclosure, by)
    _require(role, CLIENT, PARTNER)
    if disclosure.held:
        raise DisclosureError(gettext("The session has been held; the checklist is kept as it was."))
    side = ReadinessCheck.Side.CLIENT if role == CLIENT else ReadinessCheck.Side.PARTNER
    allowed = readiness.keys_for(side)
    unknown = set(keys) - allowed
    if unknown:
        raise DisclosureError(gettext("That isn't an item of this checklist."))
    if afraid is not None and (side != ReadinessCheck.Side.PARTNER or afraid not in {"", *readiness.AFRAID_KEYS}):
        raise DisclosureError(gettext("That isn't an answer to this question."))
    with transaction.atomic():
        check, _ = ReadinessCheck.objects.select_for_update().get_or_create(
            disclosure=disclosure, side=side, defaults={"owner": by}
        )
        was_complete = check.completed_at is not None
        check.items = sorted(set(keys))
        if afraid is not None:
            check.afraid = afraid
        complete = set(check.items) == allowed
        check.completed_at = (check.completed_at or timezone.now()) if complete else None
        check.save()
        if complete and not was_complete:
            _log(disclosure, by, Kind.READINESS, side=side)
    return check


def readiness_complete(disclosure, side) -> bool:
    check = checklist(disclosure, side)
    return check is not None and check.completed_at is not None


# --- versions -------------------------------------------------------------------------------


def _clean_text(text: str, limit=MAX_TEXT) -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise DisclosureError(gettext("Please write something first."))
    if len(text) > limit:
        raise DisclosureError(
            gettext("That's longer than we can keep (%(limit)s characters).") % {"limit": f"{limit:,}"}
        )
    return text


def _writing_open(disclosure):
    if disclosure.stage == Stage.PREPARATION:
        raise DisclosureError(gettext("Writing opens when your therapist moves the process on from preparation."))
    if disclosure.stage not in stages.WRITING:
        raise DisclosureError(gettext("The session has been held, so the disclosure can't change any more."))


def latest_version(disclosure) -> DisclosureVersion | None:
    return disclosure.versions.order_by("-number").first()


def current_draft(disclosure) -> DisclosureVersion | None:
    return disclosure.versions.filter(status=DisclosureVersion.Status.DRAFT).first()


def start_version(disclosure, *, by, text) -> DisclosureVersion:
    _require(role_in(disclosure, by), CLIENT)
    _writing_open(disclosure)
    text = _clean_text(text)
    with transaction.atomic():
        disclosure = _locked(disclosure)
        _writing_open(disclosure)
        draft = current_draft(disclosure)
        if draft is not None:
            raise DisclosureError(
                gettext("Version %(number)s is still being written. Finish it and send it before starting another.")
                % {"number": draft.number}
            )
        number = (disclosure.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        return DisclosureVersion.objects.create(owner=by, disclosure=disclosure, number=number, text=text)


def _locked_message(version) -> str:
    if version.status == DisclosureVersion.Status.READY:
        if version.ready_by:
            return gettext(
                "Version %(number)s was marked ready by %(name)s, so it can't change. "
                "If something needs to change, start a new version."
            ) % {"number": version.number, "name": version.ready_by}
        return gettext(
            "Version %(number)s was marked ready, so it can't change. "
            "If something needs to change, start a new version."
        ) % {"number": version.number}
    return gettext(
        "Version %(number)s has been sent to your therapist, so it can't change. Start a new version for your changes."
    ) % {"number": version.number}


def edit_version(version, *, by, text) -> None:
    _require(role_in(version.disclosure, by), CLIENT)
    text = _clean_text(text)
    with transaction.atomic():
        locked = DisclosureVersion.objects.select_for_update().get(pk=version.pk)
        if locked.status != DisclosureVersion.Status.DRAFT:
            raise DisclosureError(_locked_message(locked))
        _writing_open(locked.disclosure)
        locked.text = text
        locked.save(update_fields=["text", "updated_at"])


def send_version(version, *, by) -> None:
    _require(role_in(version.disclosure, by), CLIENT)
    with transaction.atomic():
        locked = DisclosureVersion.objects.select_for_update().get(pk=version.pk)
        if locked.status != DisclosureVersion.Status.DRAFT:
            raise DisclosureError(gettext("Version %(number)s has already been sent.") % {"number": locked.number})
        _writing_open(locked.disclosure)
        if not locked.disclosure.therapist_id:
            raise DisclosureError(gettext("There is no therapist to send it to."))
        locked.status = DisclosureVersion.Status.SENT
        locked.sent_at = timezone.now()
        locked.save(update_fields=["status", "sent_at", "updated_at"])
        _log(locked.disclosure, by, Kind.VERSION_SENT, version=locked.number)


def mark_ready(version, *, by) -> None:
    _require(role_in(version.disclosure, by), THERAPIST)
    with transaction.atomic():
        locked = DisclosureVersion.objects.select_for_update().select_related("disclosure").get(pk=version.pk)
        if locked.status == DisclosureVersion.Status.READY:
            raise DisclosureError(gettext("Version %(number)s is already marked ready.") % {"number": locked.number})
        if locked.status == DisclosureVersion.Status.DRAFT:
            raise DisclosureError(
                gettext("Version %(number)s hasn't been sent to you yet.") % {"number": locked.number}
            )
        if locked.disclosure.stage not in stages.WRITING:
            raise DisclosureError(gettext("The session has been held; the final version is fixed."))
        newer = locked.disclosure.versions.filter(number__gt=locked.number).exclude(
            status=DisclosureVersion.Status.DRAFT
        )
        if newer.exists():
            raise DisclosureError(
                gettext("There is a newer version than version %(number)s; please read that one.")
                % {"number": locked.number}
            )
        locked.status = DisclosureVersion.Status.READY
        locked.ready_at = timezone.now()
        locked.ready_by = by
        locked.save(update_fields=["status", "ready_at", "ready_by", "updated_at"])
        _log(locked.disclosure, by, Kind.VERSION_READY, version=locked.number)


def add_comment(version, *, by, anchor: str, text: str) -> DraftComment:
    _require(role_in(version.disclosure, by), THERAPIST)
    if version.status == DisclosureVersion.Status.DRAFT:
        raise DisclosureError(gettext("That version hasn't been sent to you."))
    valid = {key for key, _ in texts.anchors(version.text)}
    if anchor not in valid:
        raise DisclosureError(gettext("Please choose where the comment belongs."))
    text = _clean_text(text, limit=5_000)
    comment = DraftComment.objects.create(author=by, version=version, anchor=anchor, text=text)
    _log(version.disclosure, by, Kind.COMMENTED, version=version.number)
    return comment


def previous_visible(version, role) -> DisclosureVersion | None:
    return visible_versions(version.disclosure, role).filter(number__lt=version.number).order_by("-number").first()


# --- stages ---------------------------------------------------------------------------------


def blockers(disclosure, target: str) -> list[str]:
    """What must happen before the process can move to `target` (empty: nothing)."""
    needs = []
    versions = disclosure.versions.all()
    if target == Stage.QUESTIONS and not versions.exclude(status=DisclosureVersion.Status.DRAFT).exists():
        needs.append(gettext("The client has to send you at least one version first."))
    if (
        target in (Stage.POLYGRAPH, Stage.SESSION)
        and disclosure.stage == Stage.QUESTIONS
        and disclosure.partner_id
        and disclosure.questions_released_at is None
    ):
        needs.append(gettext("The partner hasn't given you their questions yet."))
    if target == Stage.SESSION:
        if disclosure.stage == Stage.POLYGRAPH and not Polygraph.objects.filter(disclosure=disclosure).exists():
            needs.append(gettext("Record the polygraph first, or go back a step if there isn't one."))
        if not versions.filter(status=DisclosureVersion.Status.READY).exists():
            needs.append(gettext("No version has been marked ready yet."))
        if disclosure.session_at is None:
            needs.append(gettext("The session hasn't been scheduled yet."))
        if not readiness_complete(disclosure, "client"):
            needs.append(gettext("The client's readiness checklist isn't complete yet."))
        if disclosure.partner_id and not readiness_complete(disclosure, "partner"):
            needs.append(gettext("The partner's readiness checklist isn't complete yet."))
    if target == Stage.RESTITUTION and disclosure.partner_id:
        letter = ImpactLetter.objects.filter(disclosure=disclosure).first()
        if letter is None or letter.shared_at is None:
            needs.append(gettext("The partner hasn't shared their impact letter yet."))
        elif letter.released_at is None:
            needs.append(gettext("The impact letter hasn't been released to the client for a session together yet."))
    if target == Stage.DONE and disclosure.partner_id:
        letter = RestitutionLetter.objects.filter(disclosure=disclosure).first()
        if letter is None or letter.shared_at is None:
            needs.append(gettext("The restitution letter hasn't been shared yet."))
    return needs


def next_moves(disclosure) -> list[tuple[str, list[str]]]:
    """The stages a therapist could move to next, each with what still stands in the way."""
    return [(target, blockers(disclosure, target)) for target in stages.FORWARD.get(disclosure.stage, ())]


def advance(disclosure, *, by, target: str) -> None:
    _require(role_in(disclosure, by), THERAPIST)
    with transaction.atomic():
        disclosure = _locked(disclosure)
        if not stages.can_move_forward(disclosure.stage, target):
            raise DisclosureError(stages.skip_message(disclosure.stage, target))
        needs = blockers(disclosure, target)
        if needs:
            raise DisclosureError(" ".join(needs))
        _set_stage(disclosure, by, target)


def step_back(disclosure, *, by) -> str:
    _require(role_in(disclosure, by), THERAPIST)
    with transaction.atomic():
        disclosure = _locked(disclosure)
        target = stages.previous(
            disclosure.stage, polygraph_recorded=Polygraph.objects.filter(disclosure=disclosure).exists()
        )
        if target is None:
            if disclosure.stage == Stage.PREPARATION:
                raise DisclosureError(gettext("This is the first stage; there is nothing to go back to."))
            raise DisclosureError(gettext("The session has been held; the process can't go back before it."))
        _set_stage(disclosure, by, target, kind=Kind.STAGE_BACK)
    return target


# --- the partner's questions ----------------------------------------------------------------


def _asking_open(disclosure):
    if disclosure.questions_released_at is not None:
        raise DisclosureError(
            gettext("You've already given your questions to the therapist, so they can't change now.")
        )
    if disclosure.stage not in stages.ASKING:
        raise DisclosureError(gettext("The time for questions before the session has passed."))


def add_question(disclosure, *, by, text) -> PartnerQuestion:
    _require(role_in(disclosure, by), PARTNER)
    text = _clean_text(text, limit=MAX_QUESTION)
    with transaction.atomic():
        disclosure = _locked(disclosure)
        _asking_open(disclosure)
        if disclosure.questions.count() >= MAX_QUESTIONS:
            raise DisclosureError(
                gettext("That's %(count)s questions, as many as we keep. Perhaps combine some?")
                % {"count": MAX_QUESTIONS}
            )
        return PartnerQuestion.objects.create(owner=by, disclosure=disclosure, text=text)


def delete_question(question, *, by) -> None:
    _require(role_in(question.disclosure, by), PARTNER)
    if question.owner_id != by.pk:
        raise DisclosureError(gettext("That isn't your question."))
    with transaction.atomic():
        disclosure = _locked(question.disclosure)
        _asking_open(disclosure)
        question.delete()


def release_questions(disclosure, *, by) -> None:
    _require(role_in(disclosure, by), PARTNER)
    with transaction.atomic():
        disclosure = _locked(disclosure)
        if disclosure.questions_released_at is not None:
            raise DisclosureError(gettext("You've already given your questions to the therapist."))
        if disclosure.stage not in stages.ASKING:
            raise DisclosureError(gettext("The time for questions before the session has passed."))
        if not disclosure.questions.exists():
            raise DisclosureError(gettext("There are no questions to give yet. Write at least one first."))
        disclosure.questions_released_at = timezone.now()
        disclosure.save(update_fields=["questions_released_at"])
        _log(disclosure, by, Kind.QUESTIONS, count=disclosure.questions.count())


# --- polygraph and session ------------------------------------------------------------------


def record_polygraph(disclosure, *, by, taken_on, questions, outcome) -> Polygraph:
    _require(role_in(disclosure, by), THERAPIST)
    if disclosure.stage != Stage.POLYGRAPH:
        raise DisclosureError(gettext("A polygraph is recorded at the polygraph stage, after the partner's questions."))
    questions = _clean_text(questions, limit=10_000)
    outcome = _clean_text(outcome, limit=5_000)
    with transaction.atomic():
        polygraph, _ = Polygraph.objects.update_or_create(
            disclosure=disclosure,
            defaults={
                "owner": disclosure.owner,
                "taken_on": taken_on,
                "questions": questions,
                "outcome": outcome,
                "recorded_by": by,
            },
        )
        _log(disclosure, by, Kind.POLYGRAPH)
    return polygraph


def schedule_session(disclosure, *, by, when) -> None:
    _require(role_in(disclosure, by), THERAPIST)
    if disclosure.held:
        raise DisclosureError(gettext("The session has already been held."))
    if disclosure.stage == Stage.PREPARATION:
        raise DisclosureError(gettext("The session can be scheduled once writing has begun."))
    disclosure.session_at = when
    disclosure.save(update_fields=["session_at"])
    _log(disclosure, by, Kind.SCHEDULED)


def mark_held(disclosure, *, by) -> DisclosureVersion:
    _require(role_in(disclosure, by), THERAPIST)
    with transaction.atomic():
        disclosure = _locked(disclosure)
        if disclosure.held:
            raise DisclosureError(gettext("The session has already been marked held."))
        if disclosure.stage != Stage.SESSION:
            raise DisclosureError(
                gettext(
                    "The process is at “%(stage)s”. Move it on to the session stage before marking the session held."
                )
                % {"stage": disclosure.stage_label}
            )
        latest_sent = disclosure.versions.exclude(status=DisclosureVersion.Status.DRAFT).order_by("-number").first()
        if latest_sent is None or latest_sent.status != DisclosureVersion.Status.READY:
            raise DisclosureError(
                gettext(
                    "The latest version sent to you isn't marked ready. Mark it ready (or ask the client to "
                    "send the one that is) before the session."
                )
            )
        disclosure.held_at = timezone.now()
        disclosure.held_by = by
        disclosure.final_version = latest_sent
        disclosure.save(update_fields=["held_at", "held_by", "final_version"])
        _log(disclosure, by, Kind.HELD, version=latest_sent.number, handed_over=disclosure.hand_over)
        _set_stage(disclosure, by, Stage.IMPACT)
    return latest_sent


# --- the letters ----------------------------------------------------------------------------


def impact_letter(disclosure) -> ImpactLetter | None:
    return ImpactLetter.objects.filter(disclosure=disclosure).first()


def save_impact(disclosure, *, by, text) -> ImpactLetter:
    _require(role_in(disclosure, by), PARTNER)
    if not disclosure.held:
        raise DisclosureError(gettext("The impact letter comes after the session."))
    text = _clean_text(text)
    with transaction.atomic():
        letter = ImpactLetter.objects.select_for_update().filter(disclosure=disclosure).first()
        if letter is not None and letter.shared_at is not None:
            raise DisclosureError(gettext("You've already shared your impact letter, so it can't change now."))
        if letter is None:
            return ImpactLetter.objects.create(owner=by, disclosure=disclosure, text=text)
        letter.text = text
        letter.save(update_fields=["text", "updated_at"])
        return letter


def share_impact(disclosure, *, by) -> None:
    _require(role_in(disclosure, by), PARTNER)
    with transaction.atomic():
        disclosure = _locked(disclosure)
        letter = ImpactLetter.objects.select_for_update().filter(disclosure=disclosure).first()
        if letter is None:
            raise DisclosureError(gettext("There's no letter to share yet."))
        if letter.shared_at is not None:
            raise DisclosureError(
                gettext("You already shared your impact letter on %(date)s.") % {"date": _day(letter.shared_at)}
            )
        letter.shared_at = timezone.now()
        letter.save(update_fields=["shared_at"])
        _log(disclosure, by, Kind.IMPACT_SHARED)


def release_impact(disclosure, *, by) -> None:
    """The client's therapist gives the shared impact letter to the client, for the session where
    they read it together; the process moves on to the restitution letter."""
    _require(role_in(disclosure, by), THERAPIST)
    with transaction.atomic():
        disclosure = _locked(disclosure)
        letter = ImpactLetter.objects.select_for_update().filter(disclosure=disclosure).first()
        if letter is None or letter.shared_at is None:
            raise DisclosureError(gettext("The partner hasn't shared their impact letter yet."))
        if letter.released_at is not None:
            raise DisclosureError(
                gettext("You already released the impact letter on %(date)s.") % {"date": _day(letter.released_at)}
            )
        letter.released_at = timezone.now()
        letter.save(update_fields=["released_at"])
        _log(disclosure, by, Kind.IMPACT_RELEASED)
        if disclosure.stage == Stage.IMPACT:
            _set_stage(disclosure, by, Stage.RESTITUTION)


def restitution_letter(disclosure) -> RestitutionLetter | None:
    return RestitutionLetter.objects.filter(disclosure=disclosure).first()


def _restitution_open(disclosure):
    if disclosure.stage != Stage.RESTITUTION:
        raise DisclosureError(
            gettext(
                "The restitution letter is written after you've read your partner's impact letter with your therapist."
            )
        )


def save_restitution(disclosure, *, by, text) -> RestitutionLetter:
    _require(role_in(disclosure, by), CLIENT)
    _restitution_open(disclosure)
    text = _clean_text(text)
    with transaction.atomic():
        letter = RestitutionLetter.objects.select_for_update().filter(disclosure=disclosure).first()
        if letter is not None and letter.status != RestitutionLetter.Status.DRAFT:
            raise DisclosureError(
                gettext("Your letter is %(status)s, so it can't change now.")
                % {"status": str(letter.get_status_display()).lower()}
                if letter.status != RestitutionLetter.Status.SENT
                else gettext("Your letter is with your therapist, so it can't change until they've read it.")
            )
        if letter is None:
            return RestitutionLetter.objects.create(owner=by, disclosure=disclosure, text=text)
        letter.text = text
        letter.save(update_fields=["text", "updated_at"])
        return letter


def send_restitution(disclosure, *, by) -> None:
    _require(role_in(disclosure, by), CLIENT)
    with transaction.atomic():
        letter = RestitutionLetter.objects.select_for_update().filter(disclosure=disclosure).first()
        if letter is None:
            raise DisclosureError(gettext("There's no letter to send yet."))
        if letter.status != RestitutionLetter.Status.DRAFT:
            raise DisclosureError(gettext("Your letter has already been sent to your therapist."))
        letter.status = RestitutionLetter.Status.SENT
        letter.sent_at = timezone.now()
        letter.save(update_fields=["status", "sent_at", "updated_at"])
        _log(disclosure, by, Kind.RESTITUTION_SENT)


def review_restitution(disclosure, *, by, approve: bool, note: str = "") -> None:
    _require(role_in(disclosure, by), THERAPIST)
    with transaction.atomic():
        letter = RestitutionLetter.objects.select_for_update().filter(disclosure=disclosure).first()
        if letter is None or letter.status == RestitutionLetter.Status.DRAFT:
            raise DisclosureError(gettext("The letter hasn't been sent to you yet."))
        if letter.status != RestitutionLetter.Status.SENT:
            raise DisclosureError(gettext("You've already reviewed this letter."))
        letter.review_note = (note or "").strip()[:5_000]
        letter.reviewed_by = by
        letter.reviewed_at = timezone.now()
        letter.status = RestitutionLetter.Status.REVIEWED if approve else RestitutionLetter.Status.DRAFT
        letter.save()
        _log(disclosure, by, Kind.RESTITUTION_REVIEWED if approve else Kind.RESTITUTION_CHANGES)


def share_restitution(disclosure, *, by) -> None:
    _require(role_in(disclosure, by), CLIENT)
    with transaction.atomic():
        disclosure = _locked(disclosure)
        letter = RestitutionLetter.objects.select_for_update().filter(disclosure=disclosure).first()
        if letter is None:
            raise DisclosureError(gettext("There's no letter to share yet."))
        if letter.status == RestitutionLetter.Status.SHARED:
            raise DisclosureError(
                gettext("You already shared your letter on %(date)s.") % {"date": _day(letter.shared_at)}
            )
        if letter.status != RestitutionLetter.Status.REVIEWED:
            raise DisclosureError(gettext("Your therapist reviews the letter before it is shared."))
        if not disclosure.partner_id:
            raise DisclosureError(
                gettext("Your partner doesn't take part in this process here, so there's nobody to share it with.")
            )
        letter.status = RestitutionLetter.Status.SHARED
        letter.shared_at = timezone.now()
        letter.save(update_fields=["status", "shared_at", "updated_at"])
        _log(disclosure, by, Kind.RESTITUTION_SHARED)
        if disclosure.stage == Stage.RESTITUTION:
            _set_stage(disclosure, by, Stage.DONE)


# --- what is each person's to do ------------------------------------------------------------


@dataclass(frozen=True)
class StageRow:
    key: str
    label: str
    state: str
    """done | current | upcoming | skipped"""


def timeline(disclosure) -> list[StageRow]:
    current = stages.index(disclosure.stage)
    polygraph = Polygraph.objects.filter(disclosure=disclosure).exists()
    rows = []
    for position, key in enumerate(stages.ORDER):
        if key == Stage.DONE:
            continue
        if position < current:
            state = "skipped" if key == Stage.POLYGRAPH and not polygraph else "done"
        elif position == current:
            state = "current"
        else:
            state = "upcoming"
        if disclosure.stage == Stage.DONE:
            state = "skipped" if key == Stage.POLYGRAPH and not polygraph else "done"
        rows.append(StageRow(key, stages.label(key), state))
    return rows


def todos(disclosure, role: str) -> list[str]:
    """What is this person's to do now, in plain words."""
    todos_for = _TODOS_BY_ROLE.get(role)
    return todos_for(disclosure) if todos_for else []


def _client_todos(d) -> list[str]:
    items: list[str] = []
    if not d.partner_id and not d.held and partner_choices(d.owner).exists():
        items.append(gettext("Choose whether your partner takes part here."))
    if not d.held and not readiness_complete(d, "client"):
        items.append(gettext("Work through your readiness checklist."))
    if d.stage in stages.WRITING:
        items += _client_writing_todos(d)
    if d.stage == Stage.RESTITUTION:
        items += _client_restitution_todos(d)
    return items


def _client_writing_todos(d) -> list[str]:
    """The one next step with the versions: finish the draft, wait for the therapist, or start one."""
    draft = current_draft(d)
    if draft:
        return [gettext("Finish version %(number)s and send it to your therapist.") % {"number": draft.number}]
    waiting = d.versions.filter(status=DisclosureVersion.Status.SENT).order_by("-number").first()
    if waiting:
        return [gettext("Your therapist is reading version %(number)s.") % {"number": waiting.number}]
    if not d.versions.filter(status=DisclosureVersion.Status.READY).exists():
        return [gettext("Write a version of your disclosure.")]
    return []


def _client_restitution_todos(d) -> list[str]:
    letter = restitution_letter(d)
    if letter is None or letter.status == RestitutionLetter.Status.DRAFT:
        return [gettext("Write your emotional restitution letter and send it to your therapist.")]
    if letter.status == RestitutionLetter.Status.REVIEWED:
        return [gettext("Share your restitution letter when you read it together at your session.")]
    return []


def _therapist_todos(d) -> list[str]:
    items = [
        gettext("Read version %(number)s.") % {"number": version.number}
        for version in d.versions.filter(status=DisclosureVersion.Status.SENT)
    ]
    items += _therapist_stage_todos(d)
    items += _therapist_letter_todos(d)
    items += [
        gettext("When you're ready, move on to “%(stage)s”.") % {"stage": stages.label(target)}
        for target, needs in next_moves(d)
        if not needs
    ]
    return items


def _therapist_stage_todos(d) -> list[str]:
    items = []
    if d.stage == Stage.QUESTIONS and d.questions_released_at:
        items.append(gettext("Read the partner's questions."))
    if d.stage in stages.WRITING and d.session_at is None:
        items.append(gettext("Schedule the session."))
    if d.stage == Stage.POLYGRAPH and not Polygraph.objects.filter(disclosure=d).exists():
        items.append(gettext("Record the polygraph."))
    if d.stage == Stage.SESSION:
        items.append(gettext("Mark the session held once it has taken place."))
    return items


def _therapist_letter_todos(d) -> list[str]:
    items = []
    impact = impact_letter(d)
    if impact is not None and impact.shared_at is not None and impact.released_at is None:
        items.append(gettext("Read the impact letter, and release it to the client for a session together."))
    letter = restitution_letter(d)
    if letter is not None and letter.status == RestitutionLetter.Status.SENT:
        items.append(gettext("Review the restitution letter."))
    return items


def _partner_todos(d) -> list[str]:
    items = []
    if not d.held and not readiness_complete(d, "partner"):
        items.append(gettext("Work through your readiness checklist."))
    if _questions_still_to_come(d):
        items.append(gettext("Write your questions, and give them to the therapist when you're ready."))
    if _impact_letter_still_to_come(d):
        items.append(gettext("When you're ready, write your impact letter and share it."))
    return items


def _partner_therapist_todos(d) -> list[str]:
    items = []
    if _questions_still_to_come(d):
        items.append(gettext("Support the partner as they prepare their questions."))
    if _impact_letter_still_to_come(d):
        items.append(gettext("Support the partner with their impact letter."))
    return items


def _questions_still_to_come(d) -> bool:
    return d.stage in stages.ASKING and d.questions_released_at is None


def _impact_letter_still_to_come(d) -> bool:
    if d.stage != Stage.IMPACT:
        return False
    letter = impact_letter(d)
    return letter is None or letter.shared_at is None


_TODOS_BY_ROLE = {
    CLIENT: _client_todos,
    THERAPIST: _therapist_todos,
    PARTNER: _partner_todos,
    PARTNER_THERAPIST: _partner_therapist_todos,
}


def _day(moment) -> str:
    """A date as "05 March 2026", month in the active language."""
    return dateformat.format(moment, "d F Y")
