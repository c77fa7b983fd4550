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

A "contact" is a meeting the person logged as attended or an outreach they logged (a call, text,
email, coffee or fellowship after a meeting, whoever reached out first): isolation is the absence
of both. All dates are the person's own local dates.
"""

import datetime

from django.db.models import F, Max, Subquery, Value

from tandem.core import crypto
from tandem.sharing.models import Link, LinkRole

from . import steps
from .models import Attendance, Contact, ContactRole, Outreach
from .services import items_on
from .signals import records_changed  # noqa: F401 - re-exported


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
