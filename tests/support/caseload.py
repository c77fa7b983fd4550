"""A made-up caseload with history, written in bulk, for the query-count test and the benchmark.

    populate(therapist, n, days=14, label="c") -> list of clients

Each client links the therapist with the therapist's default scopes and has `days` days of
history: a recovery profile and program, check-ins (most days; urges rising for some), middle-
circle ticks, a slip every 45 days (and one two days ago for every fifth client), meetings and
calls, a PHQ-9 every four weeks, and a piece of homework (overdue for every third client).
Nothing here is real; no free text is written except what the models encrypt.
"""

import datetime

from django.utils import timezone

from tandem.accounts.models import RoleAssignment, User
from tandem.fellowship.models import Attendance, Outreach
from tandem.recovery import derived
from tandem.recovery.models import CheckIn, CheckInItem, CircleItem, CircleSet, Program, RecoveryProfile, Slip
from tandem.sharing import scopes
from tandem.sharing.models import Grant, Link, LinkRole, LinkStatus
from tandem.therapy.models import Homework

DAY = datetime.timedelta(days=1)


def populate(therapist, n: int, *, days: int = 14, label: str = "c", practice=None) -> list[User]:
    now = timezone.now()
    users = User.objects.bulk_create(
        [
            User(email=f"{label}{i}.{therapist.pk}@example.test", display_name=f"{label.upper()} Client {i:03d}")
            for i in range(n)
        ]
    )
    users = list(User.objects.filter(email__in=[u.email for u in users]).order_by("pk"))
    for user in users:
        user.set_unusable_password()
    User.objects.bulk_update(users, ["password"])
    RoleAssignment.objects.bulk_create([RoleAssignment(user=u, role="client") for u in users])
    Link.objects.bulk_create(
        [
            Link(
                owner=u,
                member=therapist,
                role=LinkRole.THERAPIST,
                status=LinkStatus.ACTIVE,
                created_by=therapist,
                practice=practice,
                safety_alerts=i % 2 == 0,
                accepted_at=now,
            )
            for i, u in enumerate(users)
        ]
    )
    links = Link.objects.filter(member=therapist, owner__in=users)
    keys = scopes.defaults_for("therapist")
    Grant.objects.bulk_create([Grant(link=link, scope=key, created_by=link.owner) for link in links for key in keys])

    today = users[0].local_today() if users else timezone.localdate()
    start = today - days * DAY
    RecoveryProfile.objects.bulk_create([RecoveryProfile(owner=u, started_on=start) for u in users])
    Program.objects.bulk_create([Program(owner=u, kind="sex", fellowship="saa", sobriety_date=start) for u in users])
    programs = {p.owner_id: p for p in Program.objects.filter(owner__in=users)}
    CircleSet.objects.bulk_create(
        [CircleSet(owner_id=pk, program=p, version=1, valid_from=start) for pk, p in programs.items()]
    )
    sets = {c.owner_id: c for c in CircleSet.objects.filter(owner__in=users)}
    CircleItem.objects.bulk_create(
        [CircleItem(owner_id=pk, circle_set=s, circle="middle", text="Late nights online") for pk, s in sets.items()]
    )
    items = {c.owner_id: c for c in CircleItem.objects.filter(owner__in=users)}

    checkins, slips, attendance, outreach = [], [], [], []
    for i, user in enumerate(users):
        program = programs[user.pk]
        for d in range(days):
            day = start + (d + 1) * DAY
            if day > today:
                break
            recent = (today - day).days
            if (d + i) % 9 == 4 or (i % 7 == 3 and recent < 4):  # some gaps; every seventh goes quiet
                continue
            urge = 2 + (d % 3)
            if i % 4 == 1 and recent < 7:
                urge += 4  # urges rising
            checkins.append(
                CheckIn(
                    owner=user,
                    program=program,
                    circle_set=sets[user.pk],
                    local_date=day,
                    stayed_out=True,
                    urge_level=min(urge, 10),
                    meetings=1 if d % 3 == 0 and i % 6 != 5 else 0,
                    calls=1 if d % 2 == 0 and i % 6 != 5 else 0,
                    entered_on=day,
                )
            )
            if d % 45 == 44:
                slips.append(Slip(owner=user, program=program, occurred_at=now - recent * DAY, local_date=day))
            if d % 4 == 0 and i % 6 != 5:
                attendance.append(Attendance(owner=user, date=day))
            if d % 3 == 1 and i % 6 != 5:
                outreach.append(Outreach(owner=user, kind="call", date=day))
        if i % 5 == 0 and days > 2:
            slips.append(Slip(owner=user, program=program, occurred_at=now - 2 * DAY, local_date=today - 2 * DAY))
    CheckIn.objects.bulk_create(checkins, batch_size=500)
    Slip.objects.bulk_create(slips, batch_size=500)
    Attendance.objects.bulk_create(attendance, batch_size=500)
    Outreach.objects.bulk_create(outreach, batch_size=500)
    middle = [
        CheckInItem(owner_id=c.owner_id, checkin=c, item=items[c.owner_id], circle="middle", local_date=c.local_date)
        for c in CheckIn.objects.filter(owner__in=users).only("pk", "owner_id", "local_date")
        if c.local_date.toordinal() % 5 == 0 or (c.owner_id % 3 == 0 and (today - c.local_date).days < 14)
    ]
    CheckInItem.objects.bulk_create(middle, batch_size=500)
    derived.touch(*(u.pk for u in users))  # bulk_create sends no signals
    _questionnaires(users, start, today, now)
    Homework.objects.bulk_create(
        [
            Homework(
                owner=u,
                assigned_by=therapist,
                assigned_by_name=str(therapist),
                kind="task",
                title="Call a program friend twice",
                due_on=today - 3 * DAY if i % 3 == 0 else today + 3 * DAY,
            )
            for i, u in enumerate(users)
        ]
    )
    return users


def _questionnaires(users, start, today, now) -> None:
    try:
        from tandem.assessments import definitions, services
        from tandem.assessments.models import Response
    except ImportError:
        return
    instrument = definitions.builtin("phq9")
    if instrument is None:
        return
    row = services.definition_row(instrument)
    responses = []
    for i, user in enumerate(users):
        day = start
        k = 0
        while day <= today:
            total = 4 + (k % 3) + (8 if i % 8 == 2 and day > today - 28 * DAY else 0)
            responses.append(
                Response(
                    owner=user,
                    definition=row,
                    instrument_key="phq9",
                    instrument_version=instrument.version,
                    status="complete",
                    total=total,
                    at_or_above_cutoff=total >= 10,
                    safety_flag=i % 10 == 4 and day > today - 28 * DAY,
                    completed_at=now - (today - day).days * DAY,
                )
            )
            day += 28 * DAY
            k += 1
    Response.objects.bulk_create(responses, batch_size=500)
