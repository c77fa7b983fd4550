"""What other apps may ask of the fellowship part (recovery's check-in and warning signs,
the dashboard, the caseload). Owned and implemented by the fellowship app.

Queries (each function, for any amount of data):
    last_contact_date(user)          1 query
    last_contact_dates(users)        1 query, for a whole caseload
    last_contact_subqueries(owner)   for annotating a queryset of people (one lookup each)
    meetings_attended_on(user, day)  1 query
    outreach_on(user, day)           1 query
    todays_meetings(user)            2 queries (the schedule with its meetings; today's "I went")
    people_to_call(user)             1 query (their linked sponsor and their support network)

Signal:
    records_changed(sender, owner_id)   a person's schedule, attendance or outreach changed

For the JSON API (`tandem.api.routers.fellowship`), each on the person's own data only, with the
pages' own forms and services, so a rule is written once (a refusal raises Django's
ValidationError with the form's {field: [message]}, someone else's id raises Http404):
    find_meetings(user, params)          the finder's search: same parameters, validation, order
    meetings_data(user, meetings)        meetings as plain dicts (+ next start, distance, in schedule)
    schedule_entries(user)               queryset;  entry_data(user, entry)
    add_to_schedule(user, data)          a listed meeting ({"meeting_id"}) or a private one
    remove_from_schedule(user, entry_id) went_today(user, entry_id)
    attendance_records(user)             queryset;  attendance_data(record);  log_attendance(user, data)
    outreach_records(user)               queryset;  outreach_data(record);   log_outreach(user, data)

A "contact" is a meeting the person logged as attended or an outreach they logged (a call, text,
email, coffee or fellowship after a meeting, whoever reached out first): isolation is the absence
of both. All dates are the person's own local dates.
"""

import datetime
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db.models import F, Max, QuerySet, Subquery, Value
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from tandem.core import crypto
from tandem.sharing.models import Link, LinkRole

from . import finder, programs, services, steps, timeutil
from .forms import AttendanceForm, FinderForm, OutreachForm, PrivateMeetingForm
from .models import Attendance, Contact, ContactRole, Direction, Meeting, Outreach, SavedPlace, ScheduleEntry
from .services import items_on
from .signals import records_changed  # noqa: F401 - re-exported
from .weekly import attendance_dates, outreach_dates, step_work_times  # noqa: F401 - re-exported


def last_contact_date(user) -> datetime.date | None:
    """The local date of the person's last attended meeting or logged outreach, if any."""
    meetings = Attendance.objects.filter(owner=user).order_by().values("owner").annotate(last=Max("date"))
    outreach = Outreach.objects.filter(owner=user).order_by().values("owner").annotate(last=Max("date"))
    meetings, outreach = meetings.values("last"), outreach.values("last")
    dates = [row["last"] for row in meetings.union(outreach, all=True) if row["last"] is not None]
    return max(dates, default=None)


def last_contact_dates(users) -> dict[int, datetime.date | None]:
    """last_contact_date for many people at once (a caseload): {user_id: date or None}."""
    ids = [getattr(user, "pk", user) for user in users]
    result: dict[int, datetime.date | None] = dict.fromkeys(ids)
    if not ids:
        return result
    meetings = (
        Attendance.objects.filter(owner_id__in=ids)
        .order_by()
        .values("owner_id")
        .annotate(last=Max("date"))
        .values_list("owner_id", "last")
    )
    outreach = (
        Outreach.objects.filter(owner_id__in=ids)
        .order_by()
        .values("owner_id")
        .annotate(last=Max("date"))
        .values_list("owner_id", "last")
    )
    for owner_id, last in meetings.union(outreach, all=True):
        if last is not None and (result.get(owner_id) is None or last > result[owner_id]):
            result[owner_id] = last
    return result


def last_contact_subqueries(owner) -> tuple[Subquery, Subquery]:
    """For annotating many people in one query: the date of the last attended meeting and of the
    last outreach of the person `owner` refers to (e.g. OuterRef("pk") on a User queryset), one
    indexed lookup each."""
    meetings = Attendance.objects.filter(owner=owner).order_by("-date").values("date")[:1]
    outreach = Outreach.objects.filter(owner=owner).order_by("-date").values("date")[:1]
    return Subquery(meetings), Subquery(outreach)


def meetings_attended_on(user, day: datetime.date) -> int:
    """How many meetings the person logged as attended on their local date `day`."""
    return Attendance.objects.filter(owner=user, date=day).count()


def outreach_on(user, day: datetime.date) -> int:
    """How many calls/texts/emails/coffees the person logged on their local date `day`."""
    return Outreach.objects.filter(owner=user, date=day).count()


