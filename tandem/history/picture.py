"""The recovery picture: questionnaire scores and the week-by-week work of recovery on one time axis.

Each layer is read from its own app (through its api.py) with one query for the whole window,
whatever the length of the history, then counted per week (Monday to Sunday in the owner's own
time zone). Someone else sees a layer only when the gate says its scope is shared with them, and
a sponsor or a program friend sees the fellowship layers only (docs/picture.md).

The sentences under the picture set two kinds of week side by side ("In the weeks with three or
more meetings…"); they are said only when each side has at least `MIN_WEEKS_EACH_SIDE` weeks, with
the numbers behind them, and never as a cause.
"""

import datetime
from dataclasses import dataclass, field
from statistics import mean

from django.utils.formats import date_format, get_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from tandem.assessments import api as assessments
from tandem.core import palette as P
from tandem.core import svg
from tandem.core.charts import Chart
from tandem.couple import api as couple
from tandem.fellowship import api as fellowship
from tandem.recovery import api as recovery
from tandem.sharing import gate
from tandem.therapy import api as therapy

PERIODS = {"12w": (_("12 weeks"), 12), "6m": (_("6 months"), 26), "12m": (_("12 months"), 52)}
DEFAULT_PERIOD = "12w"
MIN_WEEKS_EACH_SIDE = 4
"""A sentence compares two kinds of week only when each kind has at least this many weeks with a result."""
OBJECT_KIND = "picture"
SCORES_SCOPE = "assessments"
CLINICAL_ROLES = ("therapist", "partner")
"""Link roles that may see the layers beyond the fellowship ones, when the owner shares them."""


@dataclass(frozen=True)
class Layer:
    key: str
    label: str
    scope: str
    """The scope that shares it; "" for a layer no scope shares yet (the owner's own picture only)."""
    fellowship: bool = False
    """A fellowship layer: a sponsor or a program friend sees it when its scope is shared."""


LAYERS = (
    Layer("meetings", _("Meetings attended"), "meetings", fellowship=True),
    Layer("outreach", _("Outreach (calls, texts, coffee)"), "outreach", fellowship=True),
    Layer("stepwork", _("Step work (answers ready)"), "stepwork", fellowship=True),
    Layer("urges", _("Urges logged"), "urges"),
    Layer("slips", _("Slips"), "sobriety"),
    Layer("middle", _("Middle-circle days"), "checkins"),
    Layer("fanos", _("FANOS held"), ""),
    Layer("homework", _("Homework done"), "homework"),
)
BY_KEY = {layer.key: layer for layer in LAYERS}


@dataclass
class Access:
    """What one viewer sees of one owner's picture."""

    scores: bool
    layers: list[Layer]
    told_slips_only: bool = False
    """A partner sees a slip only once the owner marked that they told them (docs/couple.md)."""
    linked: bool = True
    """False: the owner shares nothing at all with the viewer (the page is a 404)."""

    @property
    def scopes(self) -> set[str]:
        found = {layer.scope for layer in self.layers if layer.scope}
        return found | ({SCORES_SCOPE} if self.scores else set())


def access_for(viewer, owner) -> Access:
    """The gate's answer, layer by layer (three queries for someone else; none for the owner)."""
    if viewer.pk == owner.pk:
        return Access(scores=True, layers=list(LAYERS))
    by_role = {
        role: gate.scopes_by_owner(viewer, role=role, owners=[owner.pk]).get(owner.pk, set()) for role in CLINICAL_ROLES
    }
    clinical = set().union(*by_role.values())
    anyone = gate.scopes_by_owner(viewer, owners=[owner.pk]).get(owner.pk, set())
    layers = [layer for layer in LAYERS if layer.scope and layer.scope in (anyone if layer.fellowship else clinical)]
    return Access(
        scores=SCORES_SCOPE in clinical,
        layers=layers,
        told_slips_only="sobriety" not in by_role["therapist"],
        linked=bool(anyone),
    )


def period_weeks(period: str) -> int:
    return PERIODS.get(period, PERIODS[DEFAULT_PERIOD])[1]


