"""Server-drawn SVG pictures: the life timeline and the genogram, with their legends.

Nothing here relies on colour alone: each kind of event has its own marker shape as well as a
colour, and the genogram uses the customary shapes, fills, hatching and line styles, with the
letters of each condition written under each person too. All text is escaped (see svg.py).
"""

import math
from collections import defaultdict

from . import svg
from .family import FamilyGraph, layout
from .models import EventKind, RelationshipKind, Relative, UnionStatus

# --- Life timeline --------------------------------------------------------------------------

# Okabe–Ito colours (safe for the common colour-vision differences), each paired with a shape.
KIND_STYLE = {
    EventKind.FAMILY: ("#0072B2", "circle"),
    EventKind.TRAUMA: ("#D55E00", "triangle-down"),
    EventKind.FIRST_EXPOSURE: ("#CC79A7", "diamond"),
    EventKind.RELATIONSHIPS: ("#E69F00", "square"),
    EventKind.ACTING_OUT: ("#56B4E9", "triangle-up"),
    EventKind.OTHER_ADDICTIONS: ("#F0E442", "hexagon"),
    EventKind.RECOVERY: ("#009E73", "star"),
    EventKind.LOSSES: ("#6E6E6E", "cross"),
    EventKind.OTHER: ("#BBBBBB", "pentagon"),
}
SHAPE_WORDS = {
    "circle": "circle",
    "triangle-down": "downward triangle",
    "diamond": "diamond",
    "square": "square",
    "triangle-up": "upward triangle",
    "hexagon": "hexagon",
    "star": "star",
    "cross": "cross",
    "pentagon": "pentagon",
}


def _regular(cx, cy, r, n, rotation=-90.0):
    return [
        (
            cx + r * math.cos(math.radians(rotation + i * 360 / n)),
            cy + r * math.sin(math.radians(rotation + i * 360 / n)),
        )
        for i in range(n)
    ]


def _points(points) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def marker(shape: str, cx: float, cy: float, r: float, fill: str, **kwargs) -> str:
    common = {"fill": fill, "stroke": "currentColor", "stroke_width": 1.2, **kwargs}
    if shape == "circle":
        return svg.el("circle", cx=cx, cy=cy, r=r, **common)
    if shape == "square":
        return svg.el("rect", x=cx - r * 0.85, y=cy - r * 0.85, width=r * 1.7, height=r * 1.7, **common)
    if shape == "triangle-up":
        return svg.el("polygon", points=_points(_regular(cx, cy + r * 0.15, r * 1.15, 3)), **common)
    if shape == "triangle-down":
        return svg.el("polygon", points=_points(_regular(cx, cy - r * 0.15, r * 1.15, 3, rotation=90)), **common)
    if shape == "diamond":
        return svg.el("polygon", points=_points(_regular(cx, cy, r * 1.15, 4)), **common)
    if shape == "hexagon":
        return svg.el("polygon", points=_points(_regular(cx, cy, r * 1.05, 6, rotation=0)), **common)
    if shape == "pentagon":
        return svg.el("polygon", points=_points(_regular(cx, cy, r * 1.05, 5)), **common)
    if shape == "star":
        outer = _regular(cx, cy, r * 1.25, 5)
        inner = _regular(cx, cy, r * 0.55, 5, rotation=-54)
        return svg.el("polygon", points=_points([p for pair in zip(outer, inner, strict=True) for p in pair]), **common)
    # cross (an X)
    a = r * 0.95
    w = r * 0.38
    pts = [
        (cx - a, cy - a + w), (cx - a + w, cy - a), (cx, cy - w), (cx + a - w, cy - a), (cx + a, cy - a + w),
        (cx + w, cy), (cx + a, cy + a - w), (cx + a - w, cy + a), (cx, cy + w), (cx - a + w, cy + a),
        (cx - a, cy + a - w), (cx - w, cy),
    ]  # fmt: skip
    return svg.el("polygon", points=_points(pts), **common)


def rating_words(rating: int) -> str:
    if rating == 0:
        return "neutral (0)"
    return f"{'painful' if rating < 0 else 'good'} ({rating:+d})"


TL_WIDTH = 800
TL_LEFT = 64
TL_RIGHT = 24
TL_TOP = 24
TL_PLOT = 300
LEGEND_ROW = 26


