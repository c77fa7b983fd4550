"""The life timeline: age across, how each event felt (−5 to +5) up and down, one numbered marker per event.

Nothing relies on colour alone: each kind of event has its own marker shape as well as its
colour, and the legend names both. Text is escaped by the builder (tandem/core/svg.py).
"""

import math
from collections import defaultdict

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from tandem.core import svg
from tandem.core.charts import Chart

from .models import EventKind

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
    "circle": _("circle"),
    "triangle-down": _("downward triangle"),
    "diamond": _("diamond"),
    "square": _("square"),
    "triangle-up": _("upward triangle"),
    "hexagon": _("hexagon"),
    "star": _("star"),
    "cross": _("cross"),
    "pentagon": _("pentagon"),
}


def _regular(cx, cy, r, n, rotation=-90.0):
    return [
        (
            cx + r * math.cos(math.radians(rotation + i * 360 / n)),
            cy + r * math.sin(math.radians(rotation + i * 360 / n)),
        )
        for i in range(n)
    ]


def marker(shape: str, cx: float, cy: float, r: float, fill: str, **kwargs) -> str:
    common = {"fill": fill, "stroke": "currentColor", "stroke_width": 1.2, **kwargs}
    if shape == "circle":
        return svg.el("circle", cx=cx, cy=cy, r=r, **common)
    if shape == "square":
        return svg.el("rect", x=cx - r * 0.85, y=cy - r * 0.85, width=r * 1.7, height=r * 1.7, **common)
    if shape == "triangle-up":
        return svg.el("polygon", points=svg.points(_regular(cx, cy + r * 0.15, r * 1.15, 3)), **common)
    if shape == "triangle-down":
        return svg.el("polygon", points=svg.points(_regular(cx, cy - r * 0.15, r * 1.15, 3, rotation=90)), **common)
    if shape == "diamond":
        return svg.el("polygon", points=svg.points(_regular(cx, cy, r * 1.15, 4)), **common)
    if shape == "hexagon":
        return svg.el("polygon", points=svg.points(_regular(cx, cy, r * 1.05, 6, rotation=0)), **common)
    if shape == "pentagon":
        return svg.el("polygon", points=svg.points(_regular(cx, cy, r * 1.05, 5)), **common)
    if shape == "star":
        outer = _regular(cx, cy, r * 1.25, 5)
        inner = _regular(cx, cy, r * 0.55, 5, rotation=-54)
        star = [point for pair in zip(outer, inner, strict=True) for point in pair]
        return svg.el("polygon", points=svg.points(star), **common)
    # cross (an X)
    a = r * 0.95
    w = r * 0.38
    pts = [
        (cx - a, cy - a + w), (cx - a + w, cy - a), (cx, cy - w), (cx + a - w, cy - a), (cx + a, cy - a + w),
        (cx + w, cy), (cx + a, cy + a - w), (cx + a - w, cy + a), (cx, cy + w), (cx - a + w, cy + a),
        (cx - a, cy + a - w), (cx - w, cy),
    ]  # fmt: skip
    return svg.el("polygon", points=svg.points(pts), **common)


def rating_words(rating: int) -> str:
    if rating == 0:
        return gettext("neutral (0)")
    if rating < 0:
        return gettext("painful (%(rating)s)") % {"rating": f"{rating:+d}"}
    return gettext("good (%(rating)s)") % {"rating": f"{rating:+d}"}


TL_WIDTH = 800
TL_LEFT = 64
TL_RIGHT = 24
TL_TOP = 24
TL_PLOT = 300
LEGEND_ROW = 26


def timeline_chart(events: list, birth_year: int | None, *, id_prefix: str = "timeline") -> Chart:
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
            label = {5: gettext("+5 good"), 0: "0", -5: gettext("−5 painful")}[rating]
            parts.append(svg.text(TL_LEFT - 6, y + 4, label, text_anchor="end", font_size=11, fill="currentColor"))
    for age in range(0, top_age + 1, step):
        x = x_at(age)
        parts.append(
            svg.el("line", x1=x, x2=x, y1=TL_TOP, y2=TL_TOP + TL_PLOT, stroke="currentColor", stroke_opacity=0.12)
        )
        parts.append(svg.text(x, TL_TOP + TL_PLOT + 16, age, text_anchor="middle", font_size=11, fill="currentColor"))
    parts.append(
        svg.text(
            TL_LEFT + plot_w / 2,
            TL_TOP + TL_PLOT + 34,
            gettext("Age (years)"),
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
                gettext("%(number)s. %(kind)s: %(title)s — %(when)s, felt %(feeling)s")
                % {
                    "number": number,
                    "kind": event.get_kind_display(),
                    "title": svg.shorten(event.title, 80),
                    "when": event.when,
                    "feeling": rating_words(event.rating),
                }
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
                svg.text(lx + 22, ly + 12, f"{kind.label} ({SHAPE_WORDS[shape]})", font_size=12, fill="currentColor"),
                class_="legend-item",
            )
        )
    height = legend_top + math.ceil(len(kinds) / columns) * LEGEND_ROW + 8
    if not events:
        summary = gettext("No events yet.")
    else:
        summary = ngettext(
            "%(placed)s of %(total)s event placed by age.",
            "%(placed)s of %(total)s events placed by age.",
            len(events),
        ) % {"placed": len(placed), "total": len(events)}
        if unplaced:
            summary += " " + gettext("Not on the picture (no age known): numbers %(numbers)s.") % {
                "numbers": ", ".join(map(str, unplaced))
            }
        summary += " " + " ".join(
            gettext("%(number)s. %(kind)s at age %(age)s, felt %(feeling)s.")
            % {"number": n, "kind": e.get_kind_display(), "age": _age_text(s, t), "feeling": rating_words(e.rating)}
            for n, e, s, t in placed
        )
    summary = (
        gettext("Events by age (across) and how they felt from −5 painful to +5 good (up and down).") + " " + summary
    )
    picture = svg.document(
        id_prefix,
        TL_WIDTH,
        height,
        gettext("Life timeline"),
        summary,
        svg.join(parts),
        class_="chart timeline-chart",
        width="100%",
    )
    return Chart(picture, summary)


def _age_text(start, end) -> str:
    return f"{start}" if end == start else f"{start}–{end}"
