"""What the JSON API (tandem.api) reads of the journal: plain data, never model objects or HTML."""


def shared_summary(viewer, owner, scope: str) -> dict | None:
    """The JSON API's summary of owner's journal as the person page's panel shows it to viewer
    (the owner turned the journal scope on): the latest entries in full and the total. None for a
    scope not this app's. Call it only after the gate said yes to this read."""
    from . import panels

    if scope != "journal":
        return None
    panel = panels.panel(viewer, owner)
    return {
        "total": panel["total"],
        "entries": [
            {
                "written_on": e.written_on,
                "title": e.title,
                "mood": e.get_mood_display() if e.mood else None,
                "tags": list(e.tag_list),
                "text": e.text,
            }
            for e in panel["entries"]
        ],
    }
