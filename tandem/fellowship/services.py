"""A person's meeting week: what is on today, what they logged, how the 90 days are going."""

import datetime
import math
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone

from tandem.recovery import api as recovery

from . import timeutil
from .models import Attendance, FellowshipPrefs, Meeting, Outreach, ScheduleEntry

NINETY = 90


@dataclass
class TodayItem:
    entry: ScheduleEntry
    name: str
    local_start: datetime.datetime
    local_end: datetime.datetime | None
    meeting_start: datetime.datetime
    url: str
    attended: bool

    @property
    def entry_id(self) -> int:
        return self.entry.pk

    @property
    def other_zone(self) -> bool:
        return self.meeting_start.utcoffset() != self.local_start.utcoffset()


def schedule_for(user):
    return ScheduleEntry.objects.filter(owner=user).select_related("meeting", "meeting__feed")


def entry_url(entry: ScheduleEntry) -> str:
    if entry.meeting_id:
        return reverse("meeting_detail", args=[entry.meeting_id])
    return reverse("schedule_edit", args=[entry.pk])


def items_on(user, local_date: datetime.date, entries=None, attended_ids=None) -> list[TodayItem]:
    """The person's scheduled meetings on their local date, in their zone, earliest first."""
    viewer_zone = user.zone
    entries = list(schedule_for(user)) if entries is None else entries
    if attended_ids is None:
        attended_ids = set(
            Attendance.objects.filter(owner=user, date=local_date, entry__isnull=False).values_list(
                "entry_id", flat=True
            )
        )
    items = []
    for entry in entries:
        if not entry.is_weekly or not entry.is_listed:
            continue
        local = entry.occurrence_on(local_date, viewer_zone)
        if local is None:
            continue
        meeting_start = local.astimezone(entry.zone)
        local_end = None
        if entry.end_time:
            local_end = local + datetime.timedelta(minutes=timeutil.minutes_between(entry.time, entry.end_time))
        items.append(
            TodayItem(
                entry=entry,
                name=entry.name,
                local_start=local,
                local_end=local_end,
                meeting_start=meeting_start,
                url=entry_url(entry),
                attended=entry.pk in attended_ids,
            )
        )
    items.sort(key=lambda item: item.local_start)
    return items


def week_for(user, entries) -> list[dict]:
    """The person's week from their today, in their zone: seven days, each with its meetings."""
    today = user.local_today()
    days = []
    for offset in range(7):
        date = today + datetime.timedelta(days=offset)
        days.append({"date": date, "items": items_on(user, date, entries=entries, attended_ids=set())})
    return days


def add_meeting(user, meeting: Meeting) -> tuple[ScheduleEntry, bool]:
    try:
        with transaction.atomic():
            return ScheduleEntry.objects.get_or_create(owner=user, meeting=meeting)
    except IntegrityError:  # a double tap raced us: the first one won
        return ScheduleEntry.objects.get(owner=user, meeting=meeting), False


def mark_attended(user, entry: ScheduleEntry, date: datetime.date) -> tuple[Attendance, bool]:
    """“I went”: idempotent per entry and date, so a double tap logs one meeting."""
    try:
        with transaction.atomic():
            return Attendance.objects.get_or_create(
                owner=user,
                entry=entry,
                date=date,
                defaults={"meeting": entry.meeting, "label": entry.name},
            )
    except IntegrityError:
        return Attendance.objects.get(owner=user, entry=entry, date=date), False


def save_once(model, user, client_token, **fields):
    """Create a record unless this form (its client token) was already saved: double submits
    keep one copy. Returns (record, created)."""
    if client_token:
        existing = model.objects.filter(owner=user, client_token=client_token).first()
        if existing is not None:
            return existing, False
    try:
        with transaction.atomic():
            return model.objects.create(owner=user, client_token=client_token, **fields), True
    except IntegrityError:
        return model.objects.get(owner=user, client_token=client_token), False


@dataclass
class Ninety:
    started_on: datetime.date | None
    day_number: int
    meetings: int
    finished_window: bool

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.meetings / NINETY))

    @property
    def remaining_days(self) -> int:
        return max(0, NINETY - self.day_number)


def ninety(user, prefs: FellowshipPrefs | None = None) -> Ninety:
    """“90 meetings in 90 days”: a count that only goes up. A missed day takes nothing away."""
    prefs = prefs or FellowshipPrefs.for_user(user)
    today = user.local_today()
    start = prefs.ninety_started_on
    if start is None:
        start = min(meetings_by_day(user), default=None)
    if start is None:
        return Ninety(None, 0, 0, False)
    end = start + datetime.timedelta(days=NINETY - 1)
    meetings = meeting_count(user, start, end)
    day_number = min(NINETY, (today - start).days + 1)
    return Ninety(start, max(day_number, 1), meetings, today > end)


def days_since(last: datetime.date | None, today: datetime.date) -> int | None:
    return None if last is None else max(0, (today - last).days)


def last_outreach(user) -> datetime.date | None:
    return Outreach.objects.filter(owner=user).aggregate(last=Max("date"))["last"]


def meetings_by_day(user, first=None, last=None) -> dict[datetime.date, int]:
    """How many meetings the person went to on each day — the one count every page uses.

    Meetings come from two places: the attendance log here and the "meetings" number in a
    check-in. A day counts the larger of the two, so a meeting logged in both counts once and a
    meeting only given in a check-in still counts."""

    logged = Attendance.objects.filter(owner=user)
    if first is not None:
        logged = logged.filter(date__gte=first)
    if last is not None:
        logged = logged.filter(date__lte=last)
    days = dict(logged.order_by().values("date").annotate(n=Count("pk")).values_list("date", "n"))
    for day, n in recovery.checkin_meetings_by_day(user, first, last).items():
        days[day] = max(days.get(day, 0), n)
    return days


def meeting_count(user, first, last) -> int:
    """Meetings between `first` and `last` (local dates, both included), counted as meetings_by_day."""
    return sum(meetings_by_day(user, first, last).values())


def last_meeting(user) -> datetime.date | None:
    return max(meetings_by_day(user), default=None)


def km(distance_sq) -> float | None:
    return None if distance_sq is None else math.sqrt(max(distance_sq, 0.0))


def describe_times(meeting_or_entry, viewer_zone, now=None) -> dict:
    """The next start of a weekly meeting in its own zone and in the viewer's."""
    if not meeting_or_entry.is_weekly:
        return {}
    now = now or timezone.now()
    start = timeutil.next_occurrence(meeting_or_entry.day, meeting_or_entry.time, meeting_or_entry.zone, now)
    local = start.astimezone(viewer_zone)
    return {
        "meeting_start": start,
        "local_start": local,
        "same_zone": start.utcoffset() == local.utcoffset(),
    }