def todays_meetings(user) -> list:
    """The person's scheduled meetings for their local today, each with .name, .local_start, .url.

    Also .local_end (or None), .attended (bool, "I went" already logged today) and .entry_id
    (POST to reverse("attend", args=[entry_id]) to log "I went").
    """
    return items_on(user, user.local_today())


def people_to_call(user) -> list[dict]:
    """The people the person already has in Tandem, in one query: their linked sponsor(s) first,
    then their support-network contacts, oldest first. [{"key", "name", "phone", "role"}], where
    `key` is "sponsor-<link id>" or "contact-<contact id>"."""
    sponsors = (
        Link.objects.active()
        .filter(owner=user, role=LinkRole.SPONSOR, member__isnull=False)
        .annotate(kind=Value("sponsor"), who=F("member__display_name"), number=Value(""), what=Value("sponsor"))
        .values_list("kind", "pk", "who", "number", "what")
        .order_by()
    )
    contacts = (
        Contact.objects.filter(owner=user)
        .annotate(kind=Value("contact"), who=F("name"), number=F("phone"), what=F("role"))
        .values_list("kind", "pk", "who", "number", "what")
        .order_by()
    )
    rows = sorted(sponsors.union(contacts, all=True), key=lambda row: (row[0] != "sponsor", row[1]))
    roles = dict(ContactRole.choices)
    people = []
    for kind, pk, name, phone, role in rows:
        if kind == "contact":  # a union reads its columns as the first query's, so decrypt here
            name, phone = (crypto.decrypt(value) if value else "" for value in (name, phone))
        people.append({"key": f"{kind}-{pk}", "name": name, "phone": phone, "role": roles.get(role, "Sponsor")})
    return people


def step(number: int):
    """Step `number` (1-12) of the step-work guide (.number, .theme, .prompts with .text), or None."""
    return steps.BY_NUMBER.get(number)


# --- For the JSON API ---------------------------------------------------------------------------

FINDER_PARAMS = frozenset(
    {"q", "day", "time_from", "time_to", "program", "type", "attendance", "near", "latitude", "longitude", "radius"}
)


def _form_value(value) -> str:
    """A JSON or query value as the text a page's form field receives."""
    if isinstance(value, float) and value.is_integer():
        return f"{value:g}"
    if isinstance(value, datetime.time):
        return value.isoformat()
    return str(value)


def _refuse(form) -> None:
    raise ValidationError({field: list(errors) for field, errors in form.errors.items()})


def find_meetings(user, params: Mapping) -> tuple[QuerySet, tuple[str, ...]]:
    """The finder page's search for `params` (its parameter names: q, day, time_from, time_to,
    program, type, attendance, near — "point" or "place-<id>" of the person's saved places —,
    latitude, longitude, radius), checked by the page's form. Returns the meetings (listed ones,
    in the page's order) and that order as field names, unique, for a cursor. Without any
    parameter every listed meeting matches (the page's first look is the page's own).
    Raises ValidationError as the form refuses."""
    unknown = sorted(set(params) - FINDER_PARAMS)
    if unknown:
        raise ValidationError({name: [gettext("Not a finder parameter.")] for name in unknown})
    data = {name: _form_value(value) for name, value in params.items() if value is not None}
    data.setdefault("radius", "25")
    form = FinderForm(data, places=list(SavedPlace.objects.filter(owner=user)))
    if not form.is_valid():
        _refuse(form)
    search = form.search()
    queryset = finder.find(search, viewer_zone=user.zone, today=user.local_today()).select_related("feed")
    order = ("distance_sq", "day", "time", "id") if search.has_point else ("day", "time", "name", "id")
    return queryset, order


def meetings_data(user, meetings) -> list[dict]:
    """Meetings as the finder shows them: what the feed says, the next start in the meeting's zone
    and in the person's, the distance (km) when searched near a point, and whether the meeting is
    in the person's schedule (one query for all)."""
    meetings = list(meetings)
    scheduled = set(
        ScheduleEntry.objects.filter(owner=user, meeting_id__in=[m.pk for m in meetings]).values_list(
            "meeting_id", flat=True
        )
    )
    now = timezone.now()
    return [_meeting_data(user, meeting, now, meeting.pk in scheduled) for meeting in meetings]


def meeting_or_404(meeting_id: int) -> Meeting:
    meeting = Meeting.objects.filter(pk=meeting_id).select_related("feed").first()
    if meeting is None:
        raise Http404
    return meeting


