"""Who may reach each therapy route (read by the role matrix; see tandem/core/routes.py).

The URL builders create objects of the test world (Dr Lee's notes, plan and group, Robin's
homework) and point at them, so the matrix proves that nobody else reaches them by id: another
practice's therapist (Dr Kim) gets 404 everywhere, people without the therapist role get 403 on
therapist pages, and group pages answer 404 to everyone but the group's members and therapist.
"""

import datetime

from tandem.core.routes import Route

THERAPISTS = {"therapist", "other_therapist"}


# --- objects of the test world -----------------------------------------------------------------


def _note(world, *, signed=False):
    from django.utils import timezone

    from .models import SessionNote

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
    from .models import Homework

    return Homework.objects.create(
        owner=world.owner,
        assigned_by=world.therapist,
        assigned_by_name=str(world.therapist),
        kind="task",
        title="Matrix task",
        due_on=world.owner.local_today() + datetime.timedelta(days=2),
    )


def _goal(world):
    from .models import PlanGoal, TreatmentPlan

    plan, _ = TreatmentPlan.objects.get_or_create(
        owner=world.therapist, client=world.owner, defaults={"client_name": str(world.owner)}
    )
    return PlanGoal.objects.create(owner=world.therapist, plan=plan, problem="Matrix problem", goal="Matrix goal")


def _group(world, kind="therapy", status="active"):
    from .models import Group, Membership

    group = Group.objects.create(owner=world.therapist, practice=world.practice_a, kind=kind, name="Matrix group")
    Membership.objects.create(owner=world.owner, group=group, status=status, shown_name="Robin")
    return group


def _person(email, name, *roles, **kwargs):
    from tandem.accounts.models import User
    from tandem.core.testing import make_user

    return User.objects.filter(email=email).first() or make_user(email, name, *roles, **kwargs)


def _post(world, kind="therapy"):
    from .models import GroupPost, Membership

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
    from .models import GroupReply

    post = _post(world)
    return GroupReply.objects.create(owner=world.owner, post=post, body="Matrix reply", author_name="Robin")


def _move(world):
    from .models import MoveProposal

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


# --- expectations ------------------------------------------------------------------------------


def _linked_therapist(ok_status, *, needs_grants=False):
    """A therapist page about one client: Dr Lee (linked) gets ok_status — or 404 with the grants
    off when the page reads shared data —, Dr Kim (another practice, no link) 404, others 403."""

    def expect(world, persona, grants_on):
        if persona == "therapist":
            return ok_status if grants_on or not needs_grants else 404
        if persona in THERAPISTS:
            return 404
        return 403

    return expect


def _group_people(ok_status, *, facilitator_status=None):
    def expect(world, persona, grants_on):
        if persona == "owner":
            return ok_status
        if persona == "therapist":
            return ok_status if facilitator_status is None else facilitator_status
        return 404

    return expect


def _facilitator_only(ok_status):
    def expect(world, persona, grants_on):
        return ok_status if persona == "therapist" else 404

    return expect


ROUTES = [
    # the therapist's side
    Route("caseload", "therapist", deny_status=403),
    Route("invite_client", "therapist", deny_status=403),
    Route(
        "therapy_client",
        "therapist",
        url=lambda w: f"/caseload/clients/{w.owner.pk}/",
        expect=_linked_therapist(200),
    ),
    Route(
        "therapy_plan",
        "therapist",
        url=lambda w: f"/caseload/clients/{w.owner.pk}/plan/",
        expect=_linked_therapist(200),
    ),
    Route(
        "therapy_goal_new",
        "therapist",
        url=lambda w: f"/caseload/clients/{w.owner.pk}/plan/goals/new/",
        expect=_linked_therapist(200),
    ),
    Route(
        "therapy_goal_edit",
        "therapist",
        url=lambda w: f"/caseload/plan-goals/{_goal(w).pk}/",
        expect=_linked_therapist(200),
    ),
    Route(
        "therapy_notes",
        "therapist",
        url=lambda w: f"/caseload/clients/{w.owner.pk}/notes/",
        expect=_linked_therapist(200),
    ),
    Route(
        "therapy_note_new",
        "therapist",
        url=lambda w: f"/caseload/clients/{w.owner.pk}/notes/new/",
        expect=_linked_therapist(200),
    ),
    Route("therapy_note", "therapist", url=lambda w: f"/caseload/notes/{_note(w).pk}/", expect=_linked_therapist(200)),
    Route(
        "therapy_note_sign",
        "therapist",
        url=lambda w: f"/caseload/notes/{_note(w).pk}/sign/",
        method="POST",
        expect=_linked_therapist(302),
    ),
    Route(
        "therapy_note_addendum",
        "therapist",
        url=lambda w: f"/caseload/notes/{_note(w, signed=True).pk}/addenda/",
        method="POST",
        expect=_linked_therapist(200),  # an empty addendum: the form again, with its error
    ),
    Route("therapy_homework_new", "therapist", deny_status=403),
    Route(
        "therapy_homework",
        "therapist",
        url=lambda w: f"/caseload/homework/{_homework(w).pk}/",
        expect=_linked_therapist(200, needs_grants=True),
    ),
    Route(
        "therapy_homework_withdraw",
        "therapist",
        url=lambda w: f"/caseload/homework/{_homework(w).pk}/withdraw/",
        method="POST",
        expect=_linked_therapist(302),
    ),
    # the client's side
    Route("homework", "any"),
    Route("homework_detail", "owner", url=lambda w: f"/homework/{_homework(w).pk}/"),
    Route("shared_plans", "any"),
    Route("therapy_move", "owner", url=lambda w: f"/connections/moves/{_move(w).pk}/"),
    # groups
    Route("groups", "any"),
    Route("group_new", "therapist", deny_status=403),
    Route("group_detail", "any", url=lambda w: f"/groups/{_group(w).pk}/", expect=_group_people(200)),
    Route(
        "group_invite",
        "therapist",
        url=lambda w: f"/groups/{_group(w).pk}/invite/",
        expect=_linked_therapist(200),
    ),
    Route("group_join", "owner", url=lambda w: f"/groups/{_group(w, status='invited').pk}/join/"),
    Route("group_leave", "owner", url=lambda w: f"/groups/{_group(w).pk}/leave/"),
    Route(
        "group_reply",
        "any",
        url=lambda w: f"/groups/posts/{_post(w).pk}/reply/",
        method="POST",
        expect=_group_people(302),  # an empty reply: back to the group with a message
    ),
    Route(
        "group_thanks",
        "any",
        url=lambda w: f"/groups/posts/{_post(w, 'circle').pk}/thanks/",
        method="POST",
        expect=_group_people(302, facilitator_status=400),  # only members say thank you
    ),
    Route(
        "group_moderate",
        "any",
        url=lambda w: f"/groups/posts/{_post(w).pk}/moderate/",
        method="POST",
        expect=_facilitator_only(302),
    ),
    Route(
        "group_reply_hide",
        "any",
        url=lambda w: f"/groups/replies/{_reply(w).pk}/hide/",
        method="POST",
        expect=_facilitator_only(302),
    ),
    # the practice admin's side
    Route("practice_moves", "practice_admin", deny_status=403),
    Route(
        "practice_move_withdraw",
        "practice_admin",
        url=lambda w: f"/practice/moves/{_move(w).pk}/withdraw/",
        method="POST",
        ok_status=302,
        deny_status=403,
    ),
]
