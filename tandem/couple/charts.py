"""The safety-and-trust chart: geometry only. The SVG itself is a template
(couple/_trust_chart.html), so every piece of text in it is escaped by Django."""

import datetime
from dataclasses import dataclass, field

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 30, 8, 10, 26


@dataclass
class Series:
    key: str
    label: str
    points: list[tuple[float, float, str]] = field(default_factory=list)
    """(x, y, tooltip)"""

    @property
    def path(self) -> str:
        return " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y, _) in enumerate(self.points))


@dataclass
class TrustChart:
    uid: str
    series: list[Series]
    grid: list[tuple[int, float]]
    first_label: str
    last_label: str
    summary: str
    rows: list[tuple[str, int, int]]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    bottom_y: int = HEIGHT - 6

    @property
    def empty(self) -> bool:
        return not self.rows


def _fmt(day: datetime.date) -> str:
    return f"{day.day} {day:%b %Y}"


def trust_chart(uid: str, ratings, weeks: int = 26) -> TrustChart:
    """Ratings (objects with week_of, safety, trust), the last `weeks` weeks that have one."""
    ratings = sorted(ratings, key=lambda r: r.week_of)[-weeks:]
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    grid = [(level, TOP + plot_h - plot_h * level / 10) for level in (0, 5, 10)]
    rows = [(_fmt(r.week_of), r.safety, r.trust) for r in ratings]
    if not ratings:
        return TrustChart(uid, [], grid, "", "", "No weekly ratings yet, so there is nothing to draw.", rows)
    first, last = ratings[0].week_of, ratings[-1].week_of
    span = max((last - first).days, 1)

    def x(day):
        return LEFT + (plot_w * (day - first).days / span if len(ratings) > 1 else plot_w / 2)

    def y(value):
        return TOP + plot_h - plot_h * value / 10

    safety = Series("safety", "Safety")
    trust = Series("trust", "Trust")
    for r in ratings:
        safety.points.append((x(r.week_of), y(r.safety), f"Week of {_fmt(r.week_of)}: safety {r.safety}"))
        trust.points.append((x(r.week_of), y(r.trust), f"Week of {_fmt(r.week_of)}: trust {r.trust}"))
    latest = ratings[-1]
    summary = (
        f"{len(ratings)} weekly rating{'s' if len(ratings) != 1 else ''} from {_fmt(first)} to {_fmt(last)}. "
        f"Latest: safety {latest.safety} and trust {latest.trust} out of 10."
    )
    if len(ratings) > 1:
        before = ratings[0]
        summary += f" At the start: safety {before.safety}, trust {before.trust}."
    return TrustChart(uid, [safety, trust], grid, _fmt(first), _fmt(last), summary, rows)
