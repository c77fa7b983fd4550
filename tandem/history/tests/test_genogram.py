import xml.etree.ElementTree as ET

import pytest
from django.db import connection

from tandem.history import genogram, services
from tandem.history.family import FamilyGraph, generations, layout
from tandem.history.forms import NOTES_MAX, ChildForm, RelativeForm, UnionForm
from tandem.history.models import Condition, ParentChild, Relationship, Relative, Union

SVG = "{http://www.w3.org/2000/svg}"
pytestmark = pytest.mark.django_db


def person(owner, name, gender="unknown", **extra):
    return Relative.objects.create(owner=owner, name=name, gender=gender, **extra)


def errs(form) -> str:
    form.is_valid()
    return " ".join(str(e) for messages in form.errors.values() for e in messages)


def svg_root(owner):
    return ET.fromstring(str(services.family(owner)["svg"]))  # noqa: S314 - our own markup


def svg_words(root) -> str:
    return " ".join((t.text or "") for t in root.iter() if t.tag in (f"{SVG}text", f"{SVG}title", f"{SVG}desc"))


def three_generations(owner):
    services.start_outline(owner)
    return {p.name: p for p in Relative.objects.filter(owner=owner)}


def test_the_outline_has_three_generations_and_draws_everyone(world):
    people = three_generations(world.owner)
    assert len(people) == 7
    graph = FamilyGraph.for_owner(world.owner)
    rows = generations(graph)
    assert rows[people["Me"].pk] == 2
    assert rows[people["Mother"].pk] == rows[people["Father"].pk] == 1
    assert {rows[people[n].pk] for n in people if "grand" in n} == {0}
    plan = layout(graph)
    assert plan.positions[people["Me"].pk][1] > plan.positions[people["Mother"].pk][1]
    root = svg_root(world.owner)
    words = svg_words(root)
    for name in people:
        assert name in words, name
    assert len([g for g in root.iter(f"{SVG}g") if g.get("class") == "person"]) == 7
    assert root.find(f"{SVG}title").text == "Family map"


def test_shapes_and_shading_follow_the_record(world):
    people = three_generations(world.owner)
    grandpa = people["Maternal grandfather"]
    grandpa.death_year = 1990
    grandpa.birth_year = 1925
    grandpa.save()
    Condition.objects.create(owner=world.owner, relative=grandpa, kind="alcohol", status="confirmed")
    Condition.objects.create(owner=world.owner, relative=people["Father"], kind="csb", status="suspected")
    Condition.objects.create(owner=world.owner, relative=people["Mother"], kind="gambling", status="recovery")
    root = svg_root(world.owner)
    words = svg_words(root)
    assert "alcohol addiction (confirmed)" in words
    assert "compulsive sexual behaviour (suspected)" in words
    assert "S?" in words
    assert "G(r)" in words
    assert "A" in words
    assert "1925–1990" in words
    markup = str(services.family(world.owner)["svg"])
    assert "url(#genogram-hatch)" in markup  # suspected
    assert "<pattern" in markup


def test_the_legend_explains_every_mark_in_words(world):
    root = ET.fromstring(str(genogram.genogram_legend_svg()))  # noqa: S314 - our own markup
    words = svg_words(root)
    for phrase in (
        "Square: man or male",
        "compulsive sexual behaviour (S)",
        "no standard mark",
        "Divorced",
        "Cut off",
        "Abuse",
        "suspected",
        "in recovery",
    ):
        assert phrase in words, phrase


