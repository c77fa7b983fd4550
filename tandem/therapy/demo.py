"""The demo's homework: most weeks Robin finishes a small task Dr Rivera gave (fictional).
Registered after recovery and the fellowship (order 40)."""

import datetime

from django.utils import timezone

from tandem.core.demo import register

from .models import Homework, HomeworkStatus

TASKS = ("A walk after work", "Call a program friend twice", "Write down three triggers", "Read the plan aloud")


def contribute(people, rng, days):
    robin, therapist = people["client1"], people["therapist"]
    now, today = timezone.now(), robin.local_today()
    done = []
    for week in range(days // 7):
        if week % 4 == 3:  # some weeks there is none: that is fine too
            continue
        back = 7 * week + 2
        done.append(
            Homework(
                owner=robin,
                assigned_by=therapist,
                assigned_by_name=str(therapist),
                kind="task",
                title=TASKS[week % len(TASKS)],
                due_on=today - datetime.timedelta(days=back),
                status=HomeworkStatus.DONE,
                completed_at=now - datetime.timedelta(days=back),
            )
        )
    Homework.objects.bulk_create(done)


register(contribute, order=40)
