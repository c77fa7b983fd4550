"""The genogram (the family map) and its key, in the customary shapes, fills, hatching and lines.

Nothing relies on colour alone: the letters of each condition are written under each person too.
The key is drawn with the same code as the picture. Text is escaped by the builder
(tandem/core/svg.py).
"""

import math
from collections import defaultdict

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from tandem.core import svg
from tandem.core.charts import Chart

from .family import FamilyGraph, layout
from .models import RelationshipKind, Relative, UnionStatus

S = 40.0  # symbol size
NAME_CHARS = 22
H = S / 2
STATUS_RANK = {"confirmed": 3, "recovery": 2, "suspected": 1}
STATUS_FILL = {"confirmed": "currentColor", "suspected": "url(#{p}-hatch)", "recovery": "url(#{p}-dots)"}
AREA_OF = {"alcohol": "bottom", "drugs": "bottom", "mental": "left", "csb": "quarter"}


def _defs(p: str) -> str:
    return svg.el(
        "defs",
        svg.el(
            "pattern",
            svg.el("path", d="M0,6 L6,0 M-1,1 L1,-1 M5,7 L7,5", stroke="currentColor", stroke_width=1.4),
            id=f"{p}-hatch",
            width=6,
            height=6,
            patternUnits="userSpaceOnUse",
        ),
        svg.el(
            "pattern",
            svg.el("circle", cx=2.5, cy=2.5, r=1.3, fill="currentColor"),
            id=f"{p}-dots",
            width=5,
            height=5,
            patternUnits="userSpaceOnUse",
        ),
        svg.el(
            "marker",
            svg.el("path", d="M0,0 L10,5 L0,10 z", fill="currentColor"),
            id=f"{p}-arrow",
            viewBox="0 0 10 10",
            refX=9,
            refY=5,
            markerWidth=7,
            markerHeight=7,
            orient="auto",
        ),
    )


def _outline(gender: str, cx: float, cy: float, grow: float = 0.0, **kwargs) -> str:
    h = H + grow
    common = {"stroke": "currentColor", "stroke_width": 1.8, **kwargs}
    if gender == "male":
        return svg.el("rect", x=cx - h, y=cy - h, width=2 * h, height=2 * h, **common)
    if gender == "female":
        return svg.el("circle", cx=cx, cy=cy, r=h, **common)
    d = h * 1.2
    return svg.el("polygon", points=svg.points([(cx, cy - d), (cx + d, cy), (cx, cy + d), (cx - d, cy)]), **common)


def _area(gender: str, area: str, cx: float, cy: float, fill: str) -> str:
    if gender == "male":
        rects = {
            "bottom": (cx - H, cy, 2 * H, H),
            "left": (cx - H, cy - H, H, 2 * H),
            "quarter": (cx, cy - H, H, H),
        }
        x, y, w, h = rects[area]
        return svg.el("rect", x=x, y=y, width=w, height=h, fill=fill)
    if gender == "female":
        r = H
        paths = {
            "bottom": f"M{cx - r},{cy} A{r},{r} 0 0 0 {cx + r},{cy} Z",
            "left": f"M{cx},{cy - r} A{r},{r} 0 0 0 {cx},{cy + r} Z",
            "quarter": f"M{cx},{cy} L{cx},{cy - r} A{r},{r} 0 0 1 {cx + r},{cy} Z",
        }
        return svg.el("path", d=paths[area], fill=fill)
    d = H * 1.2
    top, right, bottom, left = (cx, cy - d), (cx + d, cy), (cx, cy + d), (cx - d, cy)
    polys = {"bottom": [left, right, bottom], "left": [top, bottom, left], "quarter": [(cx, cy), top, right]}
    return svg.el("polygon", points=svg.points(polys[area]), fill=fill)


def _cross(gender: str, cx: float, cy: float) -> str:
    a = H if gender == "male" else (H * 0.72 if gender == "female" else H * 0.62)
    return svg.el(
        "path",
        d=f"M{cx - a},{cy - a} L{cx + a},{cy + a} M{cx + a},{cy - a} L{cx - a},{cy + a}",
        stroke="currentColor",
        stroke_width=1.8,
    )