class TestImpossibleDates:
    def test_death_before_birth(self, world):
        form = RelativeForm(
            {"name": "Uncle", "gender": "male", "birth_year": "1950", "death_year": "1940"}, owner=world.owner
        )
        assert not form.is_valid()
        assert "year of death is before the year of birth" in errs(form)

    def test_years_to_come_are_refused(self, world):
        form = RelativeForm({"name": "Uncle", "gender": "male", "birth_year": "2999"}, owner=world.owner)
        assert "hasn't come yet" in errs(form)

    def test_a_child_older_than_a_parent(self, world):
        mum = person(world.owner, "Mum", "female", birth_year=1960)
        kid = person(world.owner, "Kid", birth_year=1955)
        form = ChildForm({"child": kid.pk, "parent_one": mum.pk}, owner=world.owner)
        assert not form.is_valid()
        assert "older than, or the same age as" in errs(form)

    def test_a_child_born_long_after_a_parent_died(self, world):
        dad = person(world.owner, "Dad", "male", birth_year=1920, death_year=1960)
        kid = person(world.owner, "Kid", birth_year=1970)
        form = ChildForm({"child": kid.pk, "parent_one": dad.pk}, owner=world.owner)
        assert "more than a year after" in errs(form)

    def test_changing_a_year_later_is_checked_against_the_family(self, world):
        mum = person(world.owner, "Mum", "female", birth_year=1960)
        kid = person(world.owner, "Kid", birth_year=1985)
        ParentChild.objects.create(owner=world.owner, parent=mum, child=kid)
        form = RelativeForm({"name": "Mum", "gender": "female", "birth_year": "1990"}, owner=world.owner, instance=mum)
        assert not form.is_valid()
        assert "younger than, or the same age as, their child Kid" in errs(form)

    def test_through_the_page_it_is_a_message_not_a_500(self, world):
        client = world.client_for("owner")
        response = client.post(
            "/family/people/add/", {"name": "Aunt", "gender": "female", "birth_year": "1970", "death_year": "1960"}
        )
        assert response.status_code == 400
        assert "year of death is before the year of birth" in response.content.decode()
        response = client.post("/family/people/add/", {"name": "x" * 500, "gender": "zzz", "birth_year": "abc"})
        assert response.status_code == 400
        response = client.post(
            "/family/people/add/", {"name": "Aunt", "gender": "female", "notes": "n" * (NOTES_MAX + 1)}
        )
        assert response.status_code == 400
        assert Relative.objects.filter(owner=world.owner).count() == 0


class TestCycles:
    def test_someone_cannot_become_their_own_ancestor(self, world):
        a = person(world.owner, "A")
        b = person(world.owner, "B")
        c = person(world.owner, "C")
        ParentChild.objects.create(owner=world.owner, parent=a, child=b)
        ParentChild.objects.create(owner=world.owner, parent=b, child=c)
        form = ChildForm({"child": a.pk, "parent_one": c.pk}, owner=world.owner)
        assert not form.is_valid()
        assert "their own ancestor" in errs(form)
        form = ChildForm({"child": a.pk, "parent_one": a.pk}, owner=world.owner)
        assert "their own parent" in errs(form)

    def test_a_cycle_that_slipped_in_still_draws(self, world):
        a = person(world.owner, "Alpha")
        b = person(world.owner, "Beta")
        c = person(world.owner, "Gamma")
        for parent, child in ((a, b), (b, c), (c, a)):
            ParentChild.objects.create(owner=world.owner, parent=parent, child=child)
        Union.objects.create(owner=world.owner, partner_a=a, partner_b=c)
        graph = FamilyGraph.for_owner(world.owner)
        assert graph.has_cycle()
        words = svg_words(svg_root(world.owner))
        for name in ("Alpha", "Beta", "Gamma"):
            assert name in words
        assert world.client_for("owner").get("/family/").status_code == 200

    def test_no_more_than_two_parents(self, world):
        kid = person(world.owner, "Kid")
        p1, p2, p3 = (person(world.owner, f"P{i}") for i in range(3))
        ParentChild.objects.create(owner=world.owner, parent=p1, child=kid)
        ParentChild.objects.create(owner=world.owner, parent=p2, child=kid)
        form = ChildForm({"child": kid.pk, "parent_one": p3.pk}, owner=world.owner)
        assert "more than two parents" in errs(form)

    def test_a_union_cannot_join_a_parent_and_child(self, world):
        a = person(world.owner, "A")
        b = person(world.owner, "B")
        ParentChild.objects.create(owner=world.owner, parent=a, child=b)
        form = UnionForm({"partner_a": a.pk, "partner_b": b.pk, "status": "married"}, owner=world.owner)
        assert "own parent" in errs(form)
        form = UnionForm({"partner_a": a.pk, "partner_b": a.pk, "status": "married"}, owner=world.owner)
        assert "two different people" in errs(form)


def test_nobody_can_link_someone_elses_relatives(world):
    mine = person(world.owner, "Mine")
    theirs = person(world.other_client, "Theirs")
    form = ChildForm({"child": mine.pk, "parent_one": theirs.pk}, owner=world.owner)
    assert not form.is_valid()
    assert "parent_one" in form.errors
    client = world.client_for("owner")
    response = client.post("/family/children/add/", {"child": mine.pk, "parent_one": theirs.pk})
    assert response.status_code == 400
    assert world.client_for("other_client").get(f"/family/people/{mine.pk}/").status_code == 404


