"""What the JSON API (tandem.api) reads of the life timeline and the family map: plain data,
never model objects, charts or HTML."""


def _timeline(panel: dict) -> dict:
    return {
        "events": [
            {
                "title": e.title,
                "kind": e.get_kind_display(),
                "rating": e.rating,
                "when": e.when,
                "description": e.description,
            }
            for e in panel["events"]
        ]
    }


def _genogram(panel: dict) -> dict:
    return {
        "people": [
            {
                "id": p.pk,
                "name": p.name,
                "is_self": p.is_self,
                "gender": p.get_gender_display(),
                "years": p.years,
                "notes": p.notes,
                "conditions": [
                    {"kind": c.get_kind_display(), "status": c.get_status_display(), "code": c.code}
                    for c in getattr(p, "condition_list", [])
                ],
            }
            for p in panel["people"]
        ],
        "couples": [
            {
                "a": row["a"].pk,
                "b": row["b"].pk,
                "status": row["union"].get_status_display(),
                "start_year": row["union"].start_year,
                "end_year": row["union"].end_year,
            }
            for row in panel["unions"]
        ],
        "parents": [{"parent": row["parent"].pk, "child": row["child"].pk} for row in panel["parent_links"]],
        "relationships": [
            {"kind": row["line"].kind, "label": row["line"].get_kind_display(), "a": row["a"].pk, "b": row["b"].pk}
            for row in panel["relationships"]
        ],
    }


def shared_summary(viewer, owner, scope: str) -> dict | None:
    """The JSON API's summary of owner's timeline or family map as the person page's panel shows it
    to viewer (the events; the people, couples, parents and relationship lines, people by their id
    in the map). None for a scope not this app's. Call it only after the gate said yes."""
    from .apps import genogram_panel, timeline_panel

    if scope == "timeline":
        return _timeline(timeline_panel(viewer, owner))
    if scope == "genogram":
        return _genogram(genogram_panel(viewer, owner))
    return None