def person_summary(person: Relative) -> str:
    bits = [person.name or gettext("Someone")]
    if person.is_self:
        bits.append(gettext("(you)"))
    bits.append(f"— {person.get_gender_display().lower()}")
    if person.birth_year:
        bits.append(gettext(", born %(year)s") % {"year": person.birth_year})
    if person.death_year:
        bits.append(gettext(", died %(year)s") % {"year": person.death_year})
    elif person.deceased:
        bits.append(gettext(", has died"))
    conditions = getattr(person, "condition_list", [])
    if conditions:
        bits.append(
            "; " + ", ".join(f"{c.get_kind_display().lower()} ({c.get_status_display().lower()})" for c in conditions)
        )
    return " ".join(bits).replace(" ,", ",").replace(" ;", ";")


def _person(person: Relative, cx: float, top: float, p: str) -> str:
    cy = top + H
    gender = person.gender if person.gender in ("male", "female") else "other"
    parts = [svg.title(person_summary(person))]
    parts.append(_outline(gender, cx, cy, fill="#ffffff", class_="bg"))
    areas: dict[str, str] = {}
    for condition in getattr(person, "condition_list", []):
        area = AREA_OF.get(condition.kind)
        if area and STATUS_RANK[condition.status] > STATUS_RANK.get(areas.get(area, ""), 0):
            areas[area] = condition.status
    for area in ("left", "bottom", "quarter"):
        if area in areas:
            parts.append(_area(gender, area, cx, cy, STATUS_FILL[areas[area]].format(p=p)))
    parts.append(_outline(gender, cx, cy, fill="none"))
    if person.is_self:
        parts.append(_outline(gender, cx, cy, grow=5, fill="none", stroke_width=1.4))
    if person.gender == "unknown":
        parts.append(
            svg.text(cx, cy + 5, "?", text_anchor="middle", font_size=15, font_weight="bold", fill="currentColor")
        )
    if person.has_died:
        parts.append(_cross(gender, cx, cy))
    y = top + S + 16
    parts.append(svg.label(cx, y, svg.shorten(person.name or "—", NAME_CHARS), font_size=12))
    if person.years:
        y += 14
        parts.append(svg.label(cx, y, person.years))
    codes = " ".join(c.code for c in getattr(person, "condition_list", []))
    if codes:
        y += 14
        parts.append(svg.label(cx, y, codes, font_weight="bold"))
    return svg.el("g", *parts, class_="person", data_person=person.pk)


def _slashes(x: float, y: float, count: int) -> str:
    d = " ".join(f"M{x - 4 + i * 7},{y + 7} L{x + 4 + i * 7},{y - 7}" for i in range(count))
    return svg.el("path", d=d, stroke="currentColor", stroke_width=1.8)


def _bezier(p0, p1, p2, t):
    return (
        (1 - t) ** 2 * p0[0] + 2 * (1 - t) * t * p1[0] + t**2 * p2[0],
        (1 - t) ** 2 * p0[1] + 2 * (1 - t) * t * p1[1] + t**2 * p2[1],
    )