@dataclass
class Window:
    first: datetime.date
    """The Monday the first week starts."""
    weeks: int
    zone: object

    @property
    def end(self) -> datetime.date:
        """The day after the last Sunday."""
        return self.first + datetime.timedelta(days=7 * self.weeks)

    @property
    def last(self) -> datetime.date:
        return self.end - datetime.timedelta(days=1)

    def moments(self) -> tuple[datetime.datetime, datetime.datetime]:
        start = datetime.datetime.combine(self.first, datetime.time(), tzinfo=self.zone)
        return start, datetime.datetime.combine(self.end, datetime.time(), tzinfo=self.zone)

    def week_of(self, day: datetime.date | datetime.datetime) -> int | None:
        if isinstance(day, datetime.datetime):
            day = day.astimezone(self.zone).date()
        index = (day - self.first).days // 7
        return index if 0 <= index < self.weeks else None

    def mondays(self) -> list[datetime.date]:
        return [self.first + datetime.timedelta(days=7 * i) for i in range(self.weeks)]


def window_for(owner, weeks: int, last_day: datetime.date | None = None) -> Window:
    """The last `weeks` weeks up to and including this one (or the one of `last_day`), in the
    owner's own time zone."""
    today = last_day or owner.local_today()
    this_monday = today - datetime.timedelta(days=today.weekday())
    return Window(this_monday - datetime.timedelta(days=7 * (weeks - 1)), weeks, owner.zone)


@dataclass
class ScoreLayer:
    key: str
    name: str
    results: list
    weekly: list[float | None]
    """The week's average result, None for a week without one."""
    chart: Chart | None = None


@dataclass
class Finding:
    text: str
    basis: str


@dataclass
class Picture:
    owner: object
    window: Window
    own: bool
    access: Access
    scores: list[ScoreLayer] = field(default_factory=list)
    counts: dict[str, list[int]] = field(default_factory=dict)
    urge_level: list[float | None] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    activity: Chart | None = None

    @property
    def layers(self) -> list[Layer]:
        return self.access.layers

    @property
    def can_compare(self) -> bool:
        """Whether any sentence could be said: a kind of week to compare, and something to compare on."""
        sides = {key for key, _least, _words in PAIRS} & set(self.counts)
        return bool(sides) and (bool(self.scores) or ("meetings" in sides and "urges" in self.counts))

    @property
    def has_scores(self) -> bool:
        return any(s.results for s in self.scores)

    @property
    def is_empty(self) -> bool:
        return not self.has_scores and not any(any(c) for c in self.counts.values())

    @property
    def headers(self) -> list[str]:
        return (
            [gettext("Week of")]
            + [gettext("%(name)s (average)") % {"name": s.name} for s in self.scores]
            + [_header(layer) for layer in self.layers]
        )

    @property
    def rows(self) -> list[list]:
        rows = []
        for i, monday in enumerate(self.window.mondays()):
            row = [_day(monday, "j M Y")]
            row += ["–" if s.weekly[i] is None else _number(round(s.weekly[i], 1)) for s in self.scores]
            for layer in self.layers:
                count = self.counts[layer.key][i]
                if layer.key == "urges" and count:
                    count = gettext("%(count)s (level %(level)s)") % {
                        "count": count,
                        "level": _number(round(self.urge_level[i], 1)),
                    }
                row.append(count)
            rows.append(row)
        return rows


def _header(layer: Layer) -> str:
    return gettext("Urges logged (average level)") if layer.key == "urges" else str(layer.label)


def _number(value) -> str:
    """A number in words for people: the chart's way ("3.5"), with the reader's decimal mark ("3,5")."""
    return svg.number(value).replace(".", get_format("DECIMAL_SEPARATOR"))


def _day(day: datetime.date, format: str) -> str:
    """A date in the reader's language ("4 Dec 2026" in English)."""
    return date_format(day, format)


