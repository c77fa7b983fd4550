"""The mood chart: one point per day that has a mood, from 1 (very low) to 5 (very good)."""

import datetime
from collections import defaultdict

from tandem.history import svg

from .models import Mood

WIDTH, HEIGHT = 720, 230
LEFT, RIGHT, TOP, BOTTOM = 86, 16, 16, 40


def mood_svg(entries, start: datetime.date, end: datetime.date, *, id_prefix: str = "mood"):
    by_day: dict[datetime.date, list[int]] = defaultdict(list)
    for entry in entries:
        if entry.mood and start <= entry.written_on <= end:
            by_day[entry.written_on].append(entry.mood)
    days = max((end - start).days, 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_at(day):
        return LEFT + plot_w * (day - start).days / days

    def y_at(mood):
        return TOP + plot_h - plot_h * (mood - 1) / 4

    parts = []
    for mood in Mood:
        y = y_at(mood.value)
        parts.append(svg.el("line", x1=LEFT, x2=WIDTH - RIGHT, y1=y, y2=y, stroke="currentColor", stroke_opacity=0.15))
        parts.append(svg.text_el(LEFT - 6, y + 4, mood.label, text_anchor="end", font_size=11, fill="currentColor"))
    for day, anchor in ((start, "start"), (end, "end")):
        parts.append(
            svg.text_el(
                x_at(day), HEIGHT - 14, day.strftime("%d %b %Y"), text_anchor=anchor, font_size=11, fill="currentColor"
            )
        )
    points = [(day, sum(moods) / len(moods)) for day, moods in sorted(by_day.items())]
    if len(points) > 1:
        parts.append(
            svg.el(
                "polyline",
                points=" ".join(f"{x_at(d):.1f},{y_at(m):.1f}" for d, m in points),
                fill="none",
                stroke="currentColor",
                stroke_width=1.5,
            )
        )
    for day, mood in points:
        parts.append(
            svg.el(
                "circle",
                svg.title(f"{day:%d %b %Y}: {Mood(round(mood)).label.lower()}"),
                cx=x_at(day),
                cy=y_at(mood),
                r=4,
                fill="currentColor",
            )
        )
    if points:
        average = sum(m for _, m in points) / len(points)
        summary = (
            f"{len(points)} days with a mood between {start:%d %b %Y} and {end:%d %b %Y}; "
            f"on average {Mood(round(average)).label.lower()}."
        )
    else:
        summary = "No mood was noted in this period."
        parts.append(
            svg.text_el(
                LEFT + plot_w / 2, TOP + plot_h / 2, summary, text_anchor="middle", font_size=13, fill="currentColor"
            )
        )
    return svg.document(
        WIDTH,
        HEIGHT,
        "Mood over the period",
        summary,
        svg.join(parts),
        id_prefix=id_prefix,
        class_="chart mood-chart",
        width="100%",
    )
