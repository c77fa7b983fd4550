"""How the journal appears to someone the owner chose to share it with, and in reports."""

from .charts import mood_chart
from .models import JournalEntry, Mood

PANEL_ENTRIES = 20


def panel(viewer, owner, period=None) -> dict:
    """Person page: the latest entries, in full (the owner turned the journal scope on)."""
    entries = JournalEntry.objects.filter(owner=owner)
    return {"entries": list(entries[:PANEL_ENTRIES]), "total": entries.count(), "empty": not entries.exists()}


def report_section(viewer, owner, period) -> dict:
    """Reports: how many entries and the mood over the period — never the words themselves."""
    entries = list(
        JournalEntry.objects.filter(owner=owner, written_on__gte=period.start, written_on__lte=period.end).only(
            "id", "written_on", "mood", "owner_id"
        )
    )
    moods = [e.mood for e in entries if e.mood]
    return {
        "count": len(entries),
        "with_mood": len(moods),
        "average": Mood(round(sum(moods) / len(moods))).label if moods else "",
        "svg": mood_chart(entries, period.start, period.end, id_prefix=f"mood-{owner.pk}").svg if moods else "",
        "empty": not entries,
    }
