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

from tandem.recovery import caseload as recovery_caseload
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
    by_day = CaseloadFacts.objects.filter(owner__in=kept).values_list("signs_by_day", flat=True)
    assert all(bits & 63 & recovery_caseload.KNOWN for bits in by_day)
    assert 0 < sum(1 for bits in by_day if bits & 63 == recovery_caseload.KNOWN) < len(kept)  # quiet, and not
    # Every day the kept facts say which signs show (recovery.caseload.SIGN_DAYS), and after.
    for days in (1, 2, 3, 5, 7, 8, 30):
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


def test_removing_the_last_check_in_and_putting_a_program_away_show_at_once(
    world, kept, django_capture_on_commit_callbacks
):
    """The last check-in and the last slip are kept too: both go back when their record goes."""
    from tandem.recovery.models import CheckIn, Program

    shown = _view(world.therapist)
    client = next(c for c in kept if "slip" in _flags(shown, c) and shown[c.pk][2] == c.local_today())
    with django_capture_on_commit_callbacks(execute=True):
        CheckIn.objects.get(owner=client, local_date=client.local_today()).delete()
    after = _same(world, kept)
    assert after[client.pk][2] == client.local_today() - DAY

    with django_capture_on_commit_callbacks(execute=True):
        program = Program.objects.get(owner=client)
        program.archived = True
        program.save()
    assert "slip" not in _flags(_same(world, kept), client)


def test_the_first_view_from_kept_facts_costs_the_same_queries_for_5_and_300_clients(
    world, django_capture_on_commit_callbacks
):
    """Pinned: with every client's facts kept, the first view of the day reads no window of
    check-ins, no middle-circle days, no last meeting or call, no last check-in and no recent
    slip — the profiles with their kept facts in one join — whatever the number of clients."""
    from django.test import Client

    from tests.support.world import make_user

    counts, records = {}, {}
    for n in (5, 300):
        therapist = make_user(f"pin{n}@example.test", f"Dr Pin {n}", "therapist", practice=world.practice_a, mfa=True)
        with django_capture_on_commit_callbacks(execute=True):
            clients = populate(therapist, n, days=30, label=f"pin{n}-")
        assert _all_fresh(clients)
        browser = Client()
        browser.force_login(therapist)
        browser.get("/caseload/")  # sessions and first-use lookups settle
        caches[derived.CACHE].clear()
        with CaptureQueriesContext(connection) as first:
            assert browser.get("/caseload/").status_code == 200
        sql = " ".join(q["sql"] for q in first.captured_queries)
        for table in ('"recovery_checkinitem"', '"fellowship_attendance"', '"fellowship_outreach"'):
            assert table not in sql, table  # (the page's sobriety summaries read its 25 rows' check-ins)
        counts[n] = len(first.captured_queries)
        derived.touch(*(c.pk for c in clients))  # not committed here: stale, so read from the records
        caches[derived.CACHE].clear()
        with CaptureQueriesContext(connection) as stale:
            assert browser.get("/caseload/").status_code == 200
        records[n] = len(stale.captured_queries)
    assert counts == {5: 15, 300: 15}, "the first view's query budget from kept facts (docs/therapy.md)"
    assert records == {5: 20, 300: 20}, "and from the records"


def test_sign_sentences_are_worked_out_only_when_read(world, kept, monkeypatch):
    """From kept facts the view knows which signs show without decoding anything; a sign's
    sentence is worked out (once per client) when it is read, and says what the records say."""
    decoded = []
    real = recovery_caseload._facts_from_kept
    monkeypatch.setattr(recovery_caseload, "_facts_from_kept", lambda *args: decoded.append(1) or real(*args))
    caches[derived.CACHE].clear()
    found = {r.client.pk: r for r in caseload.rows(world.therapist)}
    assert not decoded
    row = next(found[c.pk] for c in kept if len({"urges", "middle", "missed", "isolation"} & found[c.pk].flag_keys) > 1)
    details = [str(f.detail) for f in row.flags]
    assert len(decoded) == 1
    assert details == [detail for _key, detail in _from_records(world.therapist)[row.client.pk][1]]


def test_several_writes_in_one_transaction_keep_the_facts_once(
    world, kept, monkeypatch, django_capture_on_commit_callbacks
):
    from tandem.recovery.models import CheckIn, Program
    from tandem.recovery.services import log_slip

    calls = []
    real = recovery_caseload.keep_facts
    monkeypatch.setattr(recovery_caseload, "keep_facts", lambda ids: calls.append(tuple(ids)) or real(ids))
    first, second = kept[0], kept[1]
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for client in (first, second, first):
            checkin = CheckIn.objects.filter(owner=client).latest("local_date")
            checkin.urge_level = 9
            checkin.save()
        log_slip(first, Program.objects.get(owner=first), timezone.now(), behaviour=None, chain_trigger="test")
    assert calls == [(first.pk, second.pk)]
    _same(world, kept)


def test_people_without_a_therapist_have_no_facts_kept(world, kept, django_capture_on_commit_callbacks):
    """Only a caseload reads them: someone with no active therapist link costs no keeping; should
    a therapist come, their records are read until their next write."""
    from tandem.recovery.models import CheckIn
    from tandem.sharing.models import Link, LinkStatus

    client = kept[0]
    kept_stamp = CaseloadFacts.objects.get(owner=client).stamp
    Link.objects.filter(owner=client).update(status=LinkStatus.ENDED)
    with django_capture_on_commit_callbacks(execute=True):
        checkin = CheckIn.objects.filter(owner=client).latest("local_date")
        checkin.urge_level = 9
        checkin.save()
    assert CaseloadFacts.objects.get(owner=client).stamp == kept_stamp  # not kept anew: stale
    Link.objects.filter(owner=client).update(status=LinkStatus.ACTIVE)
    assert _view(world.therapist) == _from_records(world.therapist)
    assert _view(world.therapist)[client.pk][2] == checkin.local_date


def test_a_failure_to_keep_the_facts_never_undoes_or_breaks_the_write(
    world, kept, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    """The write is committed before the facts are kept: if keeping them fails, the person's save
    still succeeds, the failure is logged, and the caseload reads that client's records."""
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


def test_facts_kept_under_other_warning_sign_rules_are_read_from_the_records(world, kept, monkeypatch):
    """After a release that changes a threshold, the kept signs say what the old rules said: such
    rows count as stale, so the caseload shows what the new rules say (and never fails)."""
    assert set(CaseloadFacts.objects.values_list("rules", flat=True)) == {recovery_caseload.SIGN_RULES}
    flagged = next(c for c in kept if "urges" in _flags(_view(world.therapist), c))
    monkeypatch.setattr(recovery_caseload.insights, "URGE_MARGIN", 50.0)  # no urge can rise that far
    monkeypatch.setattr(recovery_caseload, "SIGN_RULES", "a-newer-release")

    shown = _view(world.therapist)

    assert "urges" not in _flags(shown, flagged)
    assert shown == _from_records(world.therapist)


def test_a_kept_sign_the_facts_no_longer_give_reads_as_empty_text_not_an_error(world, kept):
    later = recovery_caseload._Later(kept[0].pk, {"urge": [], "middle": [], "contact": None, "first": 0}, None, 0,
                                     kept[0].local_today(), False)  # fmt: skip
    assert later.get("urges_rising", "title") == ""
