"""Marker seeders for the leak and encryption tests (tests/support/markers.py).

- homework: the client's own answer (shared with whoever holds the `homework` scope).
- private: what nobody but its writer ever sees — a session note with an addendum and an unshared
  plan goal (only when the owner is a therapist: the note's author is the owner), and a group post
  in a group where the owner is the only person (its therapist and only member).
"""

import datetime

from django.utils import timezone

from tandem.sharing.models import Link, LinkRole, LinkStatus
from tandem.therapy.models import (
    Group,
    GroupKind,
    GroupPost,
    GroupReply,
    Homework,
    HomeworkKind,
    HomeworkStatus,
    Membership,
    MemberStatus,
    NoteAddendum,
    PlanGoal,
    PostKind,
    SessionNote,
    TreatmentPlan,
)


def seed_homework(owner, marker: str) -> None:
    link = (
        Link.objects.filter(owner=owner, role=LinkRole.THERAPIST, status=LinkStatus.ACTIVE)
        .select_related("member")
        .first()
    )
    therapist = link.member if link else None
    Homework.objects.create(
        owner=owner,
        assigned_by=therapist,
        assigned_by_name=str(therapist or "")[:60],
        kind=HomeworkKind.WORKSHEET,
        source="custom",
        title="Looking back on the week",
        prompts=["What helped this week?"],
        answers=[f"Calling before the evening {marker}"],
        answer=f"It was hard to start {marker}",
        due_on=owner.local_today() + datetime.timedelta(days=3),
        status=HomeworkStatus.ASSIGNED,
    )


def seed_private(owner, marker: str) -> None:
    if owner.has_role("therapist"):
        _seed_notes(owner, marker)
    _seed_group(owner, marker)


def _seed_notes(therapist, marker: str) -> None:
    link = (
        Link.objects.filter(member=therapist, role=LinkRole.THERAPIST, status=LinkStatus.ACTIVE)
        .select_related("owner")
        .first()
    )
    client = link.owner if link else None
    note = SessionNote.objects.create(
        owner=therapist,
        client=client,
        client_name=str(client or "")[:60],
        session_on=therapist.local_today(),
        template="dap",
        data=f"Talked about the weekend {marker}",
        assessment=f"Engaged and honest {marker}",
        plan=f"Review the plan next week {marker}",
    )
    note.signed_at = timezone.now()
    note.signed_name = str(therapist)
    note.save()
    NoteAddendum.objects.create(owner=therapist, note=note, text=f"Phone call afterwards {marker}", signed_name="x")
    if client is not None:
        plan, _ = TreatmentPlan.objects.get_or_create(
            owner=therapist, client=client, defaults={"client_name": str(client)[:60], "shared_with_client": False}
        )
        if not plan.shared_with_client:
            PlanGoal.objects.create(
                owner=therapist, plan=plan, problem=f"Isolation at weekends {marker}", goal=f"Two calls a day {marker}"
            )


def _seed_group(owner, marker: str) -> None:
    group = Group.objects.create(owner=owner, kind=GroupKind.THERAPY, name="Thursday evening", about=f"Ours {marker}")
    Membership.objects.create(owner=owner, group=group, status=MemberStatus.ACTIVE, shown_name=str(owner)[:60])
    post = GroupPost.objects.create(
        owner=owner,
        group=group,
        kind=PostKind.CHECKIN,
        author_name=str(owner)[:60],
        feelings=f"Tired but hopeful {marker}",
        needs=f"Someone to call on Sunday {marker}",
    )
    GroupReply.objects.create(owner=owner, post=post, body=f"Glad you're here {marker}", author_name="x")


SEEDERS = [("homework", seed_homework), ("private", seed_private)]
