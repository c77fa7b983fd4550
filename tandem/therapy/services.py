"""The rules of the therapy app: plans, notes, homework, groups and moves. Views stay thin.

Every refusal raises TherapyError with a message written for the person; nothing is changed.
"""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from tandem.accounts.models import RoleAssignment
from tandem.sharing import scopes as scope_registry
from tandem.sharing import services as sharing
from tandem.sharing.models import Link, LinkRole, LinkStatus, audit

from .clients import active_links, practice_of
from .models import (
    Group,
    GroupKind,
    GroupPost,
    GroupReply,
    Homework,
    HomeworkKind,
    HomeworkStatus,
    Locked,
    Membership,
    MemberStatus,
    MoveProposal,
    MoveStatus,
    NoteAddendum,
    PlanGoal,
    PlanIntervention,
    PlanObjective,
    PostKind,
    SessionNote,
    Thanks,
    TreatmentPlan,
    WorksheetSource,
)
from .templates_data import PLAN_WORKSHEET_PROMPTS


class TherapyError(Exception):
    """A request we can't carry out; the message is shown to the person as it is."""


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


# --- treatment plans ---------------------------------------------------------------------------


def plan_for(therapist, link: Link, *, create: bool = False) -> TreatmentPlan | None:
    plan = TreatmentPlan.objects.filter(owner=therapist, client_id=link.owner_id).first()
    if plan is None and create:
        plan, _ = TreatmentPlan.objects.get_or_create(
            owner=therapist,
            client_id=link.owner_id,
            defaults={"client_name": str(link.owner)[:60], "practice": link.practice or practice_of(therapist)},
        )
    return plan


def update_plan(plan: TreatmentPlan, *, status: str, review_on, shared: bool, by) -> None:
    was_shared = plan.shared_with_client
    plan.status = status
    plan.review_on = review_on
    plan.shared_with_client = shared
    if shared and not was_shared:
        plan.shared_at = timezone.now()
    plan.save()
    if shared != was_shared:
        audit("therapy.plan_shared" if shared else "therapy.plan_unshared", actor=by, subject=plan.client)


def _write_lines(goal: PlanGoal, objectives: list[str], interventions: list[str], met_texts: set[str]) -> None:
    goal.objectives.all().delete()
    goal.interventions.all().delete()
    PlanObjective.objects.bulk_create(
        PlanObjective(owner_id=goal.owner_id, goal=goal, text=text, met=text in met_texts, order=i)
        for i, text in enumerate(objectives)
    )
    PlanIntervention.objects.bulk_create(
        PlanIntervention(owner_id=goal.owner_id, goal=goal, text=text, order=i) for i, text in enumerate(interventions)
    )


def save_goal(plan: TreatmentPlan, data: dict, *, goal: PlanGoal | None = None, template_key: str = "") -> PlanGoal:
    """Create (goal=None) or change a goal with its objectives and interventions (one per line)."""
    if goal is not None and goal.plan_id != plan.pk:
        raise TherapyError("That goal belongs to another plan.")
    with transaction.atomic():
        if goal is None:
            goal = PlanGoal(owner_id=plan.owner_id, plan=plan, template_key=template_key, order=plan.goals.count())
        goal.problem = data["problem"].strip()
        goal.goal = data["goal"].strip()
        goal.status = data.get("status") or goal.status
        goal.target_on = data.get("target_on")
        goal.review_on = data.get("review_on")
        old = list(goal.objectives.all()) if goal.pk else []
        met_texts = {o.text for o in old if str(o.pk) in set(data.get("met") or [])}
        goal.save()
        _write_lines(goal, _lines(data.get("objectives", "")), _lines(data.get("interventions", "")), met_texts)
        TreatmentPlan.objects.filter(pk=plan.pk).update(updated_at=timezone.now())
    return goal


# --- session notes -----------------------------------------------------------------------------


