"""URLs of the therapy routes in the test world (tests/support/matrix.py): Dr Lee's notes, plan
and groups, Robin's homework; each builder creates the object and points at it."""

import datetime

from django.utils import timezone

from tandem.accounts.models import User
from tandem.therapy.models import (
    Group,
    GroupPost,
    GroupReply,
    Homework,
    Membership,
    MoveProposal,
    PlanGoal,
    SessionNote,
    TreatmentPlan,
)
from tests.support.world import make_user


def _note(world, *, signed=False):
    note = SessionNote.objects.create(
        owner=world.therapist,
        client=world.owner,
        client_name=str(world.owner),
        session_on=world.therapist.local_today(),
        template="dap",
        data="Matrix session",
    )
    if signed:
        note.signed_at = timezone.now()
        note.signed_name = str(world.therapist)
        note.save()
    return note


def _homework(world):
    return Homework.objects.create(
        owner=world.owner,
        assigned_by=world.therapist,
        assigned_by_name=str(world.therapist),
        kind="task",
        title="Matrix task",
        due_on=world.owner.local_today() + datetime.timedelta(days=2),
    )


def _goal(world):
    plan, _ = TreatmentPlan.objects.get_or_create(
        owner=world.therapist, client=world.owner, defaults={"client_name": str(world.owner)}
    )
    return PlanGoal.objects.create(owner=world.therapist, plan=plan, problem="Matrix problem", goal="Matrix goal")


def _group(world, kind="therapy", status="active"):
    group = Group.objects.create(owner=world.therapist, practice=world.practice_a, kind=kind, name="Matrix group")
    Membership.objects.create(owner=world.owner, group=group, status=status, shown_name="Robin")
    return group


def _person(email, name, *roles, **kwargs):
    return User.objects.filter(email=email).first() or make_user(email, name, *roles, **kwargs)


def _post(world, kind="therapy"):
    group = _group(world, kind)
    if kind == "circle":
        casey = _person("casey@example.test", "Casey", "client")
        Membership.objects.create(owner=casey, group=group, status="active", shown_name="Casey")
        return GroupPost.objects.create(
            owner=casey, group=group, kind="share", body="Matrix share", author_name="Casey"
        )
    return GroupPost.objects.create(
        owner=world.owner, group=group, kind="checkin", feelings="Matrix", author_name="Robin"
    )


def _reply(world):
    post = _post(world)
    return GroupReply.objects.create(owner=world.owner, post=post, body="Matrix reply", author_name="Robin")


def _move(world):
    ash = _person("ash@example.test", "Dr Ash", "therapist", practice=world.practice_a, mfa=True)
    existing = MoveProposal.objects.filter(from_link=world.links["therapist"], status="proposed").first()
    return existing or MoveProposal.objects.create(
        owner=world.owner,
        practice=world.practice_a,
        from_link=world.links["therapist"],
        from_therapist=world.therapist,
        to_therapist=ash,
        proposed_by=world.practice_admin,
    )


def _clients(suffix):
    return lambda world: f"/caseload/clients/{world.owner.pk}/{suffix}"


URLS = {
    "therapy_client": _clients(""),
    "therapy_plan": _clients("plan/"),
    "therapy_goal_new": _clients("plan/goals/new/"),
    "therapy_goal_edit": lambda world: f"/caseload/plan-goals/{_goal(world).pk}/",
    "therapy_notes": _clients("notes/"),
    "therapy_note_new": _clients("notes/new/"),
    "therapy_note": lambda world: f"/caseload/notes/{_note(world).pk}/",
    "therapy_note_sign": lambda world: f"/caseload/notes/{_note(world).pk}/sign/",
    "therapy_note_addendum": lambda world: f"/caseload/notes/{_note(world, signed=True).pk}/addenda/",
    "therapy_homework": lambda world: f"/caseload/homework/{_homework(world).pk}/",
    "therapy_homework_withdraw": lambda world: f"/caseload/homework/{_homework(world).pk}/withdraw/",
    "homework_detail": lambda world: f"/homework/{_homework(world).pk}/",
    "therapy_move": lambda world: f"/connections/moves/{_move(world).pk}/",
    "group_detail": lambda world: f"/groups/{_group(world).pk}/",
    "group_invite": lambda world: f"/groups/{_group(world).pk}/invite/",
    "group_join": lambda world: f"/groups/{_group(world, status='invited').pk}/join/",
    "group_leave": lambda world: f"/groups/{_group(world).pk}/leave/",
    "group_reply": lambda world: f"/groups/posts/{_post(world).pk}/reply/",
    "group_thanks": lambda world: f"/groups/posts/{_post(world, 'circle').pk}/thanks/",
    "group_moderate": lambda world: f"/groups/posts/{_post(world).pk}/moderate/",
    "group_reply_hide": lambda world: f"/groups/replies/{_reply(world).pk}/hide/",
    "practice_move_withdraw": lambda world: f"/practice/moves/{_move(world).pk}/withdraw/",
}


def _thanks_from_the_facilitator(world, persona, grants_on):
    """Only members say thank you: the group's therapist passes the access check, then gets 400."""
    return 400 if persona == "therapist" else 302 if persona == "owner" else 404


EXPECTED = {"group_thanks": _thanks_from_the_facilitator}
"""Routes whose answer no audience states (see tests/support/matrix.py)."""
