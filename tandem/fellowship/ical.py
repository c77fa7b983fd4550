"""The schedule as an iCalendar subscription (RFC 5545).

One weekly event per scheduled meeting: DTSTART in the meeting's own zone (TZID, with a VTIMEZONE
for every zone used), a weekly RRULE, and a summary that is the meeting's name only — or, with
the discreet option, just "Meeting". No notes, addresses, links or anything else: calendars sync
to phones and lock screens.
"""

import datetime
import hashlib

from django.utils.translation import gettext_lazy as _
from icalendar import Calendar, Event

from . import timeutil

ICAL_DAYS = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")
DISCREET_SUMMARY = _("Meeting")
DEFAULT_MINUTES = 60


def uid_for(token_hash: str, entry_pk: int) -> str:
    digest = hashlib.blake2b(f"{token_hash}:{entry_pk}".encode(), digest_size=12).hexdigest()
    return f"{digest}@schedule"


def first_start(entry) -> datetime.datetime:
    tz = entry.zone
    created = entry.created_at.astimezone(tz)
    start_of_day = timeutil.at(created.date(), datetime.time(0, 0), tz)
    return timeutil.next_occurrence(entry.day, entry.time, tz, start_of_day)


def build(entries, *, token_hash: str, discreet: bool, now: datetime.datetime) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Schedule//Weekly meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", str(_("Schedule")))
    earliest = now.date()
    for entry in entries:
        if not entry.is_weekly or not entry.is_listed:
            continue
        start = first_start(entry)
        earliest = min(earliest, start.date())
        minutes = timeutil.minutes_between(entry.time, entry.end_time) if entry.end_time else DEFAULT_MINUTES
        event = Event()
        event.add("uid", uid_for(token_hash, entry.pk))
        event.add("dtstamp", now.astimezone(datetime.UTC))
        event.add("dtstart", start)
        event.add("dtend", start + datetime.timedelta(minutes=minutes))
        event.add("rrule", {"freq": "weekly", "byday": [ICAL_DAYS[entry.day]]})
        event.add("summary", str(DISCREET_SUMMARY) if discreet else (entry.name or str(DISCREET_SUMMARY)))
        event.add("transp", "OPAQUE")
        calendar.add_component(event)
    # Zone rules from a little before the first event (the zones' rules keep applying after the
    # library's last transition, as calendar applications extend them).
    calendar.add_missing_timezones(first_date=earliest - datetime.timedelta(days=366))
    return calendar.to_ical()
