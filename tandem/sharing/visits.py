"""“Who has looked”: the access log told as visits, one line each, in the owner's own time.

The log keeps one row per read (viewer, the viewer's name then, link role, scope, object kind,
time) and no request id. A *visit* is a run of one viewer's reads in which each read comes
less than `VISIT_GAP` (30 minutes) after the one before: the same idle time after which a
session signs out, so a line is what one person opened in one sitting. A therapist opening the
person page, then the check-ins, then the questionnaires a minute later is one line; the same
therapist coming back the next morning is another.

A page of visits is read with one query: at most `ROWS_PER_PAGE + 1` rows, newest first, after
a cursor (time and id of the last row of the page before). The page stops at the first quiet
moment — half an hour in which nobody read anything — once it holds `VISITS_PER_PAGE` lines,
so no visit is cut in two by the page boundary. (Only a stream of reads longer than
`ROWS_PER_PAGE` rows with no quiet half hour in it is cut, at the last row the page holds.)
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.db.models import Q
from django.utils import dateformat, timezone
from django.utils.translation import gettext, gettext_noop

from . import scopes
from .models import AccessLogEntry, LinkRole

VISIT_GAP = timedelta(minutes=30)
VISITS_PER_PAGE = 30
ROWS_PER_PAGE = 1000

UNKNOWN_SCOPE = gettext_noop("records")
"""What a read of a scope no longer offered is called (never its key)."""


def scope_phrase(key: str) -> str:
    """How a person says a scope inside a sentence: “daily check-ins”, “family map”."""
    if not scopes.is_known(key):
        return gettext(UNKNOWN_SCOPE)
    label = str(scopes.get(key).label)
    if len(label) > 1 and label[1].isupper():  # an acronym keeps its capitals
        return label
    return label[:1].lower() + label[1:]


def join_words(words: list[str]) -> str:
    """“a”, “a and b”, “a, b and c”."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " " + gettext("and") + " " + words[-1]


def when_text(first: datetime, last: datetime, now: datetime) -> str:
    """“Tue 3 Dec, 21:40”, “Tue 3 Dec, 21:40–21:55”; the year only when it is not this year.
    All three datetimes are in the owner's zone."""
    day = "D j M" if first.year == now.year else "D j M Y"
    text = dateformat.format(first, f"{day}, H:i")
    if last.strftime("%Y%m%d%H%M") == first.strftime("%Y%m%d%H%M"):
        return text
    if last.date() == first.date():
        return f"{text}–{dateformat.format(last, 'H:i')}"
    last_day = "D j M" if last.year == now.year else "D j M Y"
    return gettext("%(start)s to %(end)s") % {"start": text, "end": dateformat.format(last, f"{last_day}, H:i")}


@dataclass
class Visit:
    viewer_name: str
    link_role: str
    first: datetime
    last: datetime
    read: dict[str, datetime] = field(default_factory=dict)
    """scope key → the earliest time it was opened in this visit"""
    when: str = ""

    @property
    def role_label(self) -> str:
        return LinkRole(self.link_role).label.lower() if self.link_role in LinkRole.values else ""

    @property
    def scope_keys(self) -> list[str]:
        return sorted(self.read, key=lambda key: (self.read[key], key))

    @property
    def what(self) -> str:
        """“your daily check-ins and journal”: each thing once, in the order it was opened."""
        phrases = []
        for key in self.scope_keys:
            phrase = scope_phrase(key)
            if phrase not in phrases:
                phrases.append(phrase)
        return gettext("your %(things)s") % {"things": join_words(phrases)}


@dataclass
class VisitPage:
    visits: list[Visit]
    zone_name: str
    next_cursor: str | None
    is_first: bool


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def _cursor(at: datetime, pk: int) -> str:
    return f"{(at - _EPOCH) // _MICROSECOND}-{pk}"


def _parse_cursor(text) -> tuple[datetime, int] | None:
    try:
        micros, pk = str(text).split("-")
        return _EPOCH + int(micros) * _MICROSECOND, int(pk)
    except (TypeError, ValueError, OverflowError):
        return None


def page_for(owner, cursor=None) -> VisitPage:
    """One page of the visits to owner's data, newest first, in one query."""
    zone = owner.zone
    now = timezone.now().astimezone(zone)
    rows = AccessLogEntry.objects.filter(owner=owner).order_by("-at", "-id")
    after = _parse_cursor(cursor) if cursor else None
    if after is not None:
        at, pk = after
        # at <= cursor as a bound of its own: an index range, and the newer months not read at all
        rows = rows.filter(at__lte=at).filter(Q(at__lt=at) | Q(at=at, id__lt=pk))
    rows = list(rows.values_list("id", "viewer_id", "viewer_name", "link_role", "scope", "at")[: ROWS_PER_PAGE + 1])
    more = len(rows) > ROWS_PER_PAGE
    rows = rows[:ROWS_PER_PAGE]

    visits: list[Visit] = []
    open_visits: dict[tuple, Visit] = {}
    cut = len(rows)
    quiet = None  # (row index, number of visits) at the last quiet half hour
    previous_at = None
    for index, (_pk, viewer_id, name, role, scope, at) in enumerate(rows):
        if previous_at is not None and previous_at - at >= VISIT_GAP:
            # A quiet half hour: every visit so far is whole.
            open_visits.clear()
            quiet = (index, len(visits))
            if len(visits) >= VISITS_PER_PAGE:
                cut, more = index, True
                break
        previous_at = at
        key = ("id", viewer_id) if viewer_id is not None else ("name", name)
        visit = open_visits.get(key)
        if visit is None or visit.first - at >= VISIT_GAP:
            visit = Visit(viewer_name=name, link_role=role, first=at, last=at)
            open_visits[key] = visit
            visits.append(visit)
        visit.first = at
        visit.read[scope] = at  # rows come newest first: the last one seen is the earliest
    else:
        if more and quiet is not None:
            # The rows ran out inside a stream of reads: end the page at its last quiet moment.
            cut, visits = quiet[0], visits[: quiet[1]]

    for visit in visits:
        visit.first = visit.first.astimezone(zone)
        visit.last = visit.last.astimezone(zone)
        visit.when = when_text(visit.first, visit.last, now)
    next_cursor = None
    if more and cut:
        last_pk, _viewer, _name, _role, _scope, last_at = rows[cut - 1]
        next_cursor = _cursor(last_at, last_pk)
    return VisitPage(
        visits=visits,
        zone_name=getattr(zone, "key", "UTC").replace("_", " "),
        next_cursor=next_cursor,
        is_first=after is None,
    )
