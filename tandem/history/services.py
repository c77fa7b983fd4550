"""What the pages, the panels and the reports share: one owner's timeline and family map, drawn."""

import datetime

from django.utils.translation import gettext

from .family import FamilyGraph
from .genogram import genogram_chart, genogram_legend_svg
from .models import HistoryProfile, LifeEvent, ParentChild, Relationship, Relative, Union
from .timeline import timeline_chart


def birth_year_of(owner) -> int | None:
    profile = HistoryProfile.objects.filter(owner=owner).first()
    return profile.birth_year if profile else None


def ordered_events(owner, birth_year: int | None) -> list[LifeEvent]:
    events = list(LifeEvent.objects.filter(owner=owner))

    def key(event):
        start, _ = event.ages(birth_year)
        return (start if start is not None else 10_000, event.date_from or datetime.date.max, event.pk)

    return sorted(events, key=key)


def timeline(owner, *, id_prefix: str = "timeline") -> dict:
    birth_year = birth_year_of(owner)
    events = ordered_events(owner, birth_year)
    unplaced = [e for e in events if e.ages(birth_year)[0] is None]
    return {
        "owner": owner,
        "events": events,
        "birth_year": birth_year,
        "unplaced": unplaced,
        "svg": timeline_chart(events, birth_year, id_prefix=id_prefix).svg if events else "",
        "empty": not events,
        "timeless": True,
    }


def family(owner, *, id_prefix: str = "genogram", heading: str | None = None) -> dict:
    graph = FamilyGraph.for_owner(owner)
    people = graph.people
    return {
        "owner": owner,
        "graph": graph,
        "people": list(people.values()),
        "unions": [
            {"union": u, "a": people[u.partner_a_id], "b": people[u.partner_b_id]}
            for u in graph.unions
            if u.partner_a_id in people and u.partner_b_id in people
        ],
        "parent_links": [
            {"link": link, "parent": people[link.parent_id], "child": people[link.child_id]}
            for link in graph.parent_links
            if link.parent_id in people and link.child_id in people
        ],
        "relationships": [
            {"line": r, "a": people[r.person_a_id], "b": people[r.person_b_id]}
            for r in graph.relationships
            if r.person_a_id in people and r.person_b_id in people
        ],
        "svg": genogram_chart(graph, id_prefix=id_prefix, heading=heading).svg if people else "",
        "legend": genogram_legend_svg(id_prefix=f"{id_prefix}-key") if people else "",
        "empty": not people,
        "timeless": True,
    }


def start_outline(owner, *, with_partner: bool = False) -> None:
    """Three generations to fill in: you, your parents, their parents; with `with_partner`, your
    partner and their parents too (their side shapes the couple as much as yours). Every box can
    be changed."""
    year = birth_year_of(owner)

    def person(name, gender, **extra):
        return Relative.objects.create(owner=owner, name=name, gender=gender, **extra)

    me = person(gettext("Me"), "unknown", is_self=True, birth_year=year)
    mother = person(gettext("Mother"), "female")
    father = person(gettext("Father"), "male")
    grandparents = [
        (person(gettext("Maternal grandmother"), "female"), person(gettext("Maternal grandfather"), "male"), mother),
        (person(gettext("Paternal grandmother"), "female"), person(gettext("Paternal grandfather"), "male"), father),
    ]
    Union.objects.create(owner=owner, partner_a=father, partner_b=mother)
    ParentChild.objects.create(owner=owner, parent=mother, child=me)
    ParentChild.objects.create(owner=owner, parent=father, child=me)
    for grandmother, grandfather, child in grandparents:
        Union.objects.create(owner=owner, partner_a=grandfather, partner_b=grandmother)
        ParentChild.objects.create(owner=owner, parent=grandmother, child=child)
        ParentChild.objects.create(owner=owner, parent=grandfather, child=child)
    if with_partner:
        partner = person(gettext("My partner"), "unknown")
        their_mother = person(gettext("Partner's mother"), "female")
        their_father = person(gettext("Partner's father"), "male")
        Union.objects.create(owner=owner, partner_a=me, partner_b=partner, status="partnered")
        Union.objects.create(owner=owner, partner_a=their_father, partner_b=their_mother)
        ParentChild.objects.create(owner=owner, parent=their_mother, child=partner)
        ParentChild.objects.create(owner=owner, parent=their_father, child=partner)


def delete_person(person: Relative) -> None:
    Relationship.objects.filter(person_a=person).delete()
    Relationship.objects.filter(person_b=person).delete()
    Union.objects.filter(partner_a=person).delete()
    Union.objects.filter(partner_b=person).delete()
    person.delete()