def build(
    viewer, owner, weeks: int, *, access: Access | None = None, width: int | None = 640, last_day=None
) -> Picture:
    """The picture of `owner` as `viewer` may see it. A fixed number of queries: one per layer
    shown (two for a partner's slips), the gate's three and one access-log write for someone else.
    `width`: the pictures' size on a page (they scroll on a phone); None lets them shrink (PDF)."""
    access = access or access_for(viewer, owner)
    window = window_for(owner, weeks, last_day)
    picture = Picture(owner, window, own=viewer.pk == owner.pk, access=access)
    if not picture.own and access.scopes:
        gate.record_reads(viewer, {scope: [owner.pk] for scope in access.scopes}, kind=OBJECT_KIND)
    start, end = window.moments()
    size = {"width": width} if width else {}
    if access.scores:
        found = assessments.scores_between(owner, start, end)
        for key in assessments.PICTURE_KEYS:
            layer = ScoreLayer(key, assessments.short_name(key), found[key], _weekly_average(window, found[key]))
            if layer.results:
                chart_id = f"picture-{owner.pk}-{key}"
                layer.chart = assessments.score_chart(
                    key, layer.results, window.zone, chart_id, (window.first, window.end), **size
                )
            picture.scores.append(layer)
    for layer in access.layers:
        if layer.key == "urges":
            levels = recovery.urge_levels(owner, window.first, window.last)
            picture.counts["urges"] = _count(window, [day for day, _ in levels])
            picture.urge_level = _weekly_mean(window, levels)
        else:
            picture.counts[layer.key] = _count(window, _read(layer.key, owner, window, access))
    picture.findings = findings(picture)
    picture.activity = activity_chart(picture, **size)
    return picture


def _read(key: str, owner, window: Window, access: Access) -> list:
    """The dates (or moments) of one layer in the window: one query (two for a partner's slips)."""
    first, last = window.first, window.last
    start, end = window.moments()
    if key == "meetings":
        return fellowship.attendance_dates(owner, first, last)
    if key == "outreach":
        return [day for day, _kind in fellowship.outreach_dates(owner, first, last)]
    if key == "stepwork":
        return fellowship.step_work_times(owner, start, end)
    if key == "slips":
        slips = recovery.slip_dates(owner, first, last)
        if access.told_slips_only and slips:
            told = couple.slips_told_to_partner(owner)
            slips = [(pk, day) for pk, day in slips if pk in told]
        return [day for _pk, day in slips]
    if key == "middle":
        return recovery.middle_circle_dates(owner, first, last)
    if key == "fanos":
        return couple.fanos_dates(owner, first, last)
    if key == "homework":
        return therapy.homework_done_times(owner, start, end)
    raise ValueError(key)  # urges are read with their levels in build()


def _count(window: Window, days) -> list[int]:
    counts = [0] * window.weeks
    for day in days:
        index = window.week_of(day)
        if index is not None:
            counts[index] += 1
    return counts


def _weekly_mean(window: Window, pairs) -> list[float | None]:
    values: list[list[float]] = [[] for _ in range(window.weeks)]
    for day, value in pairs:
        index = window.week_of(day)
        if index is not None:
            values[index].append(value)
    return [mean(v) if v else None for v in values]


def _weekly_average(window: Window, results) -> list[float | None]:
    return _weekly_mean(window, [(r.completed_at, r.total) for r in results])


REPORT_MOST_WEEKS = 104


