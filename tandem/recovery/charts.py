"""The recovery charts: the urge level day by day, the check-in calendar, the triggers, and when
urges come (a heatmap).

Each returns a `tandem.core.charts.Chart` — the SVG, a one-sentence summary for everyone, and rows
for a data table under <details> — drawn with the escaping builder in `tandem.core.svg`. No inline
style: colours are presentation attributes from `tandem.core.palette` (one palette, written into
the SVG), so a chart draws the same on Today, the therapist's page, the on-screen report and the
PDF, whatever stylesheets the page loads. Charts with more than one colour carry a legend.
"""

import datetime

from django.utils.dates import WEEKDAYS as DJANGO_WEEKDAYS
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from tandem.core import palette as P
from tandem.core import svg
from tandem.core.charts import Chart

WEEKDAYS = tuple(DJANGO_WEEKDAYS[i] for i in range(7))  # lazy: Monday first, in the reader's language
SHORT_WEEKDAYS = tuple(WEEKDAYS_ABBR[i] for i in range(7))


def _fmt(day: datetime.date) -> str:
    return date_format(day, "j M")


def _svg(uid: str, width: int, height: int, title: str, desc: str, css: str, parts: list) -> SafeString:
    return svg.document(
        uid, width, height, title, desc, svg.join(parts), class_=f"chart {css}", preserveAspectRatio="xMidYMid meet"
    )


def _label(x: float, y: float, text, anchor: str = "start") -> SafeString:
    return svg.text(x, y, text, class_="chart-label", text_anchor=anchor, fill=P.INK, font_size=P.LABEL_PX)


def _grid(x1: float, x2: float, y: float) -> SafeString:
    return svg.el("line", class_="chart-grid", x1=x1, x2=x2, y1=y, y2=y, stroke=P.GRID, stroke_width=1)


def _legend(x: float, y: float, keys: list[tuple[dict, str]], step: float) -> list[SafeString]:
    """A row of swatches, each followed by what its colour means; `step` units apart."""
    parts = []
    for i, (paint, text) in enumerate(keys):
        left = x + i * step
        swatch = {"x": left, "y": y - 11, "width": 12, "height": 12, "rx": 2, "stroke": P.GRID, "stroke-width": 1}
        parts.append(svg.el("rect", class_="chart-key", **swatch | paint))
        parts.append(_label(left + 16, y, text))
    return parts


def _rect(
    css: str, x: float, y: float, w: float, h: float, title: str | None, rx: float = 0, paint: dict | None = None
) -> SafeString:
    tip = svg.title(title) if title is not None else None
    return svg.el("rect", tip, class_=css, x=x, y=y, width=w, height=h, rx=rx, **(paint or {}))


