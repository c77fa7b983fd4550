"""Server-drawn history charts: one SVG per instrument, bands, the cut-off line, change markers.

`history_chart()` computes the geometry; `assessments/_chart.html` draws it. No script needed.
"""

from dataclasses import dataclass, field

from .definitions import Instrument

WIDTH = 640
HEIGHT = 260
LEFT = 44
RIGHT = 16
TOP = 14
BOTTOM = 34


@dataclass
class Point:
    x: float
    y: float
    total: int
    date: str
    label: str
    change: int | None = None
    marker: str = ""
    """"worse" or "better" when the change from the result before reaches the reliable-change amount."""

    @property
    def marker_y(self) -> float:
        return round(self.y - 10, 1)


@dataclass
class Chart:
    id: str
    title: str
    description: str
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_x: int = WIDTH - RIGHT
    top: int = TOP
    bottom_y: int = HEIGHT - BOTTOM
    bands: list[dict] = field(default_factory=list)
    cutoff: dict | None = None
    points: list[Point] = field(default_factory=list)
    polyline: str = ""
    y_ticks: list[dict] = field(default_factory=list)
    x_labels: list[dict] = field(default_factory=list)
    reliable_change: dict | None = None
    plot_width: int = WIDTH - LEFT - RIGHT
    tick_x: int = LEFT - 6
    x_label_y: int = HEIGHT - 10


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def history_chart(instrument: Instrument, responses, zone, chart_id: str) -> Chart:
    """responses: completed Response rows of one instrument, oldest first."""
    low, high = instrument.total_min, instrument.total_max
    span = max(high - low, 1)
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM

    def y_of(value: float) -> float:
        return TOP + plot_h * (1 - (value - low) / span)

    chart = Chart(
        id=chart_id,
        title=f"{instrument.short_name} scores over time",
        description="",
        reliable_change=instrument.reliable_change,
    )
    for band in instrument.bands:
        top = y_of(band.max + (0.5 if band.max < high else 0))
        bottom = y_of(band.min - (0.5 if band.min > low else 0))
        chart.bands.append(
            {
                "y": _fmt(top),
                "height": _fmt(bottom - top),
                "label": band.label,
                "index": band.index % 5,
                "opacity": f"{0.05 + 0.06 * (band.index % 5):.2f}",
            }
        )
    cutoff = instrument.cutoff
    if cutoff:
        y = y_of(cutoff["value"])
        chart.cutoff = {"y": _fmt(y), "label": f"cut-off {cutoff['value']}", "label_y": _fmt(y - 4)}
    ticks = {low, high}
    if cutoff:
        ticks.add(cutoff["value"])
    chart.y_ticks = [{"y": _fmt(y_of(t) + 4), "value": t} for t in sorted(ticks)]

    responses = list(responses)
    if responses:
        times = [r.completed_at.timestamp() for r in responses]
        first, last = min(times), max(times)
        spread = last - first
        change_points = (instrument.reliable_change or {}).get("points")
        previous = None
        for index, response in enumerate(responses):
            if spread > 0:
                x = LEFT + plot_w * (times[index] - first) / spread
            elif len(responses) == 1:
                x = LEFT + plot_w / 2
            else:
                x = LEFT + plot_w * index / (len(responses) - 1)
            local = response.completed_at.astimezone(zone)
            point = Point(
                x=round(x, 1),
                y=round(y_of(response.total), 1),
                total=response.total,
                date=f"{local:%-d %b %Y}",
                label="",
            )
            if previous is not None:
                point.change = response.total - previous
                worse = point.change if instrument.higher_is_worse else -point.change
                if change_points and abs(point.change) >= change_points:
                    point.marker = "worse" if worse > 0 else "better"
            band = instrument.band_for(response.total)
            point.label = f"{point.date}: {response.total}" + (f" ({band.label})" if band else "")
            if point.marker:
                provisional = " (provisional threshold)" if instrument.reliable_change.get("provisional") else ""
                point.label += (
                    f"; {'up' if point.change > 0 else 'down'} {abs(point.change)}, a reliable change{provisional}"
                )
            chart.points.append(point)
            previous = response.total
        chart.polyline = " ".join(f"{_fmt(p.x)},{_fmt(p.y)}" for p in chart.points)
        chart.x_labels = [{"x": _fmt(chart.points[0].x), "text": chart.points[0].date, "anchor": "start"}]
        if len(chart.points) > 1:
            chart.x_labels.append({"x": _fmt(chart.points[-1].x), "text": chart.points[-1].date, "anchor": "end"})
        else:
            chart.x_labels[0]["anchor"] = "middle"
        latest = chart.points[-1]
        chart.description = (
            f"{len(chart.points)} result{'s' if len(chart.points) != 1 else ''} from {chart.points[0].date} "
            f"to {latest.date}; latest {latest.total} of {high}."
        )
    else:
        chart.description = "No results yet."
    if cutoff:
        chart.description += f" Cut-off {cutoff['value']}."
    return chart
