"""The family graph: loading one owner's genogram, checking new links, and laying it out in rows.

The layout is written for the purpose (no Graphviz): people are placed in rows by generation,
couples side by side, and each row ordered so children sit under their parents (a few
barycentre sweeps down and up, the way layered graph drawing does it). It never loops forever:
a family with a cycle in it (which the forms refuse, but an import could bring) still draws.
"""

from collections import defaultdict, deque
from dataclasses import dataclass, field

from django.utils.translation import gettext

from .models import Condition, ParentChild, Relationship, Relative, Union

MAX_PARENTS = 2


@dataclass
class FamilyGraph:
    people: dict[int, Relative]
    unions: list[Union]
    parent_links: list[ParentChild]
    relationships: list[Relationship]
    parents: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    children: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    partners: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))

    def __post_init__(self):
        for link in self.parent_links:
            if link.parent_id in self.people and link.child_id in self.people:
                self.parents[link.child_id].append(link.parent_id)
                self.children[link.parent_id].append(link.child_id)
        for union in self.unions:
            if union.partner_a_id in self.people and union.partner_b_id in self.people:
                self.partners[union.partner_a_id].append(union.partner_b_id)
                self.partners[union.partner_b_id].append(union.partner_a_id)

    @classmethod
    def for_owner(cls, owner) -> "FamilyGraph":
        people = {p.pk: p for p in Relative.objects.filter(owner=owner).order_by("id")}
        conditions = defaultdict(list)
        for condition in Condition.objects.filter(owner=owner, relative__owner=owner):
            conditions[condition.relative_id].append(condition)
        for pk, person in people.items():
            person.condition_list = sorted(conditions.get(pk, []), key=lambda c: list(CONDITION_ORDER).index(c.kind))
        return cls(
            people=people,
            unions=list(Union.objects.filter(owner=owner)),
            parent_links=list(ParentChild.objects.filter(owner=owner)),
            relationships=list(Relationship.objects.filter(owner=owner)),
        )

    @property
    def is_empty(self) -> bool:
        return not self.people

    def ancestors(self, pk: int) -> set[int]:
        seen: set[int] = set()
        queue = deque(self.parents.get(pk, []))
        while queue:
            current = queue.popleft()
            if current in seen:
                continue
            seen.add(current)
            queue.extend(self.parents.get(current, []))
        return seen

    def descendants(self, pk: int) -> set[int]:
        seen: set[int] = set()
        queue = deque(self.children.get(pk, []))
        while queue:
            current = queue.popleft()
            if current in seen:
                continue
            seen.add(current)
            queue.extend(self.children.get(current, []))
        return seen

    def has_cycle(self) -> bool:
        return any(pk in self.ancestors(pk) for pk in self.people)

    def union_between(self, a: int, b: int) -> Union | None:
        for union in self.unions:
            if {union.partner_a_id, union.partner_b_id} == {a, b}:
                return union
        return None


CONDITION_ORDER = ("alcohol", "drugs", "csb", "gambling", "eating", "mental")


# --- Checks used by the forms ---------------------------------------------------------------


def _label(person: Relative) -> str:
    return person.name or gettext("this person")


def parent_link_problems(graph: FamilyGraph, parent: Relative, child: Relative) -> list[str]:
    """Why `parent` cannot be recorded as a parent of `child`, in plain words (empty: fine)."""
    problems = []
    if parent.pk == child.pk:
        return [gettext("Someone can't be their own parent.")]
    if parent.pk in graph.parents.get(child.pk, []):
        return [
            gettext("%(parent)s is already recorded as a parent of %(child)s.")
            % {"parent": _label(parent), "child": _label(child)}
        ]
    if len(graph.parents.get(child.pk, [])) >= MAX_PARENTS:
        problems.append(
            gettext(
                "%(child)s already has two parents here. If there is a step-parent or an adoptive "
                "parent, you can show them as a partner of a parent, or with a relationship line."
            )
            % {"child": _label(child)}
        )
    if parent.pk in graph.descendants(child.pk) or parent.pk == child.pk:
        problems.append(
            gettext(
                "That would make %(child)s their own ancestor: %(parent)s is already "
                "a child or grandchild of %(child)s. Please check who is the parent and who is the child."
            )
            % {"child": _label(child), "parent": _label(parent)}
        )
    if parent.birth_year and child.birth_year and child.birth_year <= parent.birth_year:
        problems.append(
            gettext(
                "%(child)s (born %(child_year)s) would be older than, or the same age as, "
                "their parent %(parent)s (born %(parent_year)s). Please check the years."
            )
            % {
                "child": _label(child),
                "child_year": child.birth_year,
                "parent": _label(parent),
                "parent_year": parent.birth_year,
            }
        )
    if parent.death_year and child.birth_year and child.birth_year > parent.death_year + 1:
        problems.append(
            gettext(
                "%(child)s was born in %(child_year)s, more than a year after "
                "%(parent)s died (%(death_year)s). Please check the years."
            )
            % {
                "child": _label(child),
                "child_year": child.birth_year,
                "parent": _label(parent),
                "death_year": parent.death_year,
            }
        )
    if graph.union_between(parent.pk, child.pk):
        problems.append(
            gettext("%(parent)s and %(child)s are joined as a couple here, so one can't be the other's parent.")
            % {"parent": _label(parent), "child": _label(child)}
        )
    return problems