def timeline_svg(events: list, birth_year: int | None, *, id_prefix: str = "timeline"):
    """Age across, how it felt (−5 to +5) up and down; one numbered marker per event.

    `events` are LifeEvent objects in the order of the list shown beside the picture: the
    number on each marker is its place in that list.
    """
    placed = []
    unplaced = []
    for number, event in enumerate(events, start=1):
        start, end = event.ages(birth_year)
        if start is None:
            unplaced.append(number)
        else:
            placed.append((number, event, start, end if end is not None else start))
    top_age = max([end for *_, end in placed] + [10])
    top_age = int(math.ceil((top_age + 1) / 5.0) * 5)
    step = 5 if top_age <= 50 else 10
    plot_w = TL_WIDTH - TL_LEFT - TL_RIGHT

    def x_at(age):
        return TL_LEFT + plot_w * age / top_age

    def y_at(rating):
        return TL_TOP + TL_PLOT / 2 - (TL_PLOT / 2) * rating / 5.5

    parts = []
    # Grid and axes.
    for rating in range(-5, 6):
        y = y_at(rating)
        parts.append(
            svg.el(
                "line",
                x1=TL_LEFT,
                x2=TL_WIDTH - TL_RIGHT,
                y1=y,
                y2=y,
                stroke="currentColor",
                stroke_opacity=0.45 if rating == 0 else 0.12,
                stroke_width=1.5 if rating == 0 else 1,
            )
        )
        if rating % 5 == 0:
            label = {5: "+5 good", 0: "0", -5: "−5 painful"}[rating]
            parts.append(svg.text_el(TL_LEFT - 6, y + 4, label, text_anchor="end", font_size=11, fill="currentColor"))
    for age in range(0, top_age + 1, step):
        x = x_at(age)
        parts.append(
            svg.el("line", x1=x, x2=x, y1=TL_TOP, y2=TL_TOP + TL_PLOT, stroke="currentColor", stroke_opacity=0.12)
        )
        parts.append(
            svg.text_el(x, TL_TOP + TL_PLOT + 16, age, text_anchor="middle", font_size=11, fill="currentColor")
        )
    parts.append(
        svg.text_el(
            TL_LEFT + plot_w / 2,
            TL_TOP + TL_PLOT + 34,
            "Age (years)",
            text_anchor="middle",
            font_size=12,
            fill="currentColor",
        )
    )
    # Events: ranges as bars, then markers with their numbers.
    crowd: dict[tuple[int, int], int] = defaultdict(int)
    for number, event, start, end in placed:
        colour, shape = KIND_STYLE.get(event.kind, KIND_STYLE[EventKind.OTHER])
        x1, x2, y = x_at(start), x_at(end), y_at(event.rating)
        key = (round(x1 / 12), event.rating)
        nudge = crowd[key]
        crowd[key] += 1
        group = [
            svg.title(
                f"{number}. {event.get_kind_display()}: {svg.shorten(event.title, 80)} — {event.when}, "
                f"felt {rating_words(event.rating)}"
            )
        ]
        if x2 > x1:
            group.append(
                svg.el("line", x1=x1, x2=x2, y1=y, y2=y, stroke=colour, stroke_width=6, stroke_linecap="round")
            )
            group.append(svg.el("line", x1=x1, x2=x2, y1=y, y2=y, stroke="currentColor", stroke_width=1))
        group.append(marker(shape, x1, y, 7, colour))
        group.append(svg.label(x1 + 9, y - 8 - nudge * 12, number, anchor="start", font_weight="bold"))
        parts.append(svg.el("g", *group, class_=f"event kind-{event.kind}"))
    # Legend: shape + colour + words, so it reads in black and white too.
    legend_top = TL_TOP + TL_PLOT + 52
    kinds = list(EventKind)
    columns = 3
    col_w = (TL_WIDTH - 10) / columns
    for i, kind in enumerate(kinds):
        colour, shape = KIND_STYLE[kind]
        lx = 10 + (i % columns) * col_w
        ly = legend_top + (i // columns) * LEGEND_ROW
        parts.append(
            svg.el(
                "g",
                marker(shape, lx + 8, ly + 8, 7, colour),
                svg.text_el(
                    lx + 22, ly + 12, f"{kind.label} ({SHAPE_WORDS[shape]})", font_size=12, fill="currentColor"
                ),
                class_="legend-item",
            )
        )
    height = legend_top + math.ceil(len(kinds) / columns) * LEGEND_ROW + 8
    if not events:
        summary = "No events yet."
    else:
        summary = f"{len(placed)} of {len(events)} events placed by age."
        if unplaced:
            summary += f" Not on the picture (no age known): numbers {', '.join(map(str, unplaced))}."
        summary += " " + " ".join(
            f"{n}. {e.get_kind_display()} at age {_age_text(s, t)}, felt {rating_words(e.rating)}."
            for n, e, s, t in placed
        )
    return svg.document(
        TL_WIDTH,
        height,
        "Life timeline",
        "Events by age (across) and how they felt from −5 painful to +5 good (up and down). " + summary,
        svg.join(parts),
        id_prefix=id_prefix,
        class_="chart timeline-chart",
        width="100%",
    )


def _age_text(start, end) -> str:
    return f"{start}" if end == start else f"{start}–{end}"


# --- Genogram -------------------------------------------------------------------------------

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
    return svg.el("polygon", points=_points([(cx, cy - d), (cx + d, cy), (cx, cy + d), (cx - d, cy)]), **common)


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
    return svg.el("polygon", points=_points(polys[area]), fill=fill)


def _cross(gender: str, cx: float, cy: float) -> str:
    a = H if gender == "male" else (H * 0.72 if gender == "female" else H * 0.62)
    return svg.el(
        "path",
        d=f"M{cx - a},{cy - a} L{cx + a},{cy + a} M{cx + a},{cy - a} L{cx - a},{cy + a}",
        stroke="currentColor",
        stroke_width=1.8,
    )


def person_summary(person: Relative) -> str:
    bits = [person.name or "Someone"]
    if person.is_self:
        bits.append("(you)")
    bits.append(f"— {person.get_gender_display().lower()}")
    if person.birth_year:
        bits.append(f", born {person.birth_year}")
    if person.death_year:
        bits.append(f", died {person.death_year}")
    elif person.deceased:
        bits.append(", has died")
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
            svg.text_el(cx, cy + 5, "?", text_anchor="middle", font_size=15, font_weight="bold", fill="currentColor")
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
            svg.el("polyline", points=_points(zig), fill="none", stroke="currentColor", stroke_width=width, **extra)
        )
    elif kind == RelationshipKind.CLOSE:
        for off in (-2.5, 2.5):
            parts.append(
                svg.el(
                    "polyline",
                    points=_points([(x + nx * off, y + ny * off) for x, y in samples]),
                    fill="none",
                    stroke="currentColor",
                    stroke_width=1.3,
                )
            )
    elif kind == RelationshipKind.DISTANT:
        parts.append(
            svg.el(
                "polyline",
                points=_points(samples),
                fill="none",
                stroke="currentColor",
                stroke_width=1.6,
                stroke_dasharray="2 5",
            )
        )
    else:  # cut off: a broken line with two bars
        parts.append(
            svg.el("polyline", points=_points(samples[:17]), fill="none", stroke="currentColor", stroke_width=1.5)
        )
        parts.append(
            svg.el("polyline", points=_points(samples[24:]), fill="none", stroke="currentColor", stroke_width=1.5)
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


def genogram_svg(graph: FamilyGraph, *, id_prefix: str = "genogram", heading: str = "Family map"):
    p = id_prefix
    if graph.is_empty:
        return svg.document(
            320,
            60,
            heading,
            "No one has been added yet.",
            svg.text_el(10, 35, "No one added yet.", fill="currentColor"),
            id_prefix=p,
            class_="chart genogram-chart",
            width=320,
        )
    plan = layout(graph)
    pos = plan.positions
    back = []  # lines go under the symbols
    # Unions: a line between the partners at mid-height, styled by status.
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
        back.append(svg.el("g", *group, class_=f"union union-{union.status}"))
        anchors[frozenset({union.partner_a_id, union.partner_b_id})] = ((ax + bx) / 2, (ay + by) / 2)
    # Children hang from their parents' line (or below a single parent).
    families: dict[frozenset, list[int]] = defaultdict(list)
    for child_pk, parents in graph.parents.items():
        if child_pk in pos:
            families[frozenset(p_ for p_ in parents if p_ in pos)].append(child_pk)
    for parents, kids in families.items():
        if not parents:
            continue
        plist = sorted(parents)
        if len(plist) == 2:
            anchor = anchors.get(parents)
            if anchor is None:
                (ax, atop), (bx, btop) = pos[plist[0]], pos[plist[1]]
                anchor = ((ax + bx) / 2, (atop + btop) / 2 + H)
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
        else:
            px, ptop = pos[plist[0]]
            anchor = (px, ptop + S)
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
    drawn = [_relationship(rel, pos, p) for rel in graph.relationships]
    middle = [d[0] for d in drawn if d]
    on_top = [d[1] for d in drawn if d]
    people = [_person(person, *pos[pk], p) for pk, person in graph.people.items() if pk in pos]
    desc = f"{len(graph.people)} people in {max(plan.rows.values(), default=0) + 1} generations. " + " ".join(
        person_summary(person) + "." for person in graph.people.values()
    )
    return svg.document(
        plan.width,
        plan.height,
        heading,
        desc,
        _defs(p) + svg.join(back) + svg.join(middle) + svg.join(people) + svg.join(on_top),
        id_prefix=p,
        class_="chart genogram-chart",
        width=int(plan.width),
    )


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
            svg.text_el(cx, cy + 5, "?", text_anchor="middle", font_size=15, font_weight="bold", fill="currentColor")
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
    (("male", {}), ("female", {}), "Square: man or male.  Circle: woman or female."),
    (("other", {}), ("unknown", {}), "Diamond: non-binary or another gender.\nDiamond with ?: not known."),
    (("female", {"is_self": True}), ("male", {"deceased": True}), "Double outline: you.  X across: has died."),
    (
        ("male", {"areas": [("bottom", "confirmed")]}),
        ("female", {"areas": [("bottom", "confirmed")]}),
        "Lower half filled: alcohol (A) or drug (D) addiction\n(the customary mark).",
    ),
    (
        ("male", {"areas": [("left", "confirmed")]}),
        ("female", {"areas": [("left", "confirmed")]}),
        "Left half filled: mental illness (M)\n(the customary mark).",
    ),
    (
        ("male", {"areas": [("quarter", "confirmed")]}),
        ("female", {"areas": [("quarter", "confirmed")]}),
        "Top right quarter filled: compulsive sexual behaviour (S).\n"
        "There is no standard mark for it; this one is Tandem's own.",
    ),
    (
        ("male", {"areas": [("bottom", "suspected")]}),
        ("male", {"areas": [("bottom", "recovery")]}),
        "Solid: confirmed.  Diagonal lines: suspected (letter and ?).\nDots: in recovery (letter and (r)).",
    ),
]
UNION_KEY = [
    (None, 0, "Married: a solid line between the partners"),
    ("7 5", 0, "Partnered, not married: a dashed line"),
    (None, 1, "Separated: one slash across the line"),
    (None, 2, "Divorced: two slashes across the line"),
]


