"""`manage.py demo_data`: the promised people, links and history, each app's part, a second run
that changes nothing, and demo code that stands on product code alone."""

import ast
import datetime
import random
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.test import Client

from tandem.accounts import demo as cast
from tandem.accounts.models import User
from tandem.core import demo
from tandem.fellowship import demo as fellowship_demo
from tandem.fellowship import services as fellowship
from tandem.fellowship.models import Attendance, Meeting, Outreach, SavedPlace, ScheduleEntry
from tandem.recovery.models import CheckIn, Slip
from tandem.sharing import gate, scopes
from tandem.sharing.models import Link
from tests.support.world import page_text

TANDEM = Path(__file__).resolve().parents[2]


def test_demo_data_makes_the_promised_people_and_history(db):
    out = StringIO()
    call_command("demo_data", "--days", "40", stdout=out)
    text = out.getvalue()
    for _key, email, name, roles, asked_for_mfa in cast.PEOPLE:
        person = User.objects.get(email=email)
        assert person.display_name == name
        assert person.role_set == set(roles)
        assert person.check_password(cast.PASSWORD)
        assert person.emailaddress_set.get().verified
        login_line = next(line for line in text.splitlines() if email in line)
        assert ("two-step sign-in" in login_line) == asked_for_mfa
    assert f"password for all: {cast.PASSWORD}" in text
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
    assert Meeting.objects.filter(is_online=True).exists()
    assert Meeting.objects.filter(is_in_person=True).exists()
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
    assert len(went) >= 10
    assert all(0 < (today - day).days <= 7 * fellowship_demo.WEEKS_BACK for day in went)
    ninety = fellowship.ninety(robin)
    assert ninety.started_on == today - datetime.timedelta(days=fellowship_demo.NINETY_STARTED_DAYS_AGO)
    assert not ninety.finished_window
    assert 10 <= ninety.meetings < 90

    browser = Client()
    browser.force_login(robin)
    schedule = page_text(browser.get("/schedule/"))
    assert "Seaside Step Monday" in schedule
    assert "Thursday therapy group" in schedule
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


def test_the_demo_links_share_what_the_story_says(db):
    call_command("demo_data", "--days", "10", stdout=StringIO())
    people = {key: User.objects.get(email=email) for key, email, *_rest in cast.PEOPLE}
    robin, therapist = people["client1"], people["therapist"]
    for key in cast.THERAPY_CLIENTS:
        link = Link.objects.get(owner=people[key], member=therapist, role="therapist", status="active")
        assert link.practice.name == cast.PRACTICE_NAME
        assert link.safety_alerts == (key == "client1")
        assert set(link.grants.values_list("scope", flat=True)) == set(scopes.defaults_for("therapist"))
    partner = Link.objects.get(owner=robin, member=people["partner"], status="active")
    assert (partner.role, set(partner.grants.values_list("scope", flat=True))) == ("partner", {"sobriety"})
    sponsor = Link.objects.get(owner=robin, member=people["sponsor"], status="active")
    assert set(sponsor.grants.values_list("scope", flat=True)) == set(scopes.defaults_for("sponsor"))
    assert Link.objects.count() == 5


def test_each_app_adds_its_part_in_order(db):
    call_command("demo_data", "--days", "30", stdout=StringIO())
    assert [part.__module__ for part in demo.contributions()] == [
        "tandem.recovery.demo",
        "tandem.fellowship.demo",
        "tandem.assessments.demo",
        "tandem.therapy.demo",
        "tandem.couple.demo",
    ]
    in_recovery = ("robin@demo.test", "jordan@demo.test", "casey@demo.test", "alex@demo.test")
    for email in in_recovery:  # recovery: a check-in a day; fellowship: a friend they reach out to
        assert CheckIn.objects.filter(owner__email=email).count() == 30
        assert Outreach.objects.filter(owner__email=email).exists()
    jordan = User.objects.get(email="jordan@demo.test")
    last_reached_out = Outreach.objects.filter(owner=jordan).latest("date").date
    assert (jordan.local_today() - last_reached_out).days >= 12  # Jordan has gone quiet lately


def _imported_modules(path: Path) -> set[str]:
    """The modules a file imports (each name imported from a module counts as a possible
    submodule of it), relative imports made absolute."""
    package = ".".join(path.relative_to(TANDEM.parent).with_suffix("").parts[:-1])
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(part for part in (base, node.module or "") if part)
            names.update(f"{module}.{alias.name}" for alias in node.names)  # `from x import submodule`
    return names


def test_the_demo_code_imports_no_test_helpers_or_allauth_internals():
    """Checked on each demo module's own imports; the `no-test-code` import contract
    (core/tests/test_layers.py) covers what those modules import in turn."""
    files = [*TANDEM.glob("*/demo.py"), TANDEM / "accounts/management/commands/demo_data.py"]
    assert len(files) >= 4
    for path in files:
        for name in _imported_modules(path):
            parts = name.split(".")
            assert parts[0] != "tests", (path, name)
            assert "tests" not in parts, (path, name)
            assert "testdata" not in parts, (path, name)
            assert name != "tandem.core.testing", (path, name)
            assert not (parts[0] == "allauth" and "internal" in parts), (path, name)