def urge_chart(
    uid: str, daily: dict[datetime.date, int], today: datetime.date, days: int, who: str | None = None
) -> Chart:
    """Daily highest urge level over the last `days` days, one bar per day. `who` names the person
    when someone else reads the chart (their therapist, their sponsor); the owner reads "you"."""
    first = today - datetime.timedelta(days=days - 1)
    values = [(first + datetime.timedelta(days=i), daily.get(first + datetime.timedelta(days=i))) for i in range(days)]
    present = [(d, v) for d, v in values if v is not None]
    if present:
        mean = sum(v for _, v in present) / len(present)
        peak_day, peak = max(present, key=lambda p: (p[1], p[0]))
        rest = gettext("the average urge level was %(mean)s out of 10, and the highest was %(peak)s on %(day)s.") % {
            "mean": f"{mean:.1f}",
            "peak": peak,
            "day": _fmt(peak_day),
        }
        if who:
            summary = gettext("%(who)s checked in on %(present)s of %(days)s days; %(rest)s") % {
                "who": who,
                "present": len(present),
                "days": days,
                "rest": rest,
            }
        else:
            summary = gettext("Over the last %(days)s days you checked in on %(present)s; %(rest)s") % {
                "days": days,
                "present": len(present),
                "rest": rest,
            }
    elif who:
        summary = gettext("No check-ins from %(who)s in the last %(days)s days yet, so there is nothing to draw.") % {
            "who": who,
            "days": days,
        }
    else:
        summary = gettext("No check-ins in the last %(days)s days yet, so there is nothing to draw.") % {"days": days}
    width, height, left, bottom, top = 400, 196, 26, 46, 8
    plot_w, plot_h = width - left - 4, height - bottom - top
    bar_w = plot_w / days
    parts = []
    for level in (0, 5, 10):
        y = top + plot_h - plot_h * level / 10
        parts.append(_grid(left, width - 4, y))
        parts.append(_label(left - 6, y + 5, level, "end"))
    for i, (day, value) in enumerate(values):
        if value is None:
            continue
        h = max(plot_h * value / 10, 1.5)
        x = left + i * bar_w
        level = min(value // 4, 2)
        css = f"chart-bar level-{level}"
        w = max(bar_w * 0.8, 0.8)
        title = f"{_fmt(day)}: {value}"
        parts.append(_rect(css, x + bar_w * 0.1, top + plot_h - h, w, h, title, paint={"fill": URGE_FILLS[level]}))
    parts.append(_label(left, top + plot_h + 17, _fmt(first)))
    parts.append(_label(width - 4, top + plot_h + 17, _fmt(today), "end"))
    legend = [
        ({"fill": URGE_FILLS[i]}, gettext("Urge %(range)s") % {"range": text})
        for i, text in enumerate(("0–3", "4–7", "8–10"))
    ]
    parts.extend(_legend(left, height - 4, legend, 110))
    title = gettext("Urge level, last %(days)s days") % {"days": days}
    svg = _svg(uid, width, height, title, summary, "chart-urges", parts)
    # The table: daily values for a month, weekly averages for longer spans.
    rows = []
    if days <= 31:
        rows = [[_fmt(d), str(v)] for d, v in present]
        headers = [gettext("Day"), gettext("Urge level")]
    else:
        headers = [gettext("Week starting"), gettext("Average urge level"), gettext("Check-ins")]
        for start in range(0, days, 7):
            week = [v for d, v in values[start : start + 7] if v is not None]
            if week:
                rows.append([_fmt(values[start][0]), f"{sum(week) / len(week):.1f}", str(len(week))])
    return Chart(svg, summary, headers, rows)


URGE_FILLS = (P.TEAL, P.BROWN, P.RED)
"""The urge chart's bars by level: 0–3, 4–7, 8–10."""

CALENDAR_PAINT = {
    "done": {"fill": P.GREEN},
    "late": {"fill": P.GREEN, "fill-opacity": ".45"},
    "slip": {"fill": P.BROWN},
    "missed": {"fill": P.PAPER},
    "none": {"fill": "none", "stroke-dasharray": "2 2"},
    "today": {"fill": P.WHITE, "stroke": P.TEAL, "stroke-width": 2},
}

HEAT_OPACITY = ("1", ".25", ".5", ".75", "1")
"""The heatmap's cells by level: no urges (paper), then four steps of teal."""

CALENDAR_STATES = {
    "done": _("checked in"),
    "late": _("filled in later"),
    "slip": _("a slip"),
    "missed": _("no check-in"),
    "none": _("before you started"),
    "today": _("today, not yet checked in"),
}


def checkin_calendar(uid: str, states: dict[datetime.date, str], today: datetime.date, weeks: int = 12) -> Chart:
    """A grid of the last `weeks` weeks, Monday to Sunday, one square per day."""
    last_monday = today - datetime.timedelta(days=today.weekday())
    first = last_monday - datetime.timedelta(weeks=weeks - 1)
    counts = dict.fromkeys(CALENDAR_STATES, 0)
    days = [first + datetime.timedelta(days=i) for i in range((today - first).days + 1)]
    for day in days:
        counts[states.get(day, "none")] += 1
    considered = len(days) - counts["none"]
    checked = counts["done"] + counts["late"] + counts["slip"]
    if considered:
        summary = gettext("Of the last %(considered)s days you've been here, you checked in on %(checked)s") % {
            "considered": considered,
            "checked": checked,
        }
        if counts["late"]:
            summary += " " + gettext("(%(late)s filled in later)") % {"late": counts["late"]}
        if counts["slip"]:
            summary += ngettext("; %(slips)s had a slip", "; %(slips)s had a slip", counts["slip"]) % {
                "slips": counts["slip"]
            }
        summary += "."
    else:
        summary = gettext("Your calendar fills in as you check in.")
    cell, gap, left, top = 18, 4, 36, 4
    width = max(left + weeks * (cell + gap), 300)
    grid_h = top + 7 * (cell + gap)
    height = grid_h + 44
    parts = []
    for row, name in enumerate(SHORT_WEEKDAYS):
        if row % 2 == 0:
            parts.append(_label(left - 4, top + row * (cell + gap) + cell - 4, name, "end"))
    for day in days:
        state = states.get(day, "none")
        x = left + ((day - first).days // 7) * (cell + gap)
        y = top + day.weekday() * (cell + gap)
        title = f"{WEEKDAYS[day.weekday()]} {_fmt(day)}: {CALENDAR_STATES[state]}"
        paint = {"stroke": P.GRID, "stroke-width": 1} | CALENDAR_PAINT[state]
        parts.append(_rect(f"cal cal-{state}", x, y, cell, cell, title, rx=3, paint=paint))
    keys = [("done", gettext("Checked in")), ("late", gettext("Later")), ("slip", gettext("Slip"))]
    parts.extend(_legend(4, grid_h + 16, [(CALENDAR_PAINT[k], text) for k, text in keys], 104))
    keys = [("missed", gettext("No check-in")), ("today", gettext("Today"))]
    parts.extend(_legend(4, grid_h + 38, [(CALENDAR_PAINT[k], text) for k, text in keys], 130))
    title = gettext("Check-ins, last %(weeks)s weeks") % {"weeks": weeks}
    svg = _svg(uid, width, height, title, summary, "chart-calendar", parts)
    rows = [[str(label).capitalize(), str(counts[key])] for key, label in CALENDAR_STATES.items() if counts[key]]
    return Chart(svg, summary, [gettext("Days"), gettext("How many")], rows)


def trigger_chart(uid: str, counts: list[tuple[str, int]], days: int) -> Chart:
    """Triggers ticked in check-ins over the last `days` days, most frequent first."""
    if counts:
        top = ", ".join(f"{name} ({n})" for name, n in counts[:3])
        summary = gettext("Your most frequent triggers in the last %(days)s days: %(top)s.") % {
            "days": days,
            "top": top,
        }
    else:
        summary = gettext("No triggers ticked in the last %(days)s days.") % {"days": days}
    width, row_h, label_w = 400, 24, 150
    height = max(len(counts), 1) * row_h + 6
    biggest = max((n for _, n in counts), default=1)
    parts = []
    for i, (name, n) in enumerate(counts):
        y = 3 + i * row_h
        w = (width - label_w - 36) * n / biggest
        short = name if len(name) <= 17 else name[:16] + "…"
        parts.append(_label(label_w - 6, y + 16, short, "end"))
        paint = {"fill": P.TEAL}
        parts.append(_rect("chart-bar", label_w, y + 4, max(w, 2), row_h - 8, f"{name}: {n}", paint=paint))
        parts.append(_label(label_w + w + 5, y + 16, n))
    title = gettext("Triggers by frequency, last %(days)s days") % {"days": days}
    svg = _svg(uid, width, height, title, summary, "chart-triggers", parts)
    return Chart(svg, summary, [gettext("Trigger"), gettext("Times")], [[name, str(n)] for name, n in counts])


def _heat_paint(level: int) -> dict:
    fill = P.PAPER if level == 0 else P.TEAL
    return {"fill": fill, "fill-opacity": HEAT_OPACITY[level], "stroke": P.GRID, "stroke-width": ".5"}


def urge_heatmap(uid: str, counts: dict[tuple[int, int], int], days: int) -> Chart:
    """Logged urges by weekday (rows, Monday first) and hour of day (columns)."""
    total = sum(counts.values())
    if total:
        (weekday, hour), peak = max(counts.items(), key=lambda kv: (kv[1], -kv[0][0], -kv[0][1]))
        summary = ngettext(
            "You logged %(total)s urge in the last %(days)s days; "
            "the busiest hour is %(weekday)s from %(hour)s (%(peak)s).",
            "You logged %(total)s urges in the last %(days)s days; "
            "the busiest hour is %(weekday)s from %(hour)s (%(peak)s).",
            total,
        ) % {"total": total, "days": days, "weekday": WEEKDAYS[weekday], "hour": f"{hour:02d}:00", "peak": peak}
    else:
        summary = gettext("No urges logged in the last %(days)s days.") % {"days": days}
    peak = max(counts.values(), default=0)
    cell, gap, left, top = 14, 2, 36, 18
    width = left + 24 * (cell + gap)
    grid_h = top + 7 * (cell + gap)
    height = grid_h + 24
    parts = [_label(left + hour * (cell + gap), 13, f"{hour:02d}") for hour in range(0, 24, 6)]
    for weekday in range(7):
        y = top + weekday * (cell + gap)
        parts.append(_label(left - 4, y + cell - 2, SHORT_WEEKDAYS[weekday], "end"))
        for hour in range(24):
            n = counts.get((weekday, hour), 0)
            level = 0 if not n else 1 + min(3, (n * 4 - 1) // peak)
            title = f"{WEEKDAYS[weekday]} {hour:02d}:00: {n}" if n else None  # the table lists the busy hours
            paint = _heat_paint(level)
            parts.append(_rect(f"heat heat-{level}", left + hour * (cell + gap), y, cell, cell, title, 2, paint))
    legend = [(_heat_paint(0), gettext("None"))] + [(_heat_paint(level), "") for level in range(1, 5)]
    parts.extend(_legend(left, grid_h + 18, legend[:1], 0))
    parts.extend(_legend(left + 70, grid_h + 18, legend[1:], 16)[0::2])
    parts.append(_label(left + 70 + 4 * 16 + 4, grid_h + 18, gettext("Fewer → more urges")))
    title = gettext("Urges by hour and weekday, last %(days)s days") % {"days": days}
    svg = _svg(uid, width, height, title, summary, "chart-heatmap", parts)
    busiest = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:6]
    rows = [[f"{WEEKDAYS[w]} {h:02d}:00–{h:02d}:59", str(n)] for (w, h), n in busiest]
    return Chart(svg, summary, [gettext("When"), gettext("Urges")], rows)
