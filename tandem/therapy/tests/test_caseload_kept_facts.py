"""The caseload's facts kept on write (recovery.models.CaseloadFacts): after every kind of write
that changes what the caseload shows, the first view of the day built from the kept facts shows
exactly what a view read straight from the records shows — never a stale fact — and still only
what each client shares."""

import datetime

import pytest
from django.core.cache import caches
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tandem.recovery import derived
from tandem.recovery.models import CaseloadFacts, RecoveryProfile
from tandem.therapy import caseload
from tests.support.caseload import populate

from .helpers import DAY

pytestmark = pytest.mark.django_db


def _view(therapist) -> dict:
    """The caseload's rows as the first view of the day sees them: nothing kept in memory."""
    caches[derived.CACHE].clear()
    return {
        r.client.pk: (r.risk, [(f.key, f.detail) for f in r.flags], r.last_checkin) for r in caseload.rows(therapist)
    }


def _from_records(therapist) -> dict:
    """The same rows with no kept facts at all: everything read from the records."""
    with transaction.atomic():
        CaseloadFacts.objects.all().delete()
        found = _view(therapist)
        transaction.set_rollback(True)
    return found


def _all_fresh(clients) -> bool:
    stamps = dict(RecoveryProfile.objects.filter(owner__in=clients).values_list("owner_id", "stamp"))
    kept = dict(CaseloadFacts.objects.filter(owner__in=clients).values_list("owner_id", "stamp"))
    return stamps == kept


def _same(world, clients) -> dict:
    assert _all_fresh(clients), "every write keeps its facts after the commit"
    shown = _view(world.therapist)
    assert shown == _from_records(world.therapist)
    return shown


def _flags(shown, client) -> set[str]:
    return {key for key, _detail in shown[client.pk][1]}


@pytest.fixture
def kept(world, django_capture_on_commit_callbacks):
    """12 clients of Dr Lee with six weeks of history, their facts kept as a write keeps them."""
    with django_capture_on_commit_callbacks(execute=True):
        clients = populate(world.therapist, 12, days=40, label="kf")
    return clients


def test_the_kept_facts_give_the_same_caseload_as_the_records(world, kept):
    shown = _same(world, kept)
    found = set().union(*(_flags(shown, c) for c in kept))
    assert {"urges", "isolation", "missed", "middle", "slip"} <= found


def test_a_check_in_with_rising_urges_shows_at_once(world, kept, django_capture_on_commit_callbacks):
    from tandem.recovery.models import CheckIn, Program
    from tandem.recovery.services import save_checkin

    calm = next(c for c in kept if "urges" not in _flags(_view(world.therapist), c))
    program = Program.objects.get(owner=calm)
    today = calm.local_today()
    with django_capture_on_commit_callbacks(execute=True):
        for days_ago in range(6):
            day = today - days_ago * DAY
            CheckIn.objects.filter(owner=calm, local_date=day).delete()
            save_checkin(calm, program, day, stayed_out=True, urge_level=10, items=[], triggers=[], feelings=[],
                         meetings=0, calls=0, gratitude="", note="")  # fmt: skip
    shown = _same(world, kept)
    assert "urges" in _flags(shown, calm)
    assert shown[calm.pk][2] == today  # the last check-in


def test_a_meeting_a_slip_and_a_middle_circle_tick_show_at_once(world, kept, django_capture_on_commit_callbacks):
    from tandem.fellowship.models import Attendance
    from tandem.recovery.models import CheckIn, CheckInItem, CircleItem, Program
    from tandem.recovery.services import log_slip

    shown = _view(world.therapist)
    isolated = next(c for c in kept if "isolation" in _flags(shown, c))
    quiet = next(c for c in kept if "slip" not in _flags(shown, c))
    with django_capture_on_commit_callbacks(execute=True):
        Attendance.objects.create(owner=isolated, date=isolated.local_today(), label="Tuesday group")
    assert "isolation" not in _flags(_same(world, kept), isolated)

    with django_capture_on_commit_callbacks(execute=True):
        log_slip(quiet, Program.objects.get(owner=quiet), timezone.now() - DAY, behaviour=None, chain_trigger="test")
    assert "slip" in _flags(_same(world, kept), quiet)

    steady = next(c for c in kept if "middle" not in _flags(_same(world, kept), c))
    item = CircleItem.objects.get(owner=steady)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for checkin in CheckIn.objects.filter(owner=steady, local_date__gte=steady.local_today() - 10 * DAY):
            CheckInItem.objects.get_or_create(
                owner=steady, checkin=checkin, item=item, circle="middle", local_date=checkin.local_date
            )
            checkin.save()  # items are written with their check-in, whose save touches the stamp
    assert "middle" in _flags(_same(world, kept), steady)