def _meeting_data(user, meeting: Meeting, now, in_schedule: bool) -> dict:
    times = services.describe_times(meeting, user.zone, now)
    return {
        "id": meeting.pk,
        "name": meeting.name,
        "program": meeting.program,
        "day": meeting.day,
        "day_name": meeting.day_name,
        "time": meeting.time,
        "end_time": meeting.end_time,
        "time_zone": meeting.time_zone,
        "next_start": times.get("meeting_start"),
        "next_local_start": times.get("local_start"),
        "attendance": meeting.attendance,
        "is_online": meeting.is_online,
        "is_in_person": meeting.is_in_person,
        "listed": meeting.is_listed,
        "types": [{"code": code, "label": label} for code, label in programs.labelled(meeting.program, meeting.types)],
        "location": meeting.location,
        "formatted_address": meeting.formatted_address,
        "region": meeting.region,
        "latitude": meeting.latitude,
        "longitude": meeting.longitude,
        "conference_url": meeting.conference_url,
        "conference_phone": meeting.conference_phone,
        "url": meeting.url,
        "notes": meeting.notes,
        "distance_km": services.km(getattr(meeting, "distance_sq", None)),
        "in_schedule": in_schedule,
    }


def schedule_entries(user) -> QuerySet:
    """The person's schedule, oldest entry first (as the schedule page lists it)."""
    return services.schedule_for(user)


def entry_data(user, entry: ScheduleEntry, now=None) -> dict:
    times = services.describe_times(entry, user.zone, now)
    return {
        "id": entry.pk,
        "meeting_id": entry.meeting_id,
        "name": entry.name,
        "private": entry.is_private,
        "listed": entry.is_listed,
        "day": entry.day,
        "time": entry.time,
        "end_time": entry.end_time,
        "time_zone": entry.time_zone,
        "next_start": times.get("meeting_start"),
        "next_local_start": times.get("local_start"),
        "where": entry.where,
        "notes": entry.notes,
        "created_at": entry.created_at,
    }


def add_to_schedule(user, data: Mapping) -> tuple[ScheduleEntry, bool]:
    """Add a listed meeting ({"meeting_id": id}: twice keeps one) or a private meeting of the
    person's own (the fields of the page's form: name, day, time, end_time, time_zone, where,
    notes). Returns (entry, created)."""
    data = {name: value for name, value in data.items() if value is not None}
    meeting_id = data.pop("meeting_id", None)
    if meeting_id is not None:
        if data:
            raise ValidationError({"meeting_id": [gettext("A meeting from the finder takes no other fields.")]})
        meeting = meeting_or_404(meeting_id)
        if not meeting.is_listed:
            message = gettext("This meeting is no longer listed by its intergroup, so it can't be added.")
            raise ValidationError({"meeting_id": [message]})
        return services.add_meeting(user, meeting)
    form = PrivateMeetingForm({name: _form_value(value) for name, value in data.items()})
    if not form.is_valid():
        _refuse(form)
    cleaned = form.cleaned_data
    entry = ScheduleEntry.objects.create(
        owner=user,
        private_name=cleaned["name"].strip(),
        private_day=cleaned["day"],
        private_time=cleaned["time"],
        private_end_time=cleaned["end_time"],
        private_time_zone=cleaned["time_zone"],
        where=cleaned["where"].strip(),
        notes=cleaned["notes"].strip(),
    )
    return entry, True


def own_entry(user, entry_id: int) -> ScheduleEntry:
    entry = ScheduleEntry.objects.filter(pk=entry_id, owner=user).select_related("meeting").first()
    if entry is None:
        raise Http404
    return entry


def remove_from_schedule(user, entry_id: int) -> None:
    """Take an entry off the person's schedule; the attendance log keeps what they went to."""
    own_entry(user, entry_id).delete()


def went_today(user, entry_id: int) -> tuple[Attendance, bool]:
    """“I went” to a scheduled meeting on the person's today: once per entry and day."""
    return services.mark_attended(user, own_entry(user, entry_id), user.local_today())


def attendance_records(user) -> QuerySet:
    """The person's attendance log, newest date first."""
    return Attendance.objects.filter(owner=user)


def attendance_data(record: Attendance) -> dict:
    return {
        "id": record.pk,
        "date": record.date,
        "label": record.label,
        "note": record.note,
        "meeting_id": record.meeting_id,
        "entry_id": record.entry_id,
        "created_at": record.created_at,
    }


def log_attendance(user, data: Mapping) -> tuple[Attendance, bool]:
    """Log a meeting the person went to (label, date, note, client_token) as the attendance page
    does: a date that hasn't come yet in the person's zone is refused, and the same client token
    twice saves one record. Returns (record, created)."""
    values = {name: _form_value(value) for name, value in data.items() if value is not None}
    form = AttendanceForm(values, today=user.local_today())
    if not form.is_valid():
        _refuse(form)
    cleaned = form.cleaned_data
    return services.save_once(
        Attendance,
        user,
        cleaned["client_token"],
        date=cleaned["date"],
        label=cleaned["label"].strip(),
        note=cleaned["note"].strip(),
    )


