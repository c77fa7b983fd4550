"""The fellowship's part of the demo data: a friend each client keeps in touch with (Jordan has gone
quiet lately), two sample meeting feeds, a saved place, and a week of regular meetings with a few
weeks of "I went" behind them (a 90-in-90 under way for Robin), and a few of Robin's step-work answers."""

import datetime
from pathlib import Path

from django.utils import timezone

from tandem.core.demo import register

from . import importer, services
from .models import (
    Contact,
    Feed,
    FellowshipPrefs,
    Meeting,
    Outreach,
    Program,
    SavedPlace,
    ScheduleEntry,
    StepAnswer,
)

FEEDS_DIR = Path(__file__).resolve().parent / "demo_feeds"

# (file, feed name, program, time zone): sample feeds (see demo_feeds/SOURCES.md), imported as they are.
DEMO_FEEDS = [
    ("tsml-ui_sussexaa.json", "Sample meetings, Delaware (demo)", Program.OTHER, "America/New_York"),
    ("tsml-ui_al-anon.json", "Sample family meetings (demo)", Program.OTHER, "America/New_York"),
]

# Near the Delaware sample meetings, so "near my saved place" has something to show.
DEMO_PLACE = ("Home", [38.7186, -75.0780])

# Regular meetings from the sample feeds (by slug), and how often each person made it lately.
REGULARS = {
    "client1": (  # Robin: three evening meetings near home and an online one
        "seaside-monday",
        "daily-reflections-tuesday",
        "lewes-beach-group",
        "friday-night-step",
    ),
    "partner": ("6139-one-day-at-a-time-afg",),  # Sam: a family group, online
}
SHOWED_UP = {"client1": 0.85, "partner": 0.7}
WEEKS_BACK = 6
NINETY_STARTED_DAYS_AGO = 38
"""Robin began a 90-in-90 a little over five weeks ago."""

PRIVATE_ENTRY = {
    "private_name": "Thursday therapy group",
    "private_day": 4,
    "private_time": datetime.time(18, 0),
    "private_end_time": datetime.time(19, 30),
    "where": "Lakeside Counselling, room 2",
}


REACHING_OUT = ("client1", "client2", "client3", "sponsor")
QUIET_DAYS = {"client2": 12}
"""Jordan has not reached out for twelve days: the isolation shows."""


def contribute(people, rng, days):
    reaching_out(people, rng, days)
    meetings(people, rng, days)
    step_work(people["client1"], days)


STEP_WORK = (
    ("1a", "Evenings alone online, and the sleep it took from me."),
    ("1b", "I said Monday would be different more times than I can count."),
    ("1c", "Work, sleep, and the trust at home."),
    ("1d", "That it was harmless and nobody would know."),
    ("1e", "Relief, mostly, and some fear."),
    ("2a", "Quiet evenings, honest talks, feeling rested."),
)
"""Robin's step-work answers, fictional and plain, one made ready every ten days or so."""


def step_work(robin, days):
    now = timezone.now()
    for n, (prompt, text) in enumerate(STEP_WORK):
        answer = StepAnswer.objects.create(owner=robin, step=int(prompt[0]), prompt=prompt, text=text, is_draft=False)
        back = max(days - 10 - 12 * n, 1) if n < len(STEP_WORK) - 1 else 3
        StepAnswer.objects.filter(pk=answer.pk).update(updated_at=now - datetime.timedelta(days=back))


def reaching_out(people, rng, days):
    """A friend for each person in recovery, and a call, text or coffee every two or three days."""
    for key in REACHING_OUT:
        user = people[key]
        friend = Contact.objects.create(owner=user, name=rng.choice(["Jamie", "Chris", "Taylor"]), role="friend")
        today = user.local_today()
        for back in range(QUIET_DAYS.get(key, 0), days, rng.choice([2, 3])):
            Outreach.objects.create(
                owner=user,
                contact=friend,
                kind=rng.choice(["call", "text", "coffee"]),
                direction=rng.choice(["out", "out", "in"]),
                date=today - datetime.timedelta(days=back),
            )


def meetings(people, rng, days):
    for filename, name, program, zone in DEMO_FEEDS:
        feed, _ = Feed.objects.get_or_create(name=name, defaults={"program": program, "default_time_zone": zone})
        importer.import_bytes(feed, (FEEDS_DIR / filename).read_bytes(), name=filename)
    for key in ("client1", "partner"):
        label, coordinates = DEMO_PLACE
        if not SavedPlace.objects.filter(owner=people[key]).exists():
            SavedPlace.objects.create(owner=people[key], label=label, coordinates=coordinates)
    for key, slugs in REGULARS.items():
        schedule_and_attendance(people[key], slugs, rng, SHOWED_UP[key])
    robin = people["client1"]
    if not ScheduleEntry.objects.filter(owner=robin, meeting__isnull=True).exists():
        ScheduleEntry.objects.create(owner=robin, private_time_zone=robin.time_zone, **PRIVATE_ENTRY)
    prefs = FellowshipPrefs.for_user(robin)
    prefs.ninety_started_on = robin.local_today() - datetime.timedelta(days=NINETY_STARTED_DAYS_AGO)
    prefs.save()


def schedule_and_attendance(user, slugs, rng, showed_up: float) -> list[ScheduleEntry]:
    """Put these sample meetings in the person's week and log "I went" for most of the past
        weeks' occurrences (never today's: that one is still to come). Safe to run again: attendance
    is only written for a meeting just added."""
    found = {m.slug: m for m in Meeting.objects.listed().filter(slug__in=slugs, feed__name__endswith="(demo)")}
    added = [services.add_meeting(user, found[slug]) for slug in slugs if slug in found]
    new_entries = [entry for entry, created in added if created]  # a second run logs nothing more
    today = user.local_today()
    for back in range(1, WEEKS_BACK * 7 + 1):
        day = today - datetime.timedelta(days=back)
        for entry in new_entries:
            if entry.occurrence_on(day, user.zone) is not None and rng.random() < showed_up:
                services.mark_attended(user, entry, day)
    return [entry for entry, _created in added]


register(contribute, order=20)
