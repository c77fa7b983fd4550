"""The safety-and-trust chart: each partner-week's two ratings, from 0 to 10."""

import datetime

from tandem.core.charts import Chart, Frame, Reading, Series, score_chart

FRAME = Frame(width=640, height=220, left=30, right=8, top=10, bottom=26, date_y=214)


def _day(day: datetime.date) -> str:
    return f"{day.day} {day:%b %Y}"


def trust_chart(uid: str, ratings, weeks: int = 26) -> Chart:
    """Ratings (objects with week_of, safety, trust), the last `weeks` weeks that have one.

    The lines are drawn by class (chart-line safety / trust): their colours are in couple.css on
    screen and in reports/chart-print.css on paper.
    """
    ratings = sorted(ratings, key=lambda r: r.week_of)[-weeks:]
    headers = ["Week of", "Safety", "Trust"]
    if not ratings:
        return Chart("", "No weekly ratings yet, so there is nothing to draw.", headers)
    first, latest = ratings[0], ratings[-1]
    summary = (
        f"{len(ratings)} weekly rating{'s' if len(ratings) != 1 else ''} from {_day(first.week_of)} "
        f"to {_day(latest.week_of)}. Latest: safety {latest.safety} and trust {latest.trust} out of 10."
    )
    if len(ratings) > 1:
        summary += f" At the start: safety {first.safety}, trust {first.trust}."
    series = [_series(ratings, "safety"), _series(ratings, "trust")]
    return score_chart(
        uid,
        "Safety and trust, week by week",
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
        legend=[("safety", "Safety"), ("trust", "Trust")],
        class_="chart",
        preserveAspectRatio="xMidYMid meet",
    )


def _series(ratings, key: str) -> Series:
    """One line of the chart: each week's safety (or trust) rating."""
    readings = []
    for rating in ratings:
        value = getattr(rating, key)
        readings.append(Reading(rating.week_of, value, f"Week of {_day(rating.week_of)}: {key} {value}"))
    return Series(readings, line={"class": f"chart-line {key}"}, dot={"class": f"chart-dot {key}", "r": 3.5})