def outreach_records(user) -> QuerySet:
    """The person's outreach log, newest date first."""
    return Outreach.objects.filter(owner=user).select_related("contact")


def outreach_data(record: Outreach) -> dict:
    return {
        "id": record.pk,
        "date": record.date,
        "kind": record.kind,
        "direction": record.direction,
        "contact_id": record.contact_id,
        "contact_name": record.contact.name if record.contact_id else "",
        "note": record.note,
        "created_at": record.created_at,
    }


def log_outreach(user, data: Mapping) -> tuple[Outreach, bool]:
    """Log a call, text, email, coffee or fellowship (kind, direction — "out" when not given —,
    contact_id of one of the person's contacts, date, note, client_token) as the outreach page
    does: no date that hasn't come yet, one record per client token. Returns (record, created)."""
    data = {name: value for name, value in data.items() if value is not None}
    contact_id = data.pop("contact_id", None)
    contacts = list(Contact.objects.filter(owner=user))
    if contact_id is not None:
        if not any(contact.pk == contact_id for contact in contacts):
            raise Http404
        data["contact"] = contact_id
    data.setdefault("direction", Direction.OUT)
    values = {name: _form_value(value) for name, value in data.items()}
    form = OutreachForm(values, contacts=contacts, today=user.local_today())
    if not form.is_valid():
        _refuse(form)
    cleaned = form.cleaned_data
    return services.save_once(
        Outreach,
        user,
        cleaned["client_token"],
        contact=cleaned["contact"],
        kind=cleaned["kind"],
        direction=cleaned["direction"],
        date=cleaned["date"],
        note=cleaned["note"].strip(),
    )


def shared_summary(viewer, owner, scope: str) -> dict | None:
    """The JSON API's summary of owner's fellowship `scope` as the person page's panel shows it to
    viewer (meetings: the weekly schedule and attendance; outreach: kinds and dates, never the
    contact's name or the note; stepwork: step statuses and message counts, never the answers).
    None for a scope not fellowship's. Call it only after the gate said yes to this read."""
    from . import panels

    if scope == "meetings":
        panel = panels.meetings(viewer, owner)
        ninety = panel["ninety"]
        return {
            "attended_30_days": panel["attended_30"],
            "days_since_last": panel["days_since"],
            "ninety_in_ninety": (
                {"started_on": ninety.started_on, "day_number": ninety.day_number, "meetings": ninety.meetings}
                if ninety.started_on
                else None
            ),
            "schedule": [
                {"name": e.name, "day": e.day, "time": e.time, "time_zone": e.time_zone} for e in panel["entries"]
            ],
            "recent": [{"date": r.date, "label": r.label} for r in panel["recent"]],
        }
    if scope == "outreach":
        panel = panels.outreach(viewer, owner)
        return {
            "days_since_last": panel["days_since"],
            "last_7_days": [{"kind": label, "count": n} for label, n in panel["week"]],
            "recent": [dict(r) for r in panel["recent"]],
        }
    if scope == "stepwork":
        panel = panels.stepwork(viewer, owner)
        return {
            "steps": [
                {"number": s["number"], "status": s["progress"].status, "messages": s["comments"]}
                for s in panel["steps"]
                if s["progress"]
            ]
        }
    return None


# --- For reminders (tandem.reminders) and the task queue ----------------------------------------


def refresh_feeds() -> tuple[int, int]:
    """Re-import every feed with a web address (the queue's periodic task; `import_meetings
    --refresh` does the same from the command line): (feeds tried, feeds that failed)."""
    from . import importer  # at call time: importer → records → template tags → this module

    runs = importer.refresh_all()
    return len(runs), sum(1 for run in runs if not run.ok)


def next_meeting_starts(owner_ids, after: datetime.datetime) -> dict[int, list[tuple[int, datetime.datetime]]]:
    """For each of these people, (schedule entry id, next start at or after `after`) of each weekly
    meeting in their schedule, soonest first. One query for them all."""
    starts: dict[int, list[tuple[int, datetime.datetime]]] = {}
    for entry in ScheduleEntry.objects.filter(owner_id__in=owner_ids).select_related("meeting"):
        if entry.is_weekly:
            start = timeutil.next_occurrence(entry.day, entry.time, entry.zone, after)
            starts.setdefault(entry.owner_id, []).append((entry.pk, start))
    for person_starts in starts.values():
        person_starts.sort(key=lambda pair: pair[1])
    return starts