def _relationship(rel, positions, p: str, *, with_label: bool = True):
    """The line (and, with_label, its name in words, drawn on top later); None if someone is missing."""
    a = positions.get(rel.person_a_id)
    b = positions.get(rel.person_b_id)
    if a is None or b is None:
        return None
    ax, ay = a[0], a[1] + H
    bx, by = b[0], b[1] + H
    dx, dy = bx - ax, by - ay
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    start = (ax + ux * (H + 6), ay + uy * (H + 6))
    end = (bx - ux * (H + 6), by - uy * (H + 6))
    nx, ny = -uy, ux  # normal
    if abs(dx) >= abs(dy) and ny > 0:  # side by side: bow upwards, away from the union and child lines
        nx, ny = -nx, -ny
    bow = min(40.0, 14 + length * 0.1)
    control = ((start[0] + end[0]) / 2 + nx * bow, (start[1] + end[1]) / 2 + ny * bow)
    samples = [_bezier(start, control, end, i / 40) for i in range(41)]
    kind = rel.kind
    parts = []
    if kind in (RelationshipKind.CONFLICT, RelationshipKind.ABUSE):
        zig = []
        for i, (x, y) in enumerate(samples):
            off = 0 if i in (0, 40) else (5 if i % 2 else -5)
            zig.append((x + nx * off, y + ny * off))
        extra = {"marker_end": f"url(#{p}-arrow)"} if kind == RelationshipKind.ABUSE else {}
        width = 2.2 if kind == RelationshipKind.ABUSE else 1.5
        parts.append(
            svg.el("polyline", points=svg.points(zig), fill="none", stroke="currentColor", stroke_width=width, **extra)
        )
    elif kind == RelationshipKind.CLOSE:
        for off in (-2.5, 2.5):
            parts.append(
                svg.el(
                    "polyline",
                    points=svg.points([(x + nx * off, y + ny * off) for x, y in samples]),
                    fill="none",
                    stroke="currentColor",
                    stroke_width=1.3,
                )
            )
    elif kind == RelationshipKind.DISTANT:
        parts.append(
            svg.el(
                "polyline",
                points=svg.points(samples),
                fill="none",
                stroke="currentColor",
                stroke_width=1.6,
                stroke_dasharray="2 5",
            )
        )
    else:  # cut off: a broken line with two bars
        parts.append(
            svg.el("polyline", points=svg.points(samples[:17]), fill="none", stroke="currentColor", stroke_width=1.5)
        )
        parts.append(
            svg.el("polyline", points=svg.points(samples[24:]), fill="none", stroke="currentColor", stroke_width=1.5)
        )
        for i in (18, 23):
            x, y = samples[i]
            parts.append(
                svg.el(
                    "line",
                    x1=x + nx * 8,
                    y1=y + ny * 8,
                    x2=x - nx * 8,
                    y2=y - ny * 8,
                    stroke="currentColor",
                    stroke_width=1.8,
                )
            )
    line = svg.el("g", *parts, class_=f"relationship rel-{kind}")
    if not with_label:
        return line
    mx, my = samples[20]
    words = svg.label(mx + nx * 12, my + ny * 12 + 4, rel.get_kind_display().lower(), font_size=10, font_style="italic")
    return line, words


def _union_lines(graph: FamilyGraph, pos: dict) -> tuple[list, dict[frozenset, tuple[float, float]]]:
    """A line between partners at mid-height, styled by status; returns the lines and each couple's midpoint."""
    lines = []
    anchors: dict[frozenset, tuple[float, float]] = {}
    for union in graph.unions:
        a, b = pos.get(union.partner_a_id), pos.get(union.partner_b_id)
        if a is None or b is None:
            continue
        (ax, atop), (bx, btop) = sorted([a, b])
        ay, by = atop + H, btop + H
        dash = "7 5" if union.status == UnionStatus.PARTNERED else None
        names = f"{graph.people[union.partner_a_id].name} and {graph.people[union.partner_b_id].name}"
        title = f"{names}: {union.get_status_display().lower()}"
        if union.start_year:
            title += f" from {union.start_year}"
        if union.end_year:
            title += f" to {union.end_year}"
        group = [
            svg.title(title),
            svg.el("line", x1=ax, y1=ay, x2=bx, y2=by, stroke="currentColor", stroke_width=2, stroke_dasharray=dash),
        ]
        sx = ax + (bx - ax) * 0.3
        sy = ay + (by - ay) * 0.3
        if union.status == UnionStatus.SEPARATED:
            group.append(_slashes(sx, sy, 1))
        elif union.status == UnionStatus.DIVORCED:
            group.append(_slashes(sx - 3, sy, 2))
        lines.append(svg.el("g", *group, class_=f"union union-{union.status}"))
        anchors[frozenset({union.partner_a_id, union.partner_b_id})] = ((ax + bx) / 2, (ay + by) / 2)
    return lines, anchors


def _parents_anchor(parents: frozenset, pos: dict, anchors: dict, back: list) -> tuple[float, float]:
    """Where the children's line starts: the couple's line, a dotted line between two parents who
    are not a couple (appended to `back`), or below a single parent."""
    plist = sorted(parents)
    if len(plist) != 2:
        px, ptop = pos[plist[0]]
        return (px, ptop + S)
    anchor = anchors.get(parents)
    if anchor is not None:
        return anchor
    (ax, atop), (bx, btop) = pos[plist[0]], pos[plist[1]]
    back.append(
        svg.el(
            "line",
            x1=ax,
            y1=atop + H,
            x2=bx,
            y2=btop + H,
            stroke="currentColor",
            stroke_width=1.2,
            stroke_dasharray="2 4",
        )
    )
    return ((ax + bx) / 2, (atop + btop) / 2 + H)