def union_problems(graph: FamilyGraph, a: Relative, b: Relative, *, ignore: Union | None = None) -> list[str]:
    if a.pk == b.pk:
        return [gettext("Please choose two different people.")]
    existing = graph.union_between(a.pk, b.pk)
    if existing is not None and (ignore is None or existing.pk != ignore.pk):
        return [
            gettext("%(a)s and %(b)s are already joined. You can change that union instead.")
            % {"a": _label(a), "b": _label(b)}
        ]
    if a.pk in graph.ancestors(b.pk) or b.pk in graph.ancestors(a.pk):
        return [
            gettext(
                "A union can't join someone to their own parent, grandparent, child or grandchild. "
                "To record harm between family members, use a relationship line marked 'abuse'."
            )
        ]
    return []


def year_problems_for(graph: FamilyGraph, person: Relative, birth_year, death_year) -> list[str]:
    """Check a changed birth or death year against the parents and children already linked."""
    problems = []
    for parent_pk in graph.parents.get(person.pk, []):
        parent = graph.people[parent_pk]
        if birth_year and parent.birth_year and birth_year <= parent.birth_year:
            problems.append(
                gettext(
                    "Born in %(year)s, %(person)s would be older than, or the same age as, "
                    "their parent %(parent)s (born %(parent_year)s)."
                )
                % {
                    "year": birth_year,
                    "person": _label(person),
                    "parent": _label(parent),
                    "parent_year": parent.birth_year,
                }
            )
        if birth_year and parent.death_year and birth_year > parent.death_year + 1:
            problems.append(
                gettext(
                    "Born in %(year)s, %(person)s would be born more than a year after "
                    "their parent %(parent)s died (%(death_year)s)."
                )
                % {
                    "year": birth_year,
                    "person": _label(person),
                    "parent": _label(parent),
                    "death_year": parent.death_year,
                }
            )
    for child_pk in graph.children.get(person.pk, []):
        child = graph.people[child_pk]
        if birth_year and child.birth_year and child.birth_year <= birth_year:
            problems.append(
                gettext(
                    "Born in %(year)s, %(person)s would be younger than, or the same age as, "
                    "their child %(child)s (born %(child_year)s)."
                )
                % {"year": birth_year, "person": _label(person), "child": _label(child), "child_year": child.birth_year}
            )
        if death_year and child.birth_year and child.birth_year > death_year + 1:
            problems.append(
                gettext("%(child)s was born in %(child_year)s, more than a year after %(death_year)s.")
                % {"child": _label(child), "child_year": child.birth_year, "death_year": death_year}
            )
    return problems


# --- Layout ---------------------------------------------------------------------------------


def generations(graph: FamilyGraph) -> dict[int, int]:
    """Row of each person: parents one row above their children, partners on the same row.

    A breadth-first walk from the owner (or the first person of each separate group); the first
    row given to a person stays, so cousins who married across generations, or a cycle that
    slipped in, cannot make it loop. Rows are shifted so the oldest generation is row 0.
    """
    order = list(graph.people)
    self_pk = next((pk for pk, p in graph.people.items() if p.is_self), None)
    if self_pk is not None:
        order.remove(self_pk)
        order.insert(0, self_pk)
    row: dict[int, int] = {}
    component: dict[int, int] = {}
    for start in order:
        if start in row:
            continue
        row[start] = 0
        component[start] = start
        queue = deque([start])
        while queue:
            current = queue.popleft()
            steps = (
                [(p, -1) for p in graph.parents.get(current, [])]
                + [(c, 1) for c in graph.children.get(current, [])]
                + [(p, 0) for p in graph.partners.get(current, [])]
            )
            for other, delta in steps:
                if other not in row:
                    row[other] = row[current] + delta
                    component[other] = start
                    queue.append(other)
    # Each separate group: its own oldest generation is row 0.
    lowest: dict[int, int] = {}
    for pk, r in row.items():
        lowest[component[pk]] = min(lowest.get(component[pk], r), r)
    return {pk: r - lowest[component[pk]] for pk, r in row.items()}


def _components(graph: FamilyGraph) -> list[list[int]]:
    seen: set[int] = set()
    groups = []
    self_first = sorted(graph.people, key=lambda pk: (not graph.people[pk].is_self, pk))
    for start in self_first:
        if start in seen:
            continue
        group = []
        queue = deque([start])
        seen.add(start)
        while queue:
            current = queue.popleft()
            group.append(current)
            for other in (
                graph.parents.get(current, []) + graph.children.get(current, []) + graph.partners.get(current, [])
            ):
                if other not in seen:
                    seen.add(other)
                    queue.append(other)
        groups.append(group)
    return groups


