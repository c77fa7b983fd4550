"""Who may reach each history route. Every object route is the owner's alone: others get 404."""

from tandem.core.routes import Route


def _event(world):
    from .models import LifeEvent

    return LifeEvent.objects.create(owner=world.owner, kind="family", title="A move", age_from=7, rating=-2)


def _people(world):
    from .models import Relative

    a = Relative.objects.create(owner=world.owner, name="Mother", gender="female", birth_year=1950)
    b = Relative.objects.create(owner=world.owner, name="Father", gender="male", birth_year=1948)
    c = Relative.objects.create(owner=world.owner, name="Me", gender="unknown", birth_year=1980)
    return a, b, c


def _union(world):
    from .models import Union

    a, b, _ = _people(world)
    return Union.objects.create(owner=world.owner, partner_a=a, partner_b=b)


def _child_link(world):
    from .models import ParentChild

    a, _, c = _people(world)
    return ParentChild.objects.create(owner=world.owner, parent=a, child=c)


def _line(world):
    from .models import Relationship

    a, b, _ = _people(world)
    return Relationship.objects.create(owner=world.owner, person_a=a, person_b=b, kind="conflict")


def owner_post(name, url):
    return Route(name, "owner", url=url, method="POST", ok_status=302)


ROUTES = [
    Route("timeline", "any"),
    Route("timeline_add", "any"),
    Route("timeline_birth_year", "any", method="POST", ok_status=302),
    Route("timeline_edit", "owner", url=lambda w: f"/timeline/{_event(w).pk}/edit/"),
    owner_post("timeline_delete", lambda w: f"/timeline/{_event(w).pk}/delete/"),
    Route("history_break", "any"),
    Route("family", "any"),
    Route("family_start", "any", method="POST", ok_status=302),
    Route("family_person_add", "any"),
    Route("family_person_edit", "owner", url=lambda w: f"/family/people/{_people(w)[0].pk}/"),
    owner_post("family_person_delete", lambda w: f"/family/people/{_people(w)[0].pk}/delete/"),
    Route("family_union_add", "any"),
    Route("family_union_edit", "owner", url=lambda w: f"/family/couples/{_union(w).pk}/"),
    owner_post("family_union_delete", lambda w: f"/family/couples/{_union(w).pk}/delete/"),
    Route("family_child_add", "any"),
    owner_post("family_child_delete", lambda w: f"/family/children/{_child_link(w).pk}/delete/"),
    Route("family_line_add", "any"),
    owner_post("family_line_delete", lambda w: f"/family/lines/{_line(w).pk}/delete/"),
]