def _descent_lines(graph: FamilyGraph, pos: dict, anchors: dict) -> list:
    """Children hang from their parents' line (or below a single parent)."""
    back = []
    families: dict[frozenset, list[int]] = defaultdict(list)
    for child_pk, parents in graph.parents.items():
        if child_pk in pos:
            families[frozenset(p_ for p_ in parents if p_ in pos)].append(child_pk)
    for parents, kids in families.items():
        if not parents:
            continue
        anchor = _parents_anchor(parents, pos, anchors, back)
        kid_tops = [pos[k][1] for k in kids]
        bar_y = min(kid_tops) - 20
        lines = []
        if bar_y <= anchor[1]:  # a cycle or a crossed generation: straight lines, still drawn
            for k in kids:
                lines.append(f"M{anchor[0]},{anchor[1]} L{pos[k][0]},{pos[k][1]}")
        else:
            xs = [pos[k][0] for k in kids] + [anchor[0]]
            lines.append(f"M{anchor[0]},{anchor[1]} L{anchor[0]},{bar_y}")
            lines.append(f"M{min(xs)},{bar_y} L{max(xs)},{bar_y}")
            for k in kids:
                lines.append(f"M{pos[k][0]},{bar_y} L{pos[k][0]},{pos[k][1] - (5 if graph.people[k].is_self else 0)}")
        back.append(
            svg.el("path", d=" ".join(lines), fill="none", stroke="currentColor", stroke_width=1.6, class_="descent")
        )
    return back


def genogram_chart(graph: FamilyGraph, *, id_prefix: str = "genogram", heading: str | None = None) -> Chart:
    p = id_prefix
    heading = heading if heading is not None else gettext("Family map")
    if graph.is_empty:
        summary = gettext("No one has been added yet.")
        empty = svg.text(10, 35, gettext("No one added yet."), fill="currentColor")
        picture = svg.document(p, 320, 60, heading, summary, empty, class_="chart genogram-chart", width=320)
        return Chart(picture, summary)
    plan = layout(graph)
    pos = plan.positions
    back, anchors = _union_lines(graph, pos)  # lines go under the symbols
    back += _descent_lines(graph, pos, anchors)
    drawn = [_relationship(rel, pos, p) for rel in graph.relationships]
    middle = [d[0] for d in drawn if d]
    on_top = [d[1] for d in drawn if d]
    people = [_person(person, *pos[pk], p) for pk, person in graph.people.items() if pk in pos]
    generations = max(plan.rows.values(), default=0) + 1
    people_words = ngettext("%(count)s person", "%(count)s people", len(graph.people)) % {"count": len(graph.people)}
    desc = (
        ngettext("%(people)s in %(count)s generation.", "%(people)s in %(count)s generations.", generations)
        % {"people": people_words, "count": generations}
        + " "
        + " ".join(person_summary(person) + "." for person in graph.people.values())
    )
    picture = svg.document(
        p,
        plan.width,
        plan.height,
        heading,
        desc,
        _defs(p) + svg.join(back) + svg.join(middle) + svg.join(people) + svg.join(on_top),
        class_="chart genogram-chart",
        width=int(plan.width),
    )
    return Chart(picture, desc)


def _sample(gender: str, cx: float, top: float, p: str, areas=(), is_self=False, deceased=False) -> str:
    shape = gender if gender in ("male", "female") else "other"
    cy = top + H
    parts = [_outline(shape, cx, cy, fill="#ffffff", class_="bg")]
    for area, status in areas:
        parts.append(_area(shape, area, cx, cy, STATUS_FILL[status].format(p=p)))
    parts.append(_outline(shape, cx, cy, fill="none"))
    if is_self:
        parts.append(_outline(shape, cx, cy, grow=5, fill="none", stroke_width=1.4))
    if gender == "unknown":
        parts.append(
            svg.text(cx, cy + 5, "?", text_anchor="middle", font_size=15, font_weight="bold", fill="currentColor")
        )
    if deceased:
        parts.append(_cross(shape, cx, cy))
    return svg.join(parts)


class _SampleLine:
    person_a_id = 1
    person_b_id = 2

    def __init__(self, kind):
        self.kind = kind

    def get_kind_display(self):
        return RelationshipKind(self.kind).label


