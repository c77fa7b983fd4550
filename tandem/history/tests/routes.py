"""URLs of the history routes in the test world (tests/support/matrix.py)."""

from tandem.history.models import LifeEvent, ParentChild, Relationship, Relative, Union


def _event(world):
    return LifeEvent.objects.create(owner=world.owner, kind="family", title="A move", age_from=7, rating=-2)


def _people(world):
    a = Relative.objects.create(owner=world.owner, name="Mother", gender="female", birth_year=1950)
    b = Relative.objects.create(owner=world.owner, name="Father", gender="male", birth_year=1948)
    c = Relative.objects.create(owner=world.owner, name="Robin", gender="unknown", birth_year=1980)
    return a, b, c


def _union(world):
    a, b, _ = _people(world)
    return Union.objects.create(owner=world.owner, partner_a=a, partner_b=b)


def _child_link(world):
    a, _, c = _people(world)
    return ParentChild.objects.create(owner=world.owner, parent=a, child=c)


def _line(world):
    a, b, _ = _people(world)
    return Relationship.objects.create(owner=world.owner, person_a=a, person_b=b, kind="conflict")


URLS = {
    "picture_shared": lambda world: f"/picture/of/{world.owner.pk}/",
    "timeline_edit": lambda world: f"/timeline/{_event(world).pk}/edit/",
    "timeline_delete": lambda world: f"/timeline/{_event(world).pk}/delete/",
    "family_person_edit": lambda world: f"/family/people/{_people(world)[0].pk}/",
    "family_person_delete": lambda world: f"/family/people/{_people(world)[0].pk}/delete/",
    "family_union_edit": lambda world: f"/family/couples/{_union(world).pk}/",
    "family_union_delete": lambda world: f"/family/couples/{_union(world).pk}/delete/",
    "family_child_delete": lambda world: f"/family/children/{_child_link(world).pk}/delete/",
    "family_line_delete": lambda world: f"/family/lines/{_line(world).pk}/delete/",
}