def new_note(therapist, link: Link, *, template: str, session_on, sections: dict) -> SessionNote:
    note = SessionNote(
        owner=therapist,
        client_id=link.owner_id,
        client_name=str(link.owner)[:60],
        practice=link.practice or practice_of(therapist),
        template=template,
        session_on=session_on,
    )
    for name in note.section_names:
        setattr(note, name, (sections.get(name) or "").strip())
    note.save()
    return note


def update_draft(note: SessionNote, *, session_on, sections: dict) -> SessionNote:
    if note.is_signed:
        raise TherapyError("This note is signed, so it can't be changed. Add an addendum instead.")
    note.session_on = session_on
    for name in note.section_names:
        setattr(note, name, (sections.get(name) or "").strip())
    try:
        note.save()
    except Locked:
        raise TherapyError("This note is signed, so it can't be changed. Add an addendum instead.") from None
    return note


def sign_note(note: SessionNote, by) -> SessionNote:
    if note.owner_id != by.pk:
        raise TherapyError("Only the note's author can sign it.")
    if note.is_signed:
        raise TherapyError("This note is already signed.")
    if not any((getattr(note, name) or "").strip() for name in note.section_names):
        raise TherapyError("An empty note can't be signed. Write something first.")
    with transaction.atomic():
        locked = SessionNote.objects.select_for_update().get(pk=note.pk)
        if locked.is_signed:
            raise TherapyError("This note is already signed.")
        locked.signed_at = timezone.now()
        locked.signed_name = str(by)[:60]
        locked.save()
        audit("therapy.note_signed", actor=by, note=locked.pk)
    return locked


def add_addendum(note: SessionNote, by, text: str) -> NoteAddendum:
    if note.owner_id != by.pk:
        raise TherapyError("Only the note's author can add to it.")
    if not note.is_signed:
        raise TherapyError("This note is still a draft: change it directly, or sign it first.")
    text = (text or "").strip()
    if not text:
        raise TherapyError("Please write the addendum first.")
    addendum = NoteAddendum.objects.create(owner=by, note=note, text=text, signed_name=str(by)[:60])
    audit("therapy.note_addendum", actor=by, note=note.pk)
    return addendum


# --- homework ----------------------------------------------------------------------------------


def step_prompts(number: int) -> tuple[str, list[str]]:
    from tandem.fellowship.steps import BY_NUMBER

    step = BY_NUMBER.get(number)
    if step is None:
        raise TherapyError("Please choose a step from 1 to 12.")
    return f"Step {step.number}: {step.theme}", [p.text for p in step.prompts]


def assign_homework(therapist, client, data: dict) -> Homework:
    """Give homework to one of this therapist's clients. Refuses anyone else and past due dates."""
    link = active_links(therapist).filter(owner=client).select_related("practice").first()
    if link is None:
        raise TherapyError("That person isn't one of your clients, so you can't give them homework.")
    due_on = data.get("due_on")
    if due_on is None:
        raise TherapyError("Please choose a due date.")
    if due_on < client.local_today():
        raise TherapyError("The due date is in the past. Please choose today or a later day.")
    kind = data["kind"]
    homework = Homework(
        owner=client,
        assigned_by=therapist,
        assigned_by_name=str(therapist)[:60],
        practice=link.practice or practice_of(therapist),
        kind=kind,
        due_on=due_on,
        title=(data.get("title") or "").strip(),
        instructions=(data.get("instructions") or "").strip(),
    )
    if kind == HomeworkKind.WORKSHEET:
        source = data.get("source") or WorksheetSource.CUSTOM
        homework.source = source
        if source == WorksheetSource.STEP:
            title, prompts = step_prompts(int(data.get("step") or 0))
            homework.source_ref = str(data.get("step"))
            homework.title = homework.title or title
            homework.prompts = prompts
        elif source == WorksheetSource.PLAN:
            goal = data.get("goal")
            if goal is None or goal.owner_id != therapist.pk or goal.plan.client_id != client.pk:
                raise TherapyError("Please choose a goal from this client's plan.")
            homework.source_ref = str(goal.pk)
            homework.title = homework.title or "A goal of our plan"
            homework.instructions = homework.instructions or goal.goal
            homework.prompts = list(PLAN_WORKSHEET_PROMPTS)
        else:
            prompts = _lines(data.get("prompts", ""))
            if not prompts:
                raise TherapyError("Please write at least one prompt, one per line.")
            homework.prompts = prompts
    elif kind == HomeworkKind.QUESTIONNAIRE:
        key = data.get("instrument") or ""
        if key not in dict(questionnaire_choices(therapist, client)):
            raise TherapyError("Please choose one of the questionnaires offered.")
        homework.instrument_key = key
        homework.title = homework.title or f"Questionnaire: {dict(questionnaire_choices(therapist, client))[key]}"
    elif kind == HomeworkKind.READING:
        url = (data.get("reading_url") or "").strip()
        text = (data.get("reading_text") or "").strip()
        if not url and not text:
            raise TherapyError("Please add a link or a short text to read.")
        homework.reading_url = url
        homework.reading_text = text
    elif kind != HomeworkKind.TASK:
        raise TherapyError("Please choose what kind of homework this is.")
    if not homework.title:
        raise TherapyError("Please give the homework a title.")
    homework.save()
    audit("therapy.homework_assigned", actor=therapist, subject=client, homework=homework.pk, kind=kind)
    return homework