SYMBOL_KEY = [
    (("male", {}), ("female", {}), _("Square: man or male.  Circle: woman or female.")),
    (("other", {}), ("unknown", {}), _("Diamond: non-binary or another gender.\nDiamond with ?: not known.")),
    (("female", {"is_self": True}), ("male", {"deceased": True}), _("Double outline: you.  X across: has died.")),
    (
        ("male", {"areas": [("bottom", "confirmed")]}),
        ("female", {"areas": [("bottom", "confirmed")]}),
        _("Lower half filled: alcohol (A) or drug (D) addiction\n(the customary mark)."),
    ),
    (
        ("male", {"areas": [("left", "confirmed")]}),
        ("female", {"areas": [("left", "confirmed")]}),
        _("Left half filled: mental illness (M)\n(the customary mark)."),
    ),
    (
        ("male", {"areas": [("quarter", "confirmed")]}),
        ("female", {"areas": [("quarter", "confirmed")]}),
        _(
            "Top right quarter filled: compulsive sexual behaviour (S).\n"
            "There is no standard mark for it; this one is Tandem's own."
        ),
    ),
    (
        ("male", {"areas": [("bottom", "suspected")]}),
        ("male", {"areas": [("bottom", "recovery")]}),
        _("Solid: confirmed.  Diagonal lines: suspected (letter and ?).\nDots: in recovery (letter and (r))."),
    ),
]
UNION_KEY = [
    (None, 0, _("Married: a solid line between the partners")),
    ("7 5", 0, _("Partnered, not married: a dashed line")),
    (None, 1, _("Separated: one slash across the line")),
    (None, 2, _("Divorced: two slashes across the line")),
]


def _lines(x, y, words: str) -> list[str]:
    """One or two lines of legend text (SVG text does not wrap by itself)."""
    lines = str(words).split("\n")
    top = y - (len(lines) - 1) * 8
    return [svg.text(x, top + i * 16, line, font_size=13, fill="currentColor") for i, line in enumerate(lines)]


def genogram_legend_svg(*, id_prefix: str = "legend"):
    """The documented key, drawn with the same code as the picture (see docs/history.md)."""
    p = id_prefix
    rows = []
    y = 10.0
    for (g1, o1), (g2, o2), words in SYMBOL_KEY:
        rows.append(
            svg.el(
                "g",
                _sample(g1, 30, y, p, **o1),
                _sample(g2, 90, y, p, **o2),
                *_lines(140, y + 25, words),
            )
        )
        y += 52
    y += 10
    rows.extend(
        _lines(
            140,
            y + 10,
            gettext(
                "Gambling (G) and eating disorders (E) have no shading:\ntheir letters are written under the person."
            ),
        )
    )
    y += 44
    for dash, slashes, words in UNION_KEY:
        line = svg.el("line", x1=10, y1=y, x2=110, y2=y, stroke="currentColor", stroke_width=2, stroke_dasharray=dash)
        if slashes:
            line += _slashes(40 - 3 * (slashes - 1), y, slashes)
        rows.append(svg.el("g", line, svg.text(140, y + 5, words, font_size=13, fill="currentColor")))
        y += 30
    rows.append(
        svg.text(140, y + 5, gettext("Children hang from their parents' line."), font_size=13, fill="currentColor")
    )
    y += 20
    for kind in RelationshipKind:
        drawn = _relationship(_SampleLine(kind), {1: (-14.0, y + 6), 2: (134.0, y + 6)}, p, with_label=False)
        rows.append(
            svg.el("g", drawn, svg.text(140, y + 30, RELATIONSHIP_WORDS[kind], font_size=13, fill="currentColor"))
        )
        y += 36
    return svg.document(
        p,
        620,
        y + 10,
        gettext("Key to the family map"),
        gettext("Shapes, fills and lines used in the family map, each explained in words."),
        _defs(p) + svg.join(rows),
        class_="chart genogram-legend",
        width="100%",
    )


RELATIONSHIP_WORDS = {
    RelationshipKind.CLOSE: _("Close (a double line)"),
    RelationshipKind.DISTANT: _("Distant (a dotted line)"),
    RelationshipKind.CONFLICT: _("Conflict (a zigzag)"),
    RelationshipKind.CUTOFF: _("Cut off (a broken line with two bars)"),
    RelationshipKind.ABUSE: _("Abuse (a heavy zigzag, arrow to the person harmed)"),
}