def report_section(viewer, owner, period, keys) -> dict | None:
    """The picture in a report (tandem.reports): the weeks of its period (at most two years, the
    last ones), the layers among the parts chosen that the reader may see; None when none."""
    access = access_for(viewer, owner)
    access.layers = [layer for layer in access.layers if not layer.scope or layer.scope in keys]
    access.scores = access.scores and SCORES_SCOPE in keys
    if not access.layers and not access.scores:
        return None
    first_monday = period.start - datetime.timedelta(days=period.start.weekday())
    weeks = min((period.end - first_monday).days // 7 + 1, REPORT_MOST_WEEKS)
    built = build(viewer, owner, weeks, access=access, width=None, last_day=period.end)
    return {
        "picture": built,
        "min_weeks": MIN_WEEKS_EACH_SIDE,
        "empty": built.is_empty,
        "cut": weeks == REPORT_MOST_WEEKS,
    }


# --- The sentences ---------------------------------------------------------------------------------

PAIRS = (
    ("meetings", 3, _("three or more meetings")),
    ("outreach", 2, _("two or more calls, texts or coffees")),
)
"""(layer, the least in a week, the words for such weeks) compared with the weeks of fewer."""


def findings(picture: Picture) -> list[Finding]:
    found = []
    for key, threshold, words in PAIRS:
        if key not in picture.counts:
            continue
        counts = picture.counts[key]
        for score in picture.scores:
            finding = _compare(picture, counts, threshold, words, score.name, score.weekly)
            if finding:
                found.append(finding)
        if key != "meetings" or "urges" not in picture.counts or not any(picture.counts["urges"]):
            continue
        urges = [float(n) for n in picture.counts["urges"]]
        finding = _compare(picture, counts, threshold, words, None, urges)
        if finding:
            found.append(finding)
    return found


def _subject(picture: Picture, score: str | None) -> str:
    """Whose what, in words: "your PHQ-9", "Robin's number of urges logged"."""
    name = picture.owner.display_name
    if score is None:
        if picture.own:
            return gettext("your number of urges logged")
        return gettext("%(name)s's number of urges logged") % {"name": name}
    if picture.own:
        return gettext("your %(score)s") % {"score": score}
    return gettext("%(name)s's %(score)s") % {"name": name, "score": score}


def _said(weeks: str, subject: str, gap: float, lower: bool, points: bool) -> str:
    """The sentence, whole, so that each language can build it its own way (never as a cause)."""
    values = {"weeks": weeks, "subject": subject, "gap": _number(gap)}
    if gap < 1:
        return (
            gettext(
                "In the weeks with %(weeks)s, %(subject)s was on average about the same as in the weeks with fewer."
            )
            % values
        )
    n = 1 if gap == 1 else 2
    if points and lower:
        text = ngettext(
            "In the weeks with %(weeks)s, %(subject)s was on average %(gap)s points lower "
            "than in the weeks with fewer.",
            "In the weeks with %(weeks)s, %(subject)s was on average %(gap)s points lower "
            "than in the weeks with fewer.",
            n,
        )
    elif points:
        text = ngettext(
            "In the weeks with %(weeks)s, %(subject)s was on average %(gap)s points higher "
            "than in the weeks with fewer.",
            "In the weeks with %(weeks)s, %(subject)s was on average %(gap)s points higher "
            "than in the weeks with fewer.",
            n,
        )
    elif lower:
        text = gettext(
            "In the weeks with %(weeks)s, %(subject)s was on average %(gap)s lower than in the weeks with fewer."
        )
    else:
        text = gettext(
            "In the weeks with %(weeks)s, %(subject)s was on average %(gap)s higher than in the weeks with fewer."
        )
    return text % values


def _compare(picture, counts, threshold, words, score, weekly) -> Finding | None:
    """`score`: a questionnaire's name, or None for the number of urges logged."""
    many = [value for n, value in zip(counts, weekly, strict=True) if value is not None and n >= threshold]
    few = [value for n, value in zip(counts, weekly, strict=True) if value is not None and n < threshold]
    if len(many) < MIN_WEEKS_EACH_SIDE or len(few) < MIN_WEEKS_EACH_SIDE:
        return None
    a, b = mean(many), mean(few)
    gap = round(abs(a - b), 1)
    text = _said(str(words), _subject(picture, score), gap, a < b, score is not None)
    basis = gettext(
        "%(many)s with %(weeks)s (average %(many_average)s) and %(few)s with fewer (average %(few_average)s). "
        "Two things seen together, not one causing the other."
    ) % {
        "many": _weeks(len(many)),
        "weeks": words,
        "many_average": _number(round(a, 1)),
        "few": _weeks(len(few)),
        "few_average": _number(round(b, 1)),
    }
    return Finding(text[0].upper() + text[1:], basis)


def _weeks(n: int) -> str:
    return ngettext("%(count)s week", "%(count)s weeks", n) % {"count": n}


# --- The picture of the weeks ----------------------------------------------------------------------

LEFT, RIGHT, ROW, TOP, BOTTOM = 44, 16, 40, 8, 28
"""The same margins as the questionnaire charts above it, so the weeks line up."""
LABEL = {"fill": P.INK, "font_size": 12}


def _in_a_sentence(label: str) -> str:
    """ "Meetings attended" → "meetings attended"; "FANOS held" keeps its capitals."""
    label = str(label)
    return label if label.split()[0].isupper() else label[:1].lower() + label[1:]


def _urge_colour(level: float | None) -> str:
    if level is None or level < 4:
        return P.TEAL
    return P.BROWN if level < 8 else P.RED


def activity_chart(picture: Picture, **svg_attrs) -> Chart:
    layers = picture.layers
    window = picture.window
    totals = {layer.key: sum(picture.counts[layer.key]) for layer in layers}
    if layers:
        summary = gettext("In the weeks from %(first)s to %(last)s: %(totals)s.") % {
            "first": _day(window.first, "j M Y"),
            "last": _day(window.last, "j M Y"),
            "totals": "; ".join(f"{_in_a_sentence(layer.label)} {totals[layer.key]}" for layer in layers),
        }
    else:
        summary = gettext("No weekly records are shared here.")
    if not layers:
        return Chart("", summary, picture.headers, picture.rows)
    width = 640
    plot = width - LEFT - RIGHT
    column = plot / window.weeks
    height = TOP + ROW * len(layers) + BOTTOM
    parts = []
    for row, layer in enumerate(layers):
        top = TOP + ROW * row
        counts = picture.counts[layer.key]
        highest = max(max(counts), 1)
        label = gettext("%(label)s (most in a week: %(most)s)") % {"label": layer.label, "most": max(counts)}
        parts.append(svg.text(LEFT, top + 12, label, **LABEL))
        base = top + ROW - 6
        parts.append(svg.el("line", x1=LEFT, x2=width - RIGHT, y1=base, y2=base, stroke=P.GRID))
        for i, count in enumerate(counts):
            if not count:
                continue
            bar = 18 * count / highest
            fill = P.BROWN if layer.key == "slips" else P.TEAL
            tip = gettext("Week of %(day)s: %(count)s") % {
                "day": _day(window.first + datetime.timedelta(days=7 * i), "j M"),
                "count": count,
            }
            if layer.key == "urges":
                fill = _urge_colour(picture.urge_level[i])
                tip += gettext(", average level %(level)s") % {"level": _number(round(picture.urge_level[i], 1))}
            parts.append(
                svg.el(
                    "rect",
                    svg.title(tip),
                    class_=f"bar bar-{layer.key}",
                    x=round(LEFT + column * i + column * 0.15, 2),
                    y=round(base - bar, 2),
                    width=round(column * 0.7, 2),
                    height=round(bar, 2),
                    fill=fill,
                )
            )
    bottom = height - 8
    parts.append(svg.text(LEFT, bottom, _day(window.first, "j M Y"), **LABEL, text_anchor="start"))
    parts.append(svg.text(width - RIGHT, bottom, _day(window.last, "j M Y"), **LABEL, text_anchor="end"))
    if picture.own:
        title = gettext("Your last %(weeks)s weeks, week by week") % {"weeks": window.weeks}
    else:
        title = gettext("%(name)s's last %(weeks)s weeks, week by week") % {
            "name": picture.owner.display_name,
            "weeks": window.weeks,
        }
    attrs = {"class_": "chart-svg", "focusable": "false"} | svg_attrs
    picture_svg = svg.document(
        f"picture-{picture.owner.pk}-weeks", width, height, title, summary, svg.join(parts), **attrs
    )
    if picture.scores:
        note = gettext("Each bar is one week, Monday to Sunday, in the same weeks as the questionnaires above.")
    else:
        note = gettext("Each bar is one week, Monday to Sunday.")
    if "urges" in totals:
        note += " " + gettext("Urge bars are coloured by the week's average level: teal 0–3, brown 4–7, dark red 8–10.")
    if "slips" in totals:
        note += " " + gettext("Slips are brown.")
    return Chart(picture_svg, summary, picture.headers, picture.rows, note=note)