def questionnaire_choices(therapist, client) -> list[tuple[str, str]]:
    try:
        from tandem.assessments import services as assessments
    except ImportError:
        return []
    found = assessments.instruments_to_assign(therapist, client) or {}
    return [(key, instrument.short_name) for key, instrument in sorted(found.items())]


def save_answers(homework: Homework, by, *, answers: list[str], answer: str, done: bool) -> Homework:
    if homework.owner_id != by.pk:
        raise TherapyError("Only the person it was given to can answer it.")
    if homework.status == HomeworkStatus.WITHDRAWN:
        raise TherapyError("This homework was withdrawn, so there's nothing more to do.")
    if homework.prompts:
        homework.answers = [a.strip() for a in answers[: len(homework.prompts)]]
    homework.answer = (answer or "").strip()
    if done and homework.status != HomeworkStatus.DONE:
        homework.status = HomeworkStatus.DONE
        homework.completed_at = timezone.now()
    homework.save()
    return homework


def reopen(homework: Homework, by) -> None:
    if homework.owner_id != by.pk or homework.status != HomeworkStatus.DONE:
        raise TherapyError("Only finished homework can be opened again.")
    homework.status = HomeworkStatus.ASSIGNED
    homework.completed_at = None
    homework.save(update_fields=["status", "completed_at", "updated_at"])


def withdraw_homework(homework: Homework, by) -> None:
    if homework.assigned_by_id != by.pk:
        raise TherapyError("Only the therapist who gave it can withdraw it.")
    if homework.status != HomeworkStatus.ASSIGNED:
        raise TherapyError("Only homework still to do can be withdrawn.")
    homework.status = HomeworkStatus.WITHDRAWN
    homework.withdrawn_at = timezone.now()
    homework.save(update_fields=["status", "withdrawn_at", "updated_at"])
    audit("therapy.homework_withdrawn", actor=by, subject=homework.owner, homework=homework.pk)


def sync_questionnaires(user) -> None:
    """Questionnaire homework is done once the person completes that questionnaire after it was given."""
    open_items = list(
        Homework.objects.filter(owner=user, kind=HomeworkKind.QUESTIONNAIRE, status=HomeworkStatus.ASSIGNED)
    )
    if not open_items:
        return
    try:
        from tandem.assessments.models import Response, ResponseStatus
    except ImportError:
        return
    done = {}
    for key, completed_at in Response.objects.filter(
        owner=user, status=ResponseStatus.COMPLETE, instrument_key__in={h.instrument_key for h in open_items}
    ).values_list("instrument_key", "completed_at"):
        done.setdefault(key, []).append(completed_at)
    for homework in open_items:
        finished = [at for at in done.get(homework.instrument_key, []) if at and at >= homework.created_at]
        if finished:
            homework.status = HomeworkStatus.DONE
            homework.completed_at = min(finished)
            homework.save(update_fields=["status", "completed_at", "updated_at"])


