"""What the JSON API (tandem.api) and reminders (tandem.reminders) read of therapy: plain data,
never model objects or HTML."""

import datetime

from .models import Homework, HomeworkStatus
from .weekly import homework_done_times  # noqa: F401 - re-exported


def shared_summary(viewer, owner, scope: str) -> dict | None:
    """The JSON API's summary of owner's homework as the person page's panel shows it to viewer:
    open homework (title, kind, due date, started) and done homework with its answers. None for a
    scope not this app's. Call it only after the gate said yes to this read."""
    from . import panels

    if scope != "homework":
        return None
    panel = panels.homework(viewer, owner)
    return {
        "open": [
            {
                "title": h.title,
                "kind": h.get_kind_display(),
                "due_on": h.due_on,
                "started": bool(h.answers or h.answer),
            }
            for h in panel["open"]
        ],
        "done": [
            {
                "title": h.title,
                "kind": h.get_kind_display(),
                "completed_at": h.completed_at,
                "answers": [{"prompt": prompt, "answer": text} for prompt, text in h.prompt_answers()],
                "answer": h.answer,
            }
            for h in panel["done"]
        ],
    }


def open_homework_due(owner_ids) -> dict[int, list[tuple[int, datetime.date]]]:
    """Each of these people's open homework as (homework id, due date), soonest first. One query
    for them all."""
    due: dict[int, list[tuple[int, datetime.date]]] = {}
    rows = (
        Homework.objects.filter(owner_id__in=owner_ids, status=HomeworkStatus.ASSIGNED)
        .order_by("due_on", "pk")
        .values_list("owner_id", "pk", "due_on")
    )
    for owner_id, pk, due_on in rows:
        due.setdefault(owner_id, []).append((pk, due_on))
    return due
