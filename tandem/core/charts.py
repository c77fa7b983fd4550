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
    from the first reading to the last: the two `dates` label its ends; a lone dot sits in the
    middle with its one date under it. Several readings at the same moment are spread evenly.
    """
    plot = _Plot(frame, low, high)
    readings = [r for s in series for r in s.readings]
    parts = [_band(plot, band) for band in bands]
    for value, text in ticks:
        if grid is not None:
            parts.append(svg.el("line", **grid, x1=plot.left, x2=plot.right, y1=plot.y(value), y2=plot.y(value)))
        parts.append(svg.text(plot.left - 6, plot.y(value) + 4, text, **label, text_anchor="end"))
    if axes is not None:
        parts.append(svg.el("line", **axes, x1=plot.left, y1=frame.top, x2=plot.left, y2=plot.bottom))
        parts.append(svg.el("line", **axes, x1=plot.left, y1=plot.bottom, x2=plot.right, y2=plot.bottom))
    if cutoff:
        parts.extend(_cutoff(plot, cutoff))
    x_at = _across(plot, period, readings, len(series[0].readings) if series else 0)
    for one in series:
        placed = [(x_at(i, r), plot.y(r.value), r) for i, r in enumerate(one.readings)]
        if len(placed) > 1:
            parts.append(svg.el("polyline", **one.line, points=svg.points((x, y) for x, y, _ in placed)))
        parts.extend(_dot(one.dot, x, y, reading) for x, y, reading in placed)
    if period or len(readings) > 1:
        parts.append(svg.text(plot.left, frame.date_y, dates[0], **label, text_anchor="start"))
        parts.append(svg.text(plot.right, frame.date_y, dates[1], **label, text_anchor="end"))
    elif readings:
        parts.append(svg.text(plot.left + plot.width / 2, frame.date_y, dates[0], **label, text_anchor="middle"))
    if not readings and note_when_empty:
        middle = {"text_anchor": "middle", "font_size": 13, "fill": "currentColor"}
        parts.append(svg.text(plot.left + plot.width / 2, frame.top + plot.height / 2, summary, **middle))
    picture = svg.document(uid, frame.width, frame.height, title, summary, svg.join(parts), **svg_attrs)
    return Chart(picture, summary, list(headers), list(rows), note=note, legend=list(legend), readings=readings)


@dataclass
class _Plot:
    """The plotting area inside the frame, and the score's scale up it."""

    frame: Frame
    low: float
    high: float

    def __post_init__(self):
        self.left = self.frame.left
        self.right = self.frame.width - self.frame.right
        self.width = self.right - self.left
        self.height = self.frame.height - self.frame.top - self.frame.bottom
        self.bottom = self.frame.top + self.height

    def y(self, value: float) -> float:
        return self.frame.top + self.height * (1 - (value - self.low) / max(self.high - self.low, 1))


def _across(plot: _Plot, period, readings: list[Reading], count: int):
    """Where a series' `index`th reading sits across: by its date in the period, or between the
    first and the last reading, or (all at one moment) spread evenly by its place."""
    if period:
        start = _seconds(period[0])
        span = max(_seconds(period[1]) - start, 86400)
        return lambda index, reading: plot.left + plot.width * (_seconds(reading.at) - start) / span
    moments = sorted({_seconds(r.at) for r in readings})
    if len(moments) > 1:
        start, span = moments[0], moments[-1] - moments[0]
        return lambda index, reading: plot.left + plot.width * (_seconds(reading.at) - start) / span
    if count > 1:
        return lambda index, reading: plot.left + plot.width * index / (count - 1)
    return lambda index, reading: plot.left + plot.width / 2


def _band(plot: _Plot, band: Band) -> SafeString:
    top = plot.y(band.high)
    shade = {"fill": BAND_FILL, "fill_opacity": 0.05 + 0.06 * band.shade}
    return svg.el(
        "rect",
        svg.title(band.label),
        class_=f"band band-{band.shade}",
        x=plot.left,
        y=top,
        width=plot.width,
        height=plot.y(band.low) - top,
        **shade,
    )


def _cutoff(plot: _Plot, cutoff: Cutoff) -> list[SafeString]:
    y = plot.y(cutoff.value)
    line = {"stroke": P.RED, "stroke_width": 1.5, "stroke_dasharray": "6 4"}
    words = {"class_": "chart-label", "text_anchor": "end", "fill": P.RED, "font_size": 12}
    return [
        svg.el("line", class_="cutoff", x1=plot.left, y1=y, x2=plot.right, y2=y, **line),
        svg.text(plot.right, y - 4, cutoff.label, **words),
    ]


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
