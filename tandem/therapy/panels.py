"""The `homework` panel: what a grantee sees of someone's homework (called only after the gate said yes)."""

from .clients import active_links
from .models import Homework, HomeworkStatus


def homework(viewer, owner) -> dict:
    items = list(
        Homework.objects.filter(owner=owner).exclude(status=HomeworkStatus.WITHDRAWN).order_by("-due_on", "-pk")[:30]
    )
    return {
        "open": sorted((h for h in items if h.is_open), key=lambda h: (h.due_on, h.pk)),
        "done": [h for h in items if h.status == HomeworkStatus.DONE],
        "today": owner.local_today(),
        "is_therapist": active_links(viewer).filter(owner=owner).exists(),
    }