def due_homework(user) -> list[Homework]:
    return list(Homework.objects.filter(owner=user, status=HomeworkStatus.ASSIGNED).order_by("due_on", "pk"))


# --- groups ------------------------------------------------------------------------------------


def create_group(therapist, *, kind: str, name: str, about: str = "") -> Group:
    if kind not in GroupKind.values:
        raise TherapyError("Please choose the kind of group.")
    group = Group.objects.create(
        owner=therapist, practice=practice_of(therapist), kind=kind, name=name.strip(), about=about.strip()
    )
    audit("therapy.group_created", actor=therapist, group=group.pk, kind=kind)
    return group


def invite_member(group: Group, client, by) -> Membership:
    if group.owner_id != by.pk:
        raise TherapyError("Only the group's therapist can invite people to it.")
    if group.closed_at:
        raise TherapyError("This group is closed.")
    if not active_links(by).filter(owner=client).exists():
        raise TherapyError("You can invite only your own clients to a group.")
    membership, created = Membership.objects.get_or_create(
        group=group, owner=client, defaults={"invited_by": by, "shown_name": str(client)[:60]}
    )
    if not created:
        if membership.status == MemberStatus.ACTIVE:
            raise TherapyError(f"{client} is already a member.")
        if membership.status == MemberStatus.INVITED:
            raise TherapyError(f"{client} has already been invited.")
        membership.status = MemberStatus.INVITED
        membership.invited_by = by
        membership.invited_at = timezone.now()
        membership.save(update_fields=["status", "invited_by", "invited_at"])
    audit("therapy.group_invited", actor=by, subject=client, group=group.pk)
    return membership


def join(membership: Membership, by, *, shown_name: str, fill_sober_days: bool) -> None:
    if membership.owner_id != by.pk or membership.status != MemberStatus.INVITED:
        raise TherapyError("This invitation isn't open any more.")
    membership.status = MemberStatus.ACTIVE
    membership.shown_name = shown_name.strip()[:60] or str(by)[:60]
    membership.fill_sober_days = fill_sober_days
    membership.joined_at = timezone.now()
    membership.left_at = None
    membership.save()
    audit("therapy.group_joined", actor=by, subject=by, group=membership.group_id)


def decline(membership: Membership, by) -> None:
    if membership.owner_id != by.pk or membership.status != MemberStatus.INVITED:
        raise TherapyError("This invitation isn't open any more.")
    membership.status = MemberStatus.DECLINED
    membership.save(update_fields=["status"])


def leave(membership: Membership, by, *, remove_posts: bool) -> int:
    """Leave a group: no more access from the next request; optionally take one's words along."""
    if membership.owner_id != by.pk or membership.status != MemberStatus.ACTIVE:
        raise TherapyError("You're not a member of this group.")
    removed = 0
    with transaction.atomic():
        membership.status = MemberStatus.LEFT
        membership.left_at = timezone.now()
        membership.save(update_fields=["status", "left_at"])
        if remove_posts:
            removed += GroupReply.objects.filter(owner=by, post__group=membership.group).delete()[0]
            removed += GroupPost.objects.filter(owner=by, group=membership.group).delete()[0]
            Thanks.objects.filter(owner=by, post__group=membership.group).delete()
        audit("therapy.group_left", actor=by, subject=by, group=membership.group_id, removed_posts=remove_posts)
    return removed


