"""The safety-and-trust chart: each partner-week's two ratings, from 0 to 10."""

import datetime

from django.utils import dateformat
from django.utils.translation import gettext, ngettext

from tandem.core.charts import Chart, Frame, Reading, Series, score_chart

FRAME = Frame(width=640, height=220, left=30, right=8, top=10, bottom=26, date_y=214)


def _day(day: datetime.date) -> str:
    return dateformat.format(day, "j M Y")


def trust_chart(uid: str, ratings, weeks: int = 26) -> Chart:
    """Ratings (objects with week_of, safety, trust), the last `weeks` weeks that have one.

    The lines are drawn by class (chart-line safety / trust): their colours are in couple.css on
    screen and in reports/chart-print.css on paper.
    """
    ratings = sorted(ratings, key=lambda r: r.week_of)[-weeks:]
    headers = [gettext("Week of"), gettext("Safety"), gettext("Trust")]
    if not ratings:
        return Chart("", gettext("No weekly ratings yet, so there is nothing to draw."), headers)
    first, latest = ratings[0], ratings[-1]
    summary = ngettext(
        "%(count)s weekly rating from %(first)s to %(last)s. Latest: safety %(safety)s and trust %(trust)s out of 10.",
        "%(count)s weekly ratings from %(first)s to %(last)s. Latest: safety %(safety)s and trust %(trust)s out of 10.",
        len(ratings),
    ) % {
        "count": len(ratings),
        "first": _day(first.week_of),
        "last": _day(latest.week_of),
        "safety": latest.safety,
        "trust": latest.trust,
    }
    if len(ratings) > 1:
        summary += " " + gettext("At the start: safety %(safety)s, trust %(trust)s.") % {
            "safety": first.safety,
            "trust": first.trust,
        }
    series = [_series(ratings, "safety"), _series(ratings, "trust")]
    return score_chart(
        uid,
        gettext("Safety and trust, week by week"),
        summary,
        series,
        frame=FRAME,
        low=0,
        high=10,
        ticks=[(level, str(level)) for level in (0, 5, 10)],
        grid={"class": "chart-grid"},
        label={"class": "chart-label"},
        dates=(_day(first.week_of), _day(latest.week_of)),
        headers=headers,
        rows=[[_day(r.week_of), r.safety, r.trust] for r in ratings],
        legend=[("safety", gettext("Safety")), ("trust", gettext("Trust"))],
        class_="chart",
        preserveAspectRatio="xMidYMid meet",
    )


def _series(ratings, key: str) -> Series:
    """One line of the chart: each week's safety (or trust) rating."""
    readings = []
    for rating in ratings:
        value = getattr(rating, key)
        word = gettext("safety") if key == "safety" else gettext("trust")
        tip = gettext("Week of %(date)s: %(what)s %(value)s") % {
            "date": _day(rating.week_of),
            "what": word,
            "value": value,
        }
        readings.append(Reading(rating.week_of, value, tip))
    return Series(readings, line={"class": f"chart-line {key}"}, dot={"class": f"chart-dot {key}", "r": 3.5})
