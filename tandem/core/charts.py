"""The one chart type, and the one chart of a score over dates.

Every chart in Tandem is a `Chart`: the SVG (with its title and a description), a one-sentence
summary that says what the picture shows, and the numbers behind it as a table — so someone who
cannot see the picture reads the same thing. `score_chart()` draws a score over dates: the mood in
the journal, safety and trust in the couple room, a questionnaire's results (with its bands, its
cut-off line and its change markers). The apps turn their rows into plain `Reading`s and word the
sentences; this module knows nothing about moods, ratings or questionnaires.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.safestring import SafeString

from . import palette as P
from . import svg


@dataclass
class Chart:
    svg: SafeString | str
    """The picture; "" when there is nothing to draw (the page shows the summary instead)."""
    summary: str
    headers: list[str] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)
    note: str = ""
    """What the marks mean (bands, a cut-off line, change markers), for a caption under the picture."""
    legend: list[tuple[str, str]] = field(default_factory=list)
    """(key, words): a key drawn by the page's stylesheet (class "key-<key>") for each line."""
    readings: list = field(default_factory=list)
    """The readings drawn, for a page that builds a richer table of its own."""


@dataclass
class Reading:
    """One score on one day (or at one moment)."""

    at: datetime.date | datetime.datetime
    value: float
    tip: str
    """The point's tooltip."""
    change: float | None = None
    """The change from the reading before, where the chart marks reliable changes."""
    marker: str = ""
    """"worse" or "better" when that change is a reliable one: a bigger dot and ▲ or ▼ above it."""


@dataclass
class Series:
    readings: list[Reading]
    line: dict
    """Attributes of the line through the readings (class, stroke…)."""
    dot: dict
    """Attributes of each reading's dot (class, r, fill…)."""


@dataclass
class Band:
    low: float
    high: float
    label: str
    shade: int
    """0 (lightest) to 4 (darkest)."""


@dataclass
class Cutoff:
    value: float
    label: str


@dataclass
class Frame:
    """The picture's size, the margins around the plot, and where the dates sit."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    date_y: int


MARKER_FILL = {"worse": P.BROWN, "better": P.GREEN}
BAND_FILL = P.TEAL


def score_chart(
    uid: str,
    title: str,
    summary: str,
    series: list[Series],
    *,
    frame: Frame,
    low: float,
    high: float,
    ticks: list[tuple[float, str]],
    label: dict,
    dates: tuple[str, str],
    period: tuple[datetime.date, datetime.date] | None = None,
    grid: dict | None = None,
    axes: dict | None = None,
    bands: list[Band] = (),
    cutoff: Cutoff | None = None,
    note_when_empty: bool = False,
    headers: list[str] = (),
    rows: list[list] = (),
    note: str = "",
    legend: list[tuple[str, str]] = (),
    **svg_attrs,
) -> Chart:
    """Scores (up) over dates (across).

    `ticks` are the values labelled on the left (with a `grid` line across at each, or with `axes`
    down the left and along the bottom); `label` styles every text. Across runs the `period`, or
    from the first reading to the last: the two `dates` label its ends; a single reading sits in
    the middle with its one date under it. Several readings at the same moment are spread evenly.
    """
    plot_w = frame.width - frame.left - frame.right
    plot_h = frame.height - frame.top - frame.bottom
    right = frame.width - frame.right
    bottom = frame.top + plot_h
    moments = sorted({_seconds(r.at) for s in series for r in s.readings})

    def y_at(value: float) -> float:
        return frame.top + plot_h * (1 - (value - low) / max(high - low, 1))

    def x_at(index: int, reading: Reading) -> float:
        if period:
            span = max(_seconds(period[1]) - _seconds(period[0]), 86400)
            return frame.left + plot_w * (_seconds(reading.at) - _seconds(period[0])) / span
        if len(moments) > 1:
            return frame.left + plot_w * (_seconds(reading.at) - moments[0]) / (moments[-1] - moments[0])
        count = len(series[0].readings) if series else 0
        return frame.left + (plot_w * index / (count - 1) if count > 1 else plot_w / 2)

    parts = []
    for band in bands:
        top, band_bottom = y_at(band.high), y_at(band.low)
        shade = {"fill": BAND_FILL, "fill_opacity": f"{0.05 + 0.06 * band.shade:.2f}"}
        parts.append(
            svg.el(
                "rect",
                svg.title(band.label),
                class_=f"band band-{band.shade}",
                x=frame.left,
                y=top,
                width=plot_w,
                height=band_bottom - top,
                **shade,
            )
        )
    for value, text in ticks:
        y = y_at(value)
        if grid is not None:
            parts.append(svg.el("line", **grid, x1=frame.left, x2=right, y1=y, y2=y))
        parts.append(svg.text(frame.left - 6, y + 4, text, **label, text_anchor="end"))
    if axes is not None:
        parts.append(svg.el("line", **axes, x1=frame.left, y1=frame.top, x2=frame.left, y2=bottom))
        parts.append(svg.el("line", **axes, x1=frame.left, y1=bottom, x2=right, y2=bottom))
    if cutoff:
        y = y_at(cutoff.value)
        line = {"stroke": P.RED, "stroke_width": 1.5, "stroke_dasharray": "6 4"}
        parts.append(svg.el("line", class_="cutoff", x1=frame.left, y1=y, x2=right, y2=y, **line))
        parts.append(
            svg.text(right, y - 4, cutoff.label, class_="chart-label", text_anchor="end", fill=P.RED, font_size=12)
        )
    for one in series:
        placed = [(x_at(i, r), y_at(r.value), r) for i, r in enumerate(one.readings)]
        if len(placed) > 1:
            parts.append(svg.el("polyline", **one.line, points=svg.points((x, y) for x, y, _ in placed)))
        for x, y, reading in placed:
            parts.append(_dot(one.dot, x, y, reading))
    readings = [r for s in series for r in s.readings]
    if period or len(moments) > 1 or len(readings) > 1:
        parts.append(svg.text(frame.left, frame.date_y, dates[0], **label, text_anchor="start"))
        parts.append(svg.text(right, frame.date_y, dates[1], **label, text_anchor="end"))
    elif readings:
        parts.append(svg.text(frame.left + plot_w / 2, frame.date_y, dates[0], **label, text_anchor="middle"))
    if not readings and note_when_empty:
        middle = {"text_anchor": "middle", "font_size": 13, "fill": "currentColor"}
        parts.append(svg.text(frame.left + plot_w / 2, frame.top + plot_h / 2, summary, **middle))
    picture = svg.document(uid, frame.width, frame.height, title, summary, svg.join(parts), **svg_attrs)
    return Chart(picture, summary, list(headers), list(rows), note=note, legend=list(legend), readings=readings)


def _seconds(moment: datetime.date | datetime.datetime) -> float:
    if isinstance(moment, datetime.datetime):
        return moment.timestamp()
    return moment.toordinal() * 86400.0


def _dot(dot: dict, x: float, y: float, reading: Reading) -> SafeString:
    if not reading.marker:
        return svg.el("circle", svg.title(reading.tip), **dot, cx=x, cy=y)
    fill = MARKER_FILL[reading.marker]
    marked = dot | {"class": f"{dot['class']} {dot['class']}-{reading.marker}", "r": 6, "fill": fill}
    glyph = {"class": f"marker marker-{reading.marker}", "text_anchor": "middle", "font_size": 12, "fill": fill}
    return svg.el("circle", svg.title(reading.tip), **marked, cx=x, cy=y) + svg.text(
        x, y - 10, "▲" if reading.change > 0 else "▼", **glyph
    )