def post_to_group(membership: Membership, by, data: dict) -> GroupPost:
    if membership.owner_id != by.pk or membership.status != MemberStatus.ACTIVE:
        raise TherapyError("Only members can post in this group.")
    group = membership.group
    if group.closed_at:
        raise TherapyError("This group is closed.")
    post = GroupPost(owner=by, group=group, author_name=membership.shown_name or str(by)[:60])
    if group.kind == GroupKind.CIRCLE:
        post.kind = PostKind.SHARE
        post.body = (data.get("body") or "").strip()
        if not post.body:
            raise TherapyError("Please write your share first.")
    else:
        post.kind = PostKind.CHECKIN
        post.sober_days = data.get("sober_days")
        for name in ("since_last", "feelings", "work_done", "needs"):
            setattr(post, name, (data.get(name) or "").strip())
        if not any(getattr(post, n) for n in ("since_last", "feelings", "work_done", "needs")):
            raise TherapyError("Please write at least one part of your check-in.")
    post.save()
    return post


def reply(post: GroupPost, by, body: str, *, membership: Membership | None) -> GroupReply:
    """Feedback on a check-in. Refused in a share circle, on a closed or hidden thread, and by non-members."""
    group = post.group
    if not group.allows_replies:
        raise TherapyError(
            "A share circle has no replies — nobody comments on a share, as in a 12-Step meeting. "
            "You can say “thank you for sharing” instead."
        )
    is_facilitator = group.owner_id == by.pk
    if not is_facilitator and (membership is None or membership.status != MemberStatus.ACTIVE):
        raise TherapyError("Only members can reply in this group.")
    if post.closed_at:
        raise TherapyError("The therapist has closed this thread, so it takes no more replies.")
    if post.hidden_at:
        raise TherapyError("This check-in is hidden, so it takes no replies.")
    body = (body or "").strip()
    if not body:
        raise TherapyError("Please write your feedback first.")
    name = "Therapist" if is_facilitator else (membership.shown_name or str(by))
    return GroupReply.objects.create(owner=by, post=post, body=body, author_name=f"{name}"[:60])


def thank(post: GroupPost, by, *, membership: Membership | None) -> bool:
    if not post.group.is_circle:
        raise TherapyError("In a therapy group, members answer with feedback.")
    if membership is None or membership.status != MemberStatus.ACTIVE:
        raise TherapyError("Only members can say thank you here.")
    if post.owner_id == by.pk:
        raise TherapyError("That's your own share.")
    try:
        with transaction.atomic():
            Thanks.objects.create(post=post, owner=by)
    except IntegrityError:
        return False
    return True


def moderate_post(post: GroupPost, by, action: str) -> None:
    if post.group.owner_id != by.pk:
        raise TherapyError("Only the group's therapist can do that.")
    now = timezone.now()
    if action == "hide":
        post.hidden_at, post.hidden_by = now, by
    elif action == "show":
        post.hidden_at, post.hidden_by = None, None
    elif action == "close":
        post.closed_at = now
    elif action == "reopen":
        post.closed_at = None
    else:
        raise TherapyError("That isn't something we can do to a post.")
    post.save(update_fields=["hidden_at", "hidden_by", "closed_at"])
    audit("therapy.group_moderated", actor=by, group=post.group_id, post=post.pk, change=action)


def hide_reply(reply_obj: GroupReply, by, *, hide: bool = True) -> None:
    if reply_obj.post.group.owner_id != by.pk:
        raise TherapyError("Only the group's therapist can do that.")
    reply_obj.hidden_at = timezone.now() if hide else None
    reply_obj.hidden_by = by if hide else None
    reply_obj.save(update_fields=["hidden_at", "hidden_by"])
    audit("therapy.group_moderated", actor=by, group=reply_obj.post.group_id, reply=reply_obj.pk, hide=hide)


# --- moving a client within a practice -----------------------------------------------------------


def practice_therapist_ids(practice) -> set[int]:
    return set(
        RoleAssignment.objects.filter(practice=practice, role="therapist", user__is_active=True).values_list(
            "user_id", flat=True
        )
    )


