import datetime
import random
from io import StringIO

from django.core.management import call_command
from django.test import Client

from tandem.accounts.models import User
from tandem.core.testing import page_text
from tandem.fellowship import demo as fellowship_demo
from tandem.fellowship import services as fellowship
from tandem.fellowship.models import Attendance, Meeting, SavedPlace, ScheduleEntry
from tandem.recovery.models import CheckIn, Slip
from tandem.sharing import gate
from tandem.sharing.models import Link


def test_demo_data_makes_the_promised_people_and_history(db):
    out = StringIO()
    call_command("demo_data", "--days", "40", stdout=out)
    text = out.getvalue()
    for email in ("therapist@demo.test", "robin@demo.test", "jordan@demo.test", "casey@demo.test", "sam@demo.test"):
        assert email in text
    casey = User.objects.get(email="casey@demo.test")
    assert CheckIn.objects.filter(owner=casey).count() == 40
    assert Slip.objects.filter(owner=casey).exists()
    therapist = User.objects.get(email="therapist@demo.test")
    robin = User.objects.get(email="robin@demo.test")
    assert gate.visible_scopes(User.objects.get(email="sam@demo.test"), robin) == {"sobriety"}
    assert Link.objects.filter(owner=robin, member=therapist, status="active").exists()
    # The demo therapist has not set up two-step sign-in yet, so the gate still says no.
    assert robin not in gate.owners_sharing(therapist, "sobriety")
    # The finder, schedule and attendance have real-looking meetings, and Robin a saved place near them.
    assert Meeting.objects.filter(is_online=True).exists() and Meeting.objects.filter(is_in_person=True).exists()
    assert SavedPlace.objects.filter(owner=robin).exists()
    meetings = Meeting.objects.count()
    call_command("demo_data", stdout=StringIO())  # a second run changes nothing
    assert Meeting.objects.count() == meetings
    assert User.objects.filter(email__endswith="@demo.test").count() == 7


def _fellowship_counts():
    return (
        Meeting.objects.count(),
        ScheduleEntry.objects.count(),
        Attendance.objects.count(),
        SavedPlace.objects.count(),
    )


def test_the_demo_has_regular_meetings_attendance_and_a_ninety_under_way(db):
    call_command("demo_data", "--days", "40", stdout=StringIO())
    robin = User.objects.get(email="robin@demo.test")
    sam = User.objects.get(email="sam@demo.test")
    entries = list(ScheduleEntry.objects.filter(owner=robin))
    assert len([e for e in entries if e.meeting_id]) == len(fellowship_demo.REGULARS["client1"])
    assert any(e.is_private for e in entries)
    assert ScheduleEntry.objects.filter(owner=sam, meeting__isnull=False).exists()
    today = robin.local_today()
    went = list(Attendance.objects.filter(owner=robin).values_list("date", flat=True))
    assert len(went) >= 10 and all(0 < (today - day).days <= 7 * fellowship_demo.WEEKS_BACK for day in went)
    ninety = fellowship.ninety(robin)
    assert ninety.started_on == today - datetime.timedelta(days=fellowship_demo.NINETY_STARTED_DAYS_AGO)
    assert not ninety.finished_window and 10 <= ninety.meetings < 90

    browser = Client()
    browser.force_login(robin)
    schedule = page_text(browser.get("/schedule/"))
    assert "Seaside Step Monday" in schedule and "Thursday therapy group" in schedule
    assert f"day {ninety.day_number} of 90" in schedule
    assert "Seaside Step Monday" in page_text(browser.get("/schedule/attended/"))


def test_demo_data_runs_twice_and_its_fellowship_part_is_idempotent(db):
    call_command("demo_data", "--days", "30", stdout=StringIO())
    before = _fellowship_counts()
    out = StringIO()
    call_command("demo_data", "--days", "30", stdout=out)
    assert "already there" in out.getvalue()
    assert _fellowship_counts() == before
    # The contributor on its own, run again over the same people, adds nothing either.
    people = {"client1": User.objects.get(email="robin@demo.test"), "partner": User.objects.get(email="sam@demo.test")}
    fellowship_demo.meetings(people, random.Random(7), 30)
    assert _fellowship_counts() == before
