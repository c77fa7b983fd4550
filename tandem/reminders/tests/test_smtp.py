"""Reminder emails through a real SMTP server started by the test (aiosmtpd on a free port)."""

import datetime

import pytest
import time_machine
from django.test import override_settings

from tandem.reminders import delivery
from tandem.reminders.channels import message_id
from tandem.reminders.models import Delivery, Status

from .conftest import prefs_for
from .smtp_sink import SMTPServer, free_port

pytestmark = pytest.mark.django_db
DUE = datetime.datetime(2026, 6, 10, 12, 0, tzinfo=datetime.UTC)  # 08:00 in New York


@pytest.fixture
def smtp():
    with SMTPServer() as server, override_settings(**server.settings()):
        yield server


def test_reminders_go_over_smtp_once_each_with_a_stable_message_id(smtp, person):
    prefs_for(person, checkin_email=True)
    other = person.__class__.objects.create_user(
        email="kim@example.test", password="x" * 12, display_name="Kim", time_zone="Europe/Madrid"
    )
    prefs_for(other, checkin_email=True, daily_time=datetime.time(14, 0))  # 12:00 UTC in June
    with time_machine.travel(DUE + datetime.timedelta(minutes=1), tick=False):
        delivery.scan()
        assert delivery.send_pending("w") == {Status.SENT: 2}
        delivery.scan()
        assert delivery.send_pending("w") == {}
    received = smtp.sink.messages
    assert sorted(m["To"] for m in received) == ["kim@example.test", "sam@example.test"]
    assert len(set(smtp.sink.message_ids)) == 2
    for message in received:
        assert message["Subject"] == "You have a reminder"
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert "/reminders/stop/" in message["List-Unsubscribe"]
        assert "/reminders/stop/" in message.get_payload()
    # The Message-ID is the delivery's own: a resend after a crash would carry the same one.
    assert {message_id(d) for d in Delivery.objects.all()} == set(smtp.sink.message_ids)


def test_an_unreachable_mail_server_leaves_the_reminder_waiting_and_the_worker_running(person):
    prefs_for(person, checkin_email=True)
    second = person.__class__.objects.create_user(
        email="lee@example.test", password="x" * 12, display_name="Lee", time_zone="America/New_York"
    )
    prefs_for(second, checkin_email=True)
    dead = {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_HOST": "127.0.0.1"}
    with (
        override_settings(**dead, EMAIL_PORT=free_port(), EMAIL_USE_TLS=False, EMAIL_TIMEOUT=2),
        time_machine.travel(DUE + datetime.timedelta(minutes=1), tick=False),
    ):
        delivery.scan()
        assert delivery.send_pending("w") == {Status.PENDING: 2}  # one try, then the rest given back
    assert set(Delivery.objects.values_list("status", "attempts")) == {(Status.PENDING, 1)}
    assert Delivery.objects.filter(error="mail").count() == 1
    with SMTPServer() as server, override_settings(**server.settings()):
        with time_machine.travel(DUE + datetime.timedelta(minutes=2), tick=False):
            assert delivery.send_pending("w") == {Status.SENT: 2}
        assert len(server.sink.message_ids) == 2
