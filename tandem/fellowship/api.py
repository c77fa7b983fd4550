"""What other apps may ask of the fellowship part (recovery's check-in and warning signs,
the dashboard, the caseload). Owned and implemented by the fellowship app."""

import datetime


def last_contact_date(user) -> datetime.date | None:
    """The local date of the person's last attended meeting or logged outreach, if any."""
    return None


def meetings_attended_on(user, day: datetime.date) -> int:
    """How many meetings the person logged as attended on their local date `day`."""
    return 0


def outreach_on(user, day: datetime.date) -> int:
    """How many calls/texts/emails/coffees the person logged on their local date `day`."""
    return 0


def todays_meetings(user) -> list:
    """The person's scheduled meetings for their local today, each with .name, .local_start, .url."""
    return []