def _lines(x, y, words: str) -> list[str]:
    """One or two lines of legend text (SVG text does not wrap by itself)."""
    lines = words.split("\n")
    top = y - (len(lines) - 1) * 8
    return [svg.text_el(x, top + i * 16, line, font_size=13, fill="currentColor") for i, line in enumerate(lines)]


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
            "Gambling (G) and eating disorders (E) have no shading:\ntheir letters are written under the person.",
        )
    )
    y += 44
    for dash, slashes, words in UNION_KEY:
        line = svg.el("line", x1=10, y1=y, x2=110, y2=y, stroke="currentColor", stroke_width=2, stroke_dasharray=dash)
        if slashes:
            line += _slashes(40 - 3 * (slashes - 1), y, slashes)
        rows.append(svg.el("g", line, svg.text_el(140, y + 5, words, font_size=13, fill="currentColor")))
        y += 30
    rows.append(svg.text_el(140, y + 5, "Children hang from their parents' line.", font_size=13, fill="currentColor"))
    y += 20
    for kind in RelationshipKind:
        drawn = _relationship(_SampleLine(kind), {1: (-14.0, y + 6), 2: (134.0, y + 6)}, p, with_label=False)
        rows.append(
            svg.el("g", drawn, svg.text_el(140, y + 30, RELATIONSHIP_WORDS[kind], font_size=13, fill="currentColor"))
        )
        y += 36
    return svg.document(
        620,
        y + 10,
        "Key to the family map",
        "Shapes, fills and lines used in the family map, each explained in words.",
        _defs(p) + svg.join(rows),
        id_prefix=p,
        class_="chart genogram-legend",
        width="100%",
    )


RELATIONSHIP_WORDS = {
    RelationshipKind.CLOSE: "Close (a double line)",
    RelationshipKind.DISTANT: "Distant (a dotted line)",
    RelationshipKind.CONFLICT: "Conflict (a zigzag)",
    RelationshipKind.CUTOFF: "Cut off (a broken line with two bars)",
    RelationshipKind.ABUSE: "Abuse (a heavy zigzag, arrow to the person harmed)",
}