def _couple_units(members: list[int], graph: FamilyGraph) -> list[list[int]]:
    """Split one row into units: a person with their partner(s) on the same row stays together."""
    in_row = set(members)
    seen: set[int] = set()
    units = []
    for pk in members:
        if pk in seen:
            continue
        unit = []
        queue = deque([pk])
        seen.add(pk)
        while queue:
            current = queue.popleft()
            unit.append(current)
            for other in graph.partners.get(current, []):
                if other in in_row and other not in seen:
                    seen.add(other)
                    queue.append(other)
        if len(unit) > 2:
            # Someone with several partners goes in the middle: A — X — B.
            hub = max(unit, key=lambda p: len([o for o in graph.partners.get(p, []) if o in in_row]))
            rest = [p for p in unit if p != hub]
            half = len(rest) // 2
            unit = rest[:half] + [hub] + rest[half:]
        units.append(unit)
    return units


@dataclass
class Layout:
    positions: dict[int, tuple[float, float]]
    rows: dict[int, int]
    width: float
    height: float


SLOT = 160.0
ROW_HEIGHT = 130.0
MARGIN_X = 70.0
MARGIN_TOP = 40.0
GROUP_GAP = 1.0  # slots between separate groups


def _blood_parents(unit, graph: FamilyGraph):
    """The parents shared by the one member of `unit` whose parents are drawn (None if not exactly one)."""
    blood = [pk for pk in unit if graph.parents.get(pk)]
    return (frozenset(graph.parents[blood[0]]), blood[0]) if len(blood) == 1 else (None, None)


def _arrange_siblings(units: list[list[int]], graph: FamilyGraph) -> list[list[int]]:
    """Keep brothers and sisters side by side, with partners who married in on the outside.

    Units with the same parents sit next to each other after sorting; within such a run, the first
    couple is turned so the married-in partner is on the left, the others so they are on the right,
    and people on their own go in the middle.
    """
    arranged: list[list[int]] = []
    i = 0
    while i < len(units):
        key, _ = _blood_parents(units[i], graph)
        run = [units[i]]
        while key is not None and i + len(run) < len(units) and _blood_parents(units[i + len(run)], graph)[0] == key:
            run.append(units[i + len(run)])
        i += len(run)
        couples = [u for u in run if len(u) == 2]
        if key is None or not couples:
            arranged.extend(run)
            continue
        singles = [u for u in run if len(u) != 2]

        def turned(unit, married_in_left: bool):
            _, blood = _blood_parents(unit, graph)
            other = unit[1] if unit[0] == blood else unit[0]
            return [other, blood] if married_in_left else [blood, other]

        arranged.append(turned(couples[0], True))
        arranged.extend(singles)
        arranged.extend(turned(u, False) for u in couples[1:])
    return arranged


def _order_rows(group_rows: dict[int, list[int]], graph: FamilyGraph) -> dict[int, list[int]]:
    """Order each row so children sit under their parents (barycentre sweeps, couples kept together)."""
    order = {r: sorted(members) for r, members in group_rows.items()}
    widest = max(len(members) for members in order.values())
    index: dict[int, float] = {}

    def reindex(r):
        shift = (widest - len(order[r])) / 2
        for i, pk in enumerate(order[r]):
            index[pk] = shift + i

    def sweep(r, neighbours):
        units = _couple_units(order[r], graph)

        def key(unit):
            linked = [index[n] for pk in unit for n in neighbours(pk) if n in index]
            return (sum(linked) / len(linked)) if linked else min(index[pk] for pk in unit)

        units.sort(key=key)
        if neighbours is parents:
            units = _arrange_siblings(units, graph)
        order[r] = [pk for unit in units for pk in unit]
        reindex(r)

    def parents(pk):
        return graph.parents.get(pk, [])

    def children(pk):
        return graph.children.get(pk, [])

    for r in order:
        reindex(r)
    rows = sorted(order)
    for _ in range(3):
        for r in rows[1:]:
            sweep(r, parents)
        for r in reversed(rows[:-1]):
            sweep(r, children)
    for r in rows[1:]:
        sweep(r, parents)
    return order


def layout(graph: FamilyGraph) -> Layout:
    rows = generations(graph)
    positions: dict[int, tuple[float, float]] = {}
    offset_slots = 0.0
    max_row = max(rows.values(), default=0)
    for group in _components(graph):
        group_rows: dict[int, list[int]] = defaultdict(list)
        for pk in group:
            group_rows[rows[pk]].append(pk)
        order = _order_rows(group_rows, graph)
        widest = max(len(members) for members in order.values())
        for r, members in order.items():
            start = offset_slots + (widest - len(members)) / 2
            for i, pk in enumerate(members):
                positions[pk] = (MARGIN_X + (start + i) * SLOT, MARGIN_TOP + r * ROW_HEIGHT)
        offset_slots += widest + GROUP_GAP
    width = MARGIN_X * 2 + max(offset_slots - GROUP_GAP - 1, 0) * SLOT
    height = MARGIN_TOP + max_row * ROW_HEIGHT + 110
    return Layout(positions=positions, rows=rows, width=max(width, 320.0), height=height)