def test_building_a_small_family_through_the_pages(world):
    client = world.client_for("owner")
    for data in (
        {"name": "Me", "gender": "female", "is_self": "on", "birth_year": "1985"},
        {"name": "Mum", "gender": "female", "birth_year": "1958", "condition_alcohol": "confirmed"},
        {"name": "Dad", "gender": "male", "birth_year": "1955", "condition_csb": "suspected"},
    ):
        assert client.post("/family/people/add/", data).status_code == 302
    me, mum, dad = Relative.objects.filter(owner=world.owner).order_by("id")
    assert me.is_self
    assert (
        client.post(
            "/family/couples/add/", {"partner_a": dad.pk, "partner_b": mum.pk, "status": "divorced"}
        ).status_code
        == 302
    )
    assert (
        client.post("/family/children/add/", {"child": me.pk, "parent_one": mum.pk, "parent_two": dad.pk}).status_code
        == 302
    )
    assert (
        client.post("/family/lines/add/", {"person_a": dad.pk, "person_b": me.pk, "kind": "abuse"}).status_code == 302
    )
    assert (
        client.post("/family/lines/add/", {"person_a": dad.pk, "person_b": me.pk, "kind": "abuse"}).status_code == 400
    )
    page = client.get("/family/").content.decode()
    assert page.count("<h1") == 1
    assert "Abuse: from Dad to Me" in page
    assert Condition.objects.get(relative=mum).status == "confirmed"
    # Changing the record of conditions: removing one, changing another.
    response = client.post(
        f"/family/people/{mum.pk}/",
        {"name": "Mum", "gender": "female", "birth_year": "1958", "condition_alcohol": "recovery"},
    )
    assert response.status_code == 302
    assert Condition.objects.get(relative=mum).status == "recovery"
    client.post(f"/family/people/{mum.pk}/", {"name": "Mum", "gender": "female", "birth_year": "1958"})
    assert not Condition.objects.filter(relative=mum).exists()
    # Removing a person removes their lines too.
    assert client.post(f"/family/people/{dad.pk}/delete/").status_code == 302
    assert not Union.objects.filter(owner=world.owner).exists()
    assert not Relationship.objects.filter(owner=world.owner).exists()
    assert ParentChild.objects.filter(owner=world.owner).count() == 1


def test_a_second_self_replaces_the_first(world):
    first = person(world.owner, "Old me", is_self=True)
    form = RelativeForm({"name": "Me", "gender": "male", "is_self": "on"}, owner=world.owner)
    assert form.is_valid(), form.errors
    form.save()
    first.refresh_from_db()
    assert not first.is_self
    assert Relative.objects.filter(owner=world.owner, is_self=True).count() == 1


def test_names_and_notes_are_encrypted_at_rest(world):
    person(world.owner, "NAME-MARK", notes="NOTE-MARK")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, notes FROM history_relative")
        name, notes = cursor.fetchone()
    assert "NAME-MARK" not in name
    assert "NOTE-MARK" not in notes


def test_a_large_family_draws(world):
    root = person(world.owner, "Root", "male")
    previous = [root]
    for generation in range(4):
        current = []
        for parent in previous:
            partner = person(world.owner, f"Partner {parent.pk}", "female")
            Union.objects.create(owner=world.owner, partner_a=parent, partner_b=partner)
            for i in range(2):
                child = person(world.owner, f"G{generation} {parent.pk}-{i}", "male" if i else "female")
                ParentChild.objects.create(owner=world.owner, parent=parent, child=child)
                ParentChild.objects.create(owner=world.owner, parent=partner, child=child)
                current.append(child)
        previous = current
    count = Relative.objects.filter(owner=world.owner).count()
    root_el = svg_root(world.owner)
    assert len([g for g in root_el.iter(f"{SVG}g") if g.get("class") == "person"]) == count
    graph = FamilyGraph.for_owner(world.owner)
    rows = generations(graph)
    assert max(rows.values()) == 4


def test_the_family_page_lists_maps_shared_with_me(world):
    from tests.support.world import link

    link(world.partner, world.owner, "partner", scopes=["genogram"])
    person(world.partner, "Sam's mother", "female")
    page = world.client_for("owner").get("/family/").content.decode()
    assert "Family maps shared with you" in page
    assert f"/shared/{world.partner.pk}/" in page
    assert "Sam&#x27;s mother" not in page
    assert "Sam's mother" not in page
