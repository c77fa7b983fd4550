"""Exactly once, catch-up without a flood, quiet hours, broken data: with the clock pinned."""

import datetime
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.test import override_settings

from tandem.reminders import channels, content, delivery, kinds
from tandem.reminders.models import Delivery, Kind, Status

from .conftest import prefs_for

UTC = datetime.UTC
# 08:00 in New York on 2026-06-10 is 12:00 UTC.
DUE = datetime.datetime(2026, 6, 10, 12, 0, tzinfo=UTC)
pytestmark = pytest.mark.django_db


def at(moment):
    return time_machine.travel(moment, tick=False)


def test_a_due_check_in_is_one_row_however_many_scans(person):
    prefs_for(person, checkin_email=True)
    with at(DUE + datetime.timedelta(minutes=1)):
        delivery.scan()
        delivery.scan()
        delivery.scan()
    row = Delivery.objects.get()
    assert (row.kind, row.due_at, row.status) == (Kind.CHECKIN, DUE, Status.PENDING)


def test_two_workers_claim_disjoint_batches_and_each_reminder_is_sent_once(person):
    others = [
        prefs_for(
            person.__class__.objects.create_user(
                email=f"p{i}@example.test", password="x" * 12, display_name=f"P{i}", time_zone="America/New_York"
            ),
            checkin_email=True,
        )
        for i in range(5)
    ]
    assert len(others) == 5
    with at(DUE + datetime.timedelta(minutes=1)):
        delivery.scan()
        first = delivery.claim("worker-a", limit=3)
        second = delivery.claim("worker-b", limit=3)
        assert {d.pk for d in first}.isdisjoint({d.pk for d in second})
        delivery.send("worker-a", first)
        delivery.send("worker-b", second)
        assert delivery.claim("worker-c") == []
    assert len(mail.outbox) == 5
    assert len({m.extra_headers["Message-ID"] for m in mail.outbox}) == 5
    assert set(Delivery.objects.values_list("status", flat=True)) == {Status.SENT}


@override_settings(TANDEM_REMINDER_LEASE_SECONDS=60)
def test_a_worker_killed_mid_send_leaves_its_reminders_to_another_once_the_lease_ends(person):
    prefs_for(person, checkin_email=True)
    with at(DUE + datetime.timedelta(minutes=1)):
        delivery.scan()
        claimed = delivery.claim("killed-worker")  # …and the process dies before sending
        assert len(claimed) == 1
        assert delivery.claim("survivor") == []  # still leased: nobody else sends it
    with at(DUE + datetime.timedelta(minutes=3)):
        assert delivery.send_pending("survivor") == {Status.SENT: 1}
        # The dead worker's late "sent" mark (were it to come back) changes nothing.
        delivery._finish(claimed[0], "killed-worker", Status.SENT)
        assert delivery.send_pending("survivor") == {}
    assert len(mail.outbox) == 1
    assert Delivery.objects.get().worker == "survivor"


def test_after_downtime_only_the_latest_missed_reminder_of_a_kind_is_sent(person):
    prefs_for(person, checkin_email=True)
    # Down for three days; back at 09:00 New York: today's 08:00 check-in only.
    with at(DUE + datetime.timedelta(hours=1)):
        delivery.scan()
        delivery.send_pending("w")
    assert Delivery.objects.get().due_at == DUE
    assert len(mail.outbox) == 1


def test_a_missed_reminder_grown_stale_is_never_sent(person):
    prefs_for(person, checkin_email=True)
    with at(DUE + kinds.FRESH[Kind.CHECKIN] + datetime.timedelta(minutes=1)):
        assert delivery.scan() == 0


def test_a_meeting_that_has_started_is_not_reminded(person, monkeypatch):
    prefs_for(person, meeting_email=True, meeting_minutes=30)
    start = DUE + datetime.timedelta(minutes=20)
    monkeypatch.setattr(
        kinds.fellowship,
        "next_meeting_starts",
        lambda owner_ids, after: {person.pk: [(7, start)]} if after < start else {},
    )
    with at(DUE):  # 20 minutes before: due (30 minutes before) and fresh
        assert delivery.scan() == 1
    Delivery.objects.all().delete()
    with at(start + datetime.timedelta(minutes=1)):  # back after the start: nothing
        assert delivery.scan() == 0
    # Claimed before the start but sent after it: skipped, not sent late.
    with at(DUE):
        delivery.scan()
    with at(start + datetime.timedelta(seconds=1)):
        assert delivery.send_pending("w") == {Status.SKIPPED: 1}
    assert mail.outbox == []


def test_quiet_hours_hold_a_reminder_until_they_end(person):
    prefs_for(person, checkin_email=True, quiet_start=datetime.time(22, 0), quiet_end=datetime.time(8, 30))
    with at(DUE + datetime.timedelta(minutes=1)):  # 08:01 local: still quiet
        assert delivery.scan() == 0
    with at(DUE + datetime.timedelta(minutes=31)):  # 08:31: quiet is over, the 08:00 one comes
        assert delivery.scan() == 1