def practice_links(practice):
    """Active therapist links of this practice's therapists (the link's practice, when set, must match)."""
    return (
        Link.objects.filter(
            role=LinkRole.THERAPIST,
            status=LinkStatus.ACTIVE,
            owner__is_active=True,
            member_id__in=practice_therapist_ids(practice),
        )
        .filter(Q(practice=practice) | Q(practice__isnull=True))
        .select_related("owner", "member")
        .order_by("owner__display_name", "pk")
    )


def propose_move(admin, practice, link: Link, to_therapist) -> MoveProposal:
    if not RoleAssignment.objects.filter(user=admin, role="practice_admin", practice=practice).exists():
        raise TherapyError("Only an admin of this practice can propose a move.")
    if not practice_links(practice).filter(pk=link.pk).exists():
        raise TherapyError("That client isn't seen by a therapist of your practice.")
    if to_therapist.pk not in practice_therapist_ids(practice):
        raise TherapyError("Please choose a therapist of your practice.")
    if to_therapist.pk == link.member_id:
        raise TherapyError("That is already the client's therapist.")
    if Link.objects.active().filter(owner_id=link.owner_id, member=to_therapist, role=LinkRole.THERAPIST).exists():
        raise TherapyError("The client is already connected with that therapist.")
    try:
        with transaction.atomic():
            proposal = MoveProposal.objects.create(
                owner_id=link.owner_id,
                practice=practice,
                from_link=link,
                from_therapist_id=link.member_id,
                to_therapist=to_therapist,
                proposed_by=admin,
            )
    except IntegrityError:
        raise TherapyError("A move for this client is already waiting for their answer.") from None
    audit("therapy.move_proposed", actor=admin, subject=link.owner, practice=practice.pk, proposal=proposal.pk)
    return proposal


def accept_move(proposal: MoveProposal, client, *, scope_keys: list[str], safety_alerts: bool) -> Link:
    """The client agrees: a new therapist link with the scopes they chose; the old link ends."""
    if proposal.owner_id != client.pk or proposal.status != MoveStatus.PROPOSED:
        raise TherapyError("This proposal isn't open any more.")
    old = proposal.from_link
    if old is None or old.status != LinkStatus.ACTIVE:
        raise TherapyError("Your connection with the previous therapist has already ended.")
    unknown = [key for key in scope_keys if not scope_registry.is_known(key)]
    if unknown:
        raise TherapyError("Please choose from the kinds of data listed.")
    with transaction.atomic():
        link, _token = sharing.invite(
            owner=client,
            role=LinkRole.THERAPIST,
            created_by=client,
            scope_keys=scope_keys,
            safety_alerts=safety_alerts,
        )
        link.member = proposal.to_therapist
        link.practice = proposal.practice
        link.status = LinkStatus.ACTIVE
        link.accepted_at = timezone.now()
        link.invite_token_hash = None
        link.save()
        sharing.end_link(old, client)
        proposal.status = MoveStatus.ACCEPTED
        proposal.decided_at = timezone.now()
        proposal.new_link = link
        proposal.save(update_fields=["status", "decided_at", "new_link"])
        audit(
            "therapy.move_accepted",
            actor=client,
            subject=client,
            proposal=proposal.pk,
            old_link=old.pk,
            new_link=link.pk,
            scopes=sorted(scope_keys),
        )
    return link


def decline_move(proposal: MoveProposal, client) -> None:
    if proposal.owner_id != client.pk or proposal.status != MoveStatus.PROPOSED:
        raise TherapyError("This proposal isn't open any more.")
    proposal.status = MoveStatus.DECLINED
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decided_at"])
    audit("therapy.move_declined", actor=client, subject=client, proposal=proposal.pk)


def withdraw_move(proposal: MoveProposal, admin) -> None:
    if proposal.status != MoveStatus.PROPOSED:
        raise TherapyError("This proposal isn't open any more.")
    proposal.status = MoveStatus.WITHDRAWN
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decided_at"])
    audit("therapy.move_withdrawn", actor=admin, subject=proposal.owner, proposal=proposal.pk)
