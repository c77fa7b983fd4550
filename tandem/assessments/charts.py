"""A questionnaire's results over time: its bands shaded, its cut-off line, its reliable changes marked.

`history_chart()` turns the completed responses into readings; `tandem.core.charts` draws them.
"""

import datetime

from django.utils import dateformat
from django.utils.translation import gettext, ngettext

from tandem.core import palette as P
from tandem.core.charts import Band, Chart, Cutoff, Frame, Reading, Series, score_chart

from .definitions import Instrument

FRAME = Frame(width=640, height=260, left=44, right=16, top=14, bottom=34, date_y=250)
LINE = {"class": "line", "fill": "none", "stroke": P.TEAL, "stroke-width": 2.5}
DOT = {"class": "point", "r": 4, "fill": P.WHITE, "stroke": P.TEAL, "stroke-width": 2}
TICK = {"class": "tick", "fill": P.INK, "font-size": 12}
AXIS = {"class": "axis", "stroke": "#8a8f96"}


def history_chart(instrument: Instrument, responses, zone, chart_id: str, *, period=None, **svg_attrs) -> Chart:
    """responses: completed Response rows of one instrument, oldest first; dates in `zone`.
    `period` (first day, the day after the last) spreads the results over that window by their
    local date (the recovery picture's weeks)."""
    low, high = instrument.total_min, instrument.total_max
    cutoff = instrument.cutoff
    change_points = (instrument.reliable_change or {}).get("points")
    readings = []
    previous = None
    for response in responses:
        date = dateformat.format(response.completed_at.astimezone(zone), "j M Y")
        band = instrument.band_for(response.total)
        at = response.completed_at.astimezone(zone).date() if period else response.completed_at
        reading = Reading(at, response.total, f"{date}: {response.total}")
        if band:
            reading.tip += f" ({band.label})"
        if previous is not None:
            reading.change = response.total - previous
            worse = reading.change if instrument.higher_is_worse else -reading.change
            if change_points and abs(reading.change) >= change_points:
                reading.marker = "worse" if worse > 0 else "better"
                provisional = instrument.reliable_change.get("provisional")
                if reading.change > 0:
                    text = (
                        gettext("up %(n)s, a reliable change (provisional threshold)")
                        if provisional
                        else gettext("up %(n)s, a reliable change")
                    )
                else:
                    text = (
                        gettext("down %(n)s, a reliable change (provisional threshold)")
                        if provisional
                        else gettext("down %(n)s, a reliable change")
                    )
                reading.tip += "; " + text % {"n": abs(reading.change)}
        readings.append((date, reading))
        previous = response.total
    if readings:
        (first, _), (last, latest) = readings[0], readings[-1]
        count = len(readings)
        summary = ngettext(
            "%(count)s result from %(first)s to %(last)s; latest %(latest)s of %(high)s.",
            "%(count)s results from %(first)s to %(last)s; latest %(latest)s of %(high)s.",
            count,
        ) % {"count": count, "first": first, "last": last, "latest": latest.value, "high": high}
    else:
        first = last = ""
        summary = gettext("No results yet.")
    if cutoff:
        summary += " " + gettext("Cut-off %(value)s.") % {"value": cutoff["value"]}
    ticks = sorted({low, high} | ({cutoff["value"]} if cutoff else set()))
    return score_chart(
        chart_id,
        gettext("%(name)s scores over time") % {"name": instrument.short_name},
        summary,
        [Series([reading for _, reading in readings], line=LINE, dot=DOT)],
        frame=FRAME,
        low=low,
        high=high,
        ticks=[(tick, str(tick)) for tick in ticks],
        axes=AXIS,
        label=TICK,
        dates=_period_labels(period) if period else (first, last),
        period=period,
        bands=[_band(band, low, high) for band in instrument.bands],
        cutoff=Cutoff(cutoff["value"], gettext("cut-off %(value)s") % {"value": cutoff["value"]}) if cutoff else None,
        headers=[gettext("Date"), gettext("Score")],
        rows=[[date, reading.value] for date, reading in readings],
        note=_note(instrument),
        **({"class_": "chart-svg", "focusable": "false"} | svg_attrs),
    )


def _period_labels(period) -> tuple[str, str]:
    last = period[1] - datetime.timedelta(days=1)
    return dateformat.format(period[0], "j M Y"), dateformat.format(last, "j M Y")


def _band(band, low: int, high: int) -> Band:
    """A band reaches halfway to its neighbours, so the shading has no gaps between whole scores."""
    return Band(
        low=band.min - (0.5 if band.min > low else 0),
        high=band.max + (0.5 if band.max < high else 0),
        label=band.label,
        shade=band.index % 5,
    )


def _note(instrument: Instrument) -> str:
    note = gettext("Shaded bands, from lightest to darkest: %(bands)s.") % {
        "bands": "; ".join(band.label for band in instrument.bands)
    }
    if instrument.cutoff:
        note += " " + gettext("The dashed line is the cut-off %(value)s.") % {"value": instrument.cutoff["value"]}
    change = instrument.reliable_change
    if change:
        if change.get("provisional"):
            text = gettext(
                "▲▼ mark a change of %(points)s points or more from the result before (a provisional threshold)."
            )
        else:
            text = gettext("▲▼ mark a change of %(points)s points or more from the result before.")
        note += " " + text % {"points": change["points"]}
    return note