def test_a_stopped_person_gets_nothing(person):
    prefs_for(person, checkin_email=True, stopped=True)
    with at(DUE + datetime.timedelta(minutes=1)):
        assert delivery.scan() == 0


def test_one_person_s_broken_data_stops_neither_the_scan_nor_the_sending(person, monkeypatch):
    broken = person.__class__.objects.create_user(
        email="broken@example.test", password="x" * 12, display_name="B", time_zone="America/New_York"
    )
    prefs_for(person, checkin_email=True)
    prefs_for(broken, checkin_email=True, fanos_email=True)
    real = kinds.DUE[Kind.FANOS]

    def explode(prefs, now, context):
        raise ValueError("broken data")

    monkeypatch.setitem(kinds.DUE, Kind.FANOS, explode)
    with at(DUE + datetime.timedelta(minutes=1)):
        assert delivery.scan() == 1  # Sam's; the broken person's scan failed alone
        Delivery.objects.create(owner=broken, kind=Kind.CHECKIN, due_at=DUE, stale_at=DUE + datetime.timedelta(hours=1))
        real_message = content.message_for

        def message_for(d, prefs):
            if d.owner_id == broken.pk:
                raise KeyError("broken reminder")
            return real_message(d, prefs)

        monkeypatch.setattr(content, "message_for", message_for)
        counts = delivery.send_pending("w")
    assert counts == {Status.SENT: 1, Status.FAILED: 1}
    assert Delivery.objects.get(owner=broken).error == "broken"
    assert [m.to for m in mail.outbox] == [[person.email]]
    assert real is not explode


def test_a_push_failure_does_not_stop_the_email(person):
    prefs_for(person, checkin_email=True, checkin_push=True)
    with (
        at(DUE + datetime.timedelta(minutes=1)),
        mock.patch.object(channels.push_api, "send_to_person", side_effect=RuntimeError("push service down")),
    ):
        delivery.scan()
        assert delivery.send_pending("w") == {Status.SENT: 1}
    assert len(mail.outbox) == 1
    row = Delivery.objects.get()
    assert row.emailed
    assert not row.pushed


def test_push_gets_the_discreet_text_unless_the_person_opted_into_detail(person):
    prefs_for(person, checkin_push=True)
    with (
        at(DUE + datetime.timedelta(minutes=1)),
        mock.patch.object(channels.push_api, "send_to_person", return_value=1) as push,
    ):
        delivery.scan()
        delivery.send_pending("w")
    assert push.call_args.kwargs["title"] == "You have a reminder"
    assert "check-in" not in push.call_args.kwargs["body"]
    row = Delivery.objects.get()
    assert row.pushed
    assert not row.emailed


def test_an_already_done_check_in_is_not_reminded(person, monkeypatch):
    prefs_for(person, checkin_email=True)
    local_day = DUE.astimezone(person.zone).date()
    monkeypatch.setattr(kinds.recovery, "checked_in_on", lambda owners, dates: {(person.pk, local_day)})
    with at(DUE + datetime.timedelta(minutes=1)):
        assert delivery.scan() == 0


def test_the_email_is_discreet_by_default_and_detailed_when_chosen(person):
    prefs = prefs_for(person, checkin_email=True)
    with at(DUE + datetime.timedelta(minutes=1)):
        delivery.scan()
        delivery.send_pending("w")
        prefs.show_details = True
        prefs.save()
        Delivery.objects.all().delete()
        delivery.scan()
        delivery.send_pending("w")
    discreet, detailed = mail.outbox
    assert discreet.subject == "You have a reminder"
    assert "check-in" not in discreet.body
    assert detailed.subject == "Time for your daily check-in"
    for message in (discreet, detailed):
        for word in ("addiction", "recovery", "porn", "sex"):
            assert word not in (message.subject + message.body).lower()
        assert "/reminders/stop/" in message.extra_headers["List-Unsubscribe"]


def test_a_scan_of_check_ins_costs_the_same_queries_for_3_people_or_30(person, django_assert_num_queries):
    def people(count, start):
        for i in range(start, start + count):
            user = person.__class__.objects.create_user(
                email=f"q{i}@example.test", password="x" * 12, display_name=f"Q{i}", time_zone="Europe/Madrid"
            )
            prefs_for(user, checkin_email=True, daily_time=datetime.time(13, 0))

    people(3, 0)
    with at(DUE + datetime.timedelta(minutes=1)), django_assert_num_queries(4):  # prefs, done, made, insert
        assert delivery.scan() == 3
    people(27, 3)
    Delivery.objects.all().delete()
    with at(DUE + datetime.timedelta(minutes=1)), django_assert_num_queries(4):
        assert delivery.scan() == 30