def test_a_changed_limit_a_questionnaire_and_a_revoked_grant_show_at_once(
    world, kept, django_capture_on_commit_callbacks
):
    from tandem.assessments.tests.helpers import complete
    from tandem.sharing.models import Grant

    shown = _view(world.therapist)
    isolated = next(c for c in kept if "isolation" in _flags(shown, c))
    with django_capture_on_commit_callbacks(execute=True):
        profile = RecoveryProfile.objects.get(owner=isolated)
        profile.isolation_days = 60
        profile.save()
    assert "isolation" not in _flags(_same(world, kept), isolated)

    asked = next(c for c in kept if "questionnaire" not in _flags(shown, c))
    with django_capture_on_commit_callbacks(execute=True):
        complete(asked, "phq9", 2)  # 18: above the cut-off
    assert "questionnaire" in _flags(_same(world, kept), asked)

    rising = next(c for c in kept if "urges" in _flags(shown, c))
    Grant.objects.filter(link__owner=rising, scope="checkins").update(revoked_at=timezone.now())
    after = _same(world, kept)
    assert not {"urges", "missed", "middle", "isolation"} & _flags(after, rising)
    assert after[rising.pk][2] is None  # nothing of the check-ins is read any more


def test_days_later_the_kept_facts_still_give_the_records_answer(world, kept, monkeypatch):
    """No write since: the facts kept days ago, with today's date, show what the records show."""
    real_now = timezone.now
    for days in (1, 3, 8, 30):
        monkeypatch.setattr(timezone, "now", lambda days=days: real_now() + datetime.timedelta(days=days))
        _same(world, kept)


def test_a_view_on_an_earlier_date_than_the_facts_reads_the_records(world, kept):
    CaseloadFacts.objects.filter(owner__in=kept).update(as_of=timezone.localdate() + 5 * DAY)
    assert _view(world.therapist) == _from_records(world.therapist)


def test_the_first_view_reads_three_queries_fewer_with_kept_facts(world, kept, django_capture_on_commit_callbacks):
    """The window of check-ins and of middle-circle days is not read when the facts are kept
    (the last meeting or call neither); the caseload's budget is otherwise the same (20 / 17)."""
    ids = [c.pk for c in kept]
    caseload.rows(world.therapist)  # first-use lookups settle
    with django_capture_on_commit_callbacks(execute=True):
        derived.touch(*ids)
    caches[derived.CACHE].clear()
    with CaptureQueriesContext(connection) as with_facts:
        caseload.rows(world.therapist)
    derived.touch(*ids)  # not committed here: the facts are stale, so read from the records
    caches[derived.CACHE].clear()
    with CaptureQueriesContext(connection) as without:
        caseload.rows(world.therapist)
    assert len(without.captured_queries) - len(with_facts.captured_queries) == 3
    assert not any("recovery_checkinitem" in q["sql"] for q in with_facts.captured_queries)


def test_a_failure_to_keep_the_facts_never_undoes_or_breaks_the_write(
    world, kept, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    """The write is committed before the facts are kept: if keeping them fails, the person's save
    still succeeds, the failure is logged, and the caseload reads that client's records."""
    from tandem.recovery import caseload as recovery_caseload
    from tandem.recovery.models import CheckIn, Program
    from tandem.recovery.services import save_checkin

    def broken(owner_ids):
        raise RuntimeError("the database is locked")

    monkeypatch.setattr(recovery_caseload, "keep_facts", broken)
    client = kept[0]
    program = Program.objects.get(owner=client)
    today = client.local_today()
    CheckIn.objects.filter(owner=client, local_date=today).delete()
    with django_capture_on_commit_callbacks(execute=True):
        save_checkin(client, program, today, stayed_out=True, urge_level=9, items=[], triggers=[], feelings=[],
                     meetings=0, calls=0, gratitude="", note="")  # fmt: skip
    assert CheckIn.objects.filter(owner=client, local_date=today, urge_level=9).exists()
    assert "Could not keep the caseload facts" in caplog.text
    assert not _all_fresh([client])  # its facts are stale now ...
    shown = _view(world.therapist)
    assert shown == _from_records(world.therapist)  # ... so the caseload read its records
    assert shown[client.pk][2] == today
