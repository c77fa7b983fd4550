"""A made-up history for the recovery picture, written in bulk: every layer, `days` days back from
the owner's today. Used by the picture's tests and by bench/bench_picture.py. Nothing here is real.

    seed_history(owner, days, therapist=None)

Each week: a PHQ-9, a GAD-7 and a PCL-5; meetings (three in even weeks, one in odd weeks); two
calls; a step-work answer; urges; a middle-circle day; a FANOS; a piece of homework done; and a
slip every fifth week.
"""

import datetime

from django.utils import timezone

from tandem.assessments import definitions, services
from tandem.assessments.models import Response
from tandem.couple.models import FanosLog
from tandem.fellowship.models import Attendance, Outreach, StepAnswer
from tandem.recovery.models import CheckIn, CheckInItem, CircleItem, CircleSet, Program, Slip, UrgeLog
from tandem.therapy.models import Homework

DAY = datetime.timedelta(days=1)


def at_noon(owner, day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=owner.zone)


def program_of(owner) -> Program:
    program, _ = Program.objects.get_or_create(
        owner=owner, kind="sex", defaults={"fellowship": "saa", "sobriety_date": owner.local_today() - 3000 * DAY}
    )
    return program


def response(owner, key: str, total: int, when: datetime.datetime) -> Response:
    instrument = definitions.builtin(key)
    return Response(
        owner=owner,
        definition=services.definition_row(instrument),
        instrument_key=key,
        instrument_version=instrument.version,
        status="complete",
        total=total,
        completed_at=when,
    )


def seed_history(owner, days: int, therapist=None, *, older_than: int = 0) -> None:
    """`older_than`: leave out the most recent days (to add older history under a recent one)."""
    today = owner.local_today()
    program = program_of(owner)
    circles, _ = CircleSet.objects.get_or_create(
        owner=owner, program=program, version=1, defaults={"valid_from": today - days * DAY}
    )
    middle, _ = CircleItem.objects.get_or_create(
        owner=owner, circle_set=circles, circle="middle", defaults={"text": "Late nights online"}
    )
    rows = {name: [] for name in ("responses", "attendance", "outreach", "urges", "slips", "checkins", "fanos", "hw")}
    for back in range(days, older_than - 1, -1):
        day = today - back * DAY
        weekday = day.weekday()
        week = (back - today.weekday() + weekday) // 7  # calendar weeks back, Monday to Sunday
        if weekday == 0:
            rows["responses"] += [
                response(owner, "phq9", 6 if week % 2 == 0 else 10, at_noon(owner, day)),
                response(owner, "gad7", 5 + week % 3, at_noon(owner, day)),
                response(owner, "pcl5", 20 + week % 5, at_noon(owner, day)),
            ]
        if weekday in ((1, 3, 5) if week % 2 == 0 else (1,)):
            rows["attendance"].append(Attendance(owner=owner, date=day))
        if weekday in (2, 4):
            rows["outreach"].append(Outreach(owner=owner, kind="call", date=day))
        if weekday in (1, 4):
            noon = at_noon(owner, day)
            rows["urges"].append(
                UrgeLog(
                    owner=owner, occurred_at=noon, local_date=day, local_hour=12, local_weekday=weekday, intensity=3
                )
            )
        if weekday == 6 and week % 5 == 0:
            rows["slips"].append(Slip(owner=owner, program=program, occurred_at=at_noon(owner, day), local_date=day))
        if weekday == 3:
            rows["checkins"].append(
                CheckIn(
                    owner=owner,
                    program=program,
                    circle_set=circles,
                    local_date=day,
                    stayed_out=True,
                    urge_level=2,
                    entered_on=day,
                )
            )
            rows["fanos"].append(FanosLog(owner=owner, local_date=day))
            rows["hw"].append(
                Homework(
                    owner=owner,
                    assigned_by=therapist,
                    kind="task",
                    title="A walk",
                    due_on=day,
                    status="done",
                    completed_at=at_noon(owner, day),
                )
            )
    Response.objects.bulk_create(rows["responses"], batch_size=500)
    Attendance.objects.bulk_create(rows["attendance"], batch_size=500)
    Outreach.objects.bulk_create(rows["outreach"], batch_size=500)
    UrgeLog.objects.bulk_create(rows["urges"], batch_size=500)
    Slip.objects.bulk_create(rows["slips"], batch_size=500)
    FanosLog.objects.bulk_create(rows["fanos"], batch_size=500)
    Homework.objects.bulk_create(rows["hw"], batch_size=500)
    checkins = CheckIn.objects.bulk_create(rows["checkins"], batch_size=500)
    CheckInItem.objects.bulk_create(
        [CheckInItem(owner=owner, checkin=c, item=middle, circle="middle", local_date=c.local_date) for c in checkins],
        batch_size=500,
    )
    weeks = days // 7 + 1
    answers = StepAnswer.objects.bulk_create(
        [
            StepAnswer(owner=owner, step=1 + week % 12, prompt=f"p{week}", is_draft=False)
            for week in range(older_than // 7 + 1 if older_than else 0, weeks)
        ]
    )
    now = timezone.now()
    for answer in answers:  # auto_now: the moment is set after the write
        week = int(answer.prompt[1:])
        StepAnswer.objects.filter(pk=answer.pk).update(updated_at=now - week * 7 * DAY)
