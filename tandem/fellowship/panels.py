"""What a grantee sees of each fellowship scope on the person page (/shared/<owner_id>/).

Each function runs only after the gate said yes for that scope. They show the least that serves
the purpose: the meeting week and attendance; outreach by kind and date (never the contact's
name or the note); step statuses with a link to the threads.
"""

import datetime

from django.db.models import Count

from . import services
from .models import Attendance, Outreach, OutreachKind, StepComment, StepProgress


def meetings(viewer, owner) -> dict:
    today = owner.local_today()
    entries = list(services.schedule_for(owner))
    month_ago = today - datetime.timedelta(days=29)
    return {
        "entries": [entry for entry in entries if entry.is_weekly],
        "attended_30": services.meeting_count(owner, month_ago, today),
        "recent": list(Attendance.objects.filter(owner=owner)[:10]),
        "ninety": services.ninety(owner),
        "days_since": services.days_since(services.last_meeting(owner), today),
        "owner_zone": owner.time_zone,
    }


def outreach(viewer, owner) -> dict:
    today = owner.local_today()
    week_ago = today - datetime.timedelta(days=6)
    counts = dict(
        Outreach.objects.filter(owner=owner, date__gte=week_ago)
        .values("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    recent = Outreach.objects.filter(owner=owner).select_related("contact")[:10]
    return {
        "days_since": services.days_since(services.last_outreach(owner), today),
        "week": [(OutreachKind(kind).label, n) for kind, n in counts.items()],
        "recent": [
            {
                "date": r.date,
                "kind": r.get_kind_display(),
                "direction": r.direction,
                "role": r.contact.get_role_display() if r.contact else "",
            }
            for r in recent
        ],
    }


def stepwork(viewer, owner) -> dict:
    progress = {p.step: p for p in StepProgress.objects.filter(owner=owner)}
    threads = dict(
        StepComment.objects.filter(owner=owner).values("step").annotate(n=Count("id")).values_list("step", "n")
    )
    return {
        "owner_id": owner.pk,
        "started": bool(progress),
        "steps": [{"number": n, "progress": progress.get(n), "comments": threads.get(n, 0)} for n in range(1, 13)],
    }
