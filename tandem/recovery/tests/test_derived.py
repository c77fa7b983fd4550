"""The dashboard keeps what it derived until the history changes: every write shows at once."""

import datetime
import uuid

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from tandem.fellowship.models import Attendance, Outreach
from tandem.recovery import derived, services
from tandem.recovery.models import CaseloadFacts, RecoveryProfile

from .conftest import earlier_today

D = datetime.timedelta(days=1)
URL = reverse("recovery_dashboard")


def page(client, url=URL) -> str:
    """The page's main content (the CSP nonce in the head differs on every response)."""
    text = client.get(url).content.decode().replace('</span><span class="stat-label">', " ")
    return text[text.index("<main") : text.index("</main>")]


@pytest.fixture
def quiet(owner, program):
    """Ten days in, no meeting or call logged: the isolation sign shows (the limit is 5 days)."""
    RecoveryProfile.objects.filter(owner=owner).update(started_on=owner.local_today() - 10 * D)


def stamp(user):
    return RecoveryProfile.objects.get(owner=user).stamp


def test_every_owned_recovery_record_is_a_source():
    owned = {
        model._meta.label
        for model in apps.get_app_config("recovery").get_models()
        if any(f.name == "owner" for f in model._meta.fields) and model not in (RecoveryProfile, CaseloadFacts)
    }  # the profile touches itself; the caseload's kept facts are derived, written after a touch
    covered = set(derived.SOURCES) | set(derived.WRITTEN_WITH_PARENT)
    assert owned <= covered, owned - covered
    for child, parent_field in derived.WRITTEN_WITH_PARENT.items():
        parent = apps.get_model(child)._meta.get_field(parent_field).related_model
        assert parent._meta.label in derived.SOURCES


def test_a_check_in_edit_touches_the_stamp_once(owner, program, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def write():
        triggers = services.triggers_of(owner)[:3]
        services.save_checkin(
            owner,
            program,
            owner.local_today(),
            stayed_out=True,
            urge_level=2,
            items=[],
            triggers=triggers,
            feelings=[],
            meetings=0,
            calls=0,
            gratitude="",
            note="",
        )

    write()
    with CaptureQueriesContext(connection) as ctx:
        write()
    touches = [q for q in ctx.captured_queries if 'UPDATE "recovery_recoveryprofile"' in q["sql"]]
    assert len(touches) == 1


def test_erasing_a_person_does_not_renew_each_row(owner, program):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tandem.recovery.demo import build_history

    build_history(owner, 60)
    with CaptureQueriesContext(connection) as ctx:
        owner.delete()
    assert not [q for q in ctx.captured_queries if 'UPDATE "recovery_recoveryprofile"' in q["sql"]]
    assert not RecoveryProfile.objects.filter(owner_id=owner.pk).exists()


def test_saving_and_deleting_a_source_changes_the_stamp(owner, program):
    before = stamp(owner)
    outreach = Outreach.objects.create(owner=owner, kind="call", date=owner.local_today())
    after_save = stamp(owner)
    outreach.delete()
    assert len({before, after_save, stamp(owner)}) == 3


def test_a_profile_save_changes_the_stamp_even_with_update_fields(owner, program):
    profile = RecoveryProfile.objects.get(owner=owner)
    before = profile.stamp
    profile.isolation_days = 9
    profile.save(update_fields=["isolation_days"])
    assert stamp(owner) != before


def test_a_second_view_reuses_the_work(owner_client, owner, program, django_assert_max_num_queries):
    first = page(owner_client)
    with django_assert_max_num_queries(4):
        second = page(owner_client)
    assert first == second


def test_a_slip_shows_at_once(owner_client, owner, program):
    assert "10 days in your current streak" in page(owner_client)
    services.log_slip(owner, program, earlier_today(owner), behaviour=None)
    text = page(owner_client)
    assert "10 days in your current streak" not in text
    assert "0 days in your current streak" in text


def test_an_urge_shows_at_once(owner_client, owner, program):
    assert "No urges logged in the last 365 days." in page(owner_client)
    services.log_urge(owner, occurred_at=earlier_today(owner), intensity=6)
    assert "No urges logged in the last 365 days." not in page(owner_client)


def test_a_meeting_added_to_the_schedule_shows_at_once(owner_client, owner, program):
    from tandem.fellowship.models import ScheduleEntry

    assert "Today's meetings" not in page(owner_client)
    today = owner.local_today()
    ScheduleEntry.objects.create(
        owner=owner,
        private_name="Evening circle",
        private_day=today.isoweekday() % 7,  # Meeting Guide numbering: 0 is Sunday
        private_time=datetime.time(19, 30),
        private_time_zone=owner.time_zone,
    )
    text = page(owner_client)
    assert "Today's meetings" in text
    assert "Evening circle" in text


@pytest.mark.parametrize("contact", ["meeting", "call"])
def test_a_meeting_or_a_call_ends_the_isolation_sign_at_once(owner_client, owner, quiet, contact):
    assert "<h3>Isolation</h3>" in page(owner_client)
    if contact == "meeting":
        Attendance.objects.create(owner=owner, date=owner.local_today(), label="Tuesday group")
    else:
        Outreach.objects.create(owner=owner, kind="call", date=owner.local_today())
    assert "<h3>Isolation</h3>" not in page(owner_client)


def test_a_settings_change_shows_at_once(owner_client, owner, quiet):
    assert "<h3>Isolation</h3>" in page(owner_client)
    profile = services.profile_of(owner)
    profile.isolation_days = 30
    profile.save()
    assert "<h3>Isolation</h3>" not in page(owner_client)


def test_a_new_day_is_computed_afresh(owner, program):
    profile = services.profile_of(owner)
    today = owner.local_today()
    days = [derived.dashboard(owner, profile, day, 30)["summaries"][0].streak_days for day in (today, today + D)]
    assert days[1] == days[0] + 1


def test_each_span_is_kept_apart(owner_client, owner, program):
    assert "Urge level, last 30 days" in page(owner_client)
    assert "Urge level, last 90 days" in page(owner_client, URL + "?range=90")
    assert "Urge level, last 30 days" in page(owner_client)


def test_people_never_share_an_entry(world, owner, program):
    from .conftest import make_program

    other = world.other_client
    make_program(other, sobriety_date=other.local_today() - 400 * D)
    RecoveryProfile.objects.filter(owner__in=[owner, other]).update(stamp=uuid.UUID(int=1))
    mine = derived.dashboard(owner, services.profile_of(owner), owner.local_today(), 30)
    theirs = derived.dashboard(other, services.profile_of(other), other.local_today(), 30)
    assert mine["summaries"][0].streak_days == 10
    assert theirs["summaries"][0].streak_days == 400


def test_derived_health_data_stays_in_process_memory():
    assert settings.CACHES["derived"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
