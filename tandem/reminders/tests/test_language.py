"""Reminders go out in the recipient's language, whatever the worker's (docs/i18n.md): the
email's subject, body and stop line, the push text (discreet in Spanish too), the stop page."""

import datetime
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tandem.accounts.models import User
from tandem.reminders import channels, delivery
from tandem.reminders.content import stop_token

from .conftest import prefs_for

DUE = datetime.datetime(2026, 6, 10, 12, 0, tzinfo=datetime.UTC)  # 08:00 in New York
pytestmark = pytest.mark.django_db


def send_as_worker(worker_language):
    with (
        time_machine.travel(DUE + datetime.timedelta(minutes=1), tick=False),
        translation.override(worker_language),
        mock.patch.object(channels.push_api, "send_to_person", return_value=1) as push,
    ):
        delivery.scan()
        delivery.send_pending("w")
        assert translation.get_language() == worker_language  # the worker's own language is left as it was
    return push


def speaks(person, language):
    User.objects.filter(pk=person.pk).update(language=language)


def test_a_spanish_speaker_gets_a_discreet_reminder_in_spanish_from_an_english_worker(person):
    speaks(person, "es")
    prefs_for(person, checkin_email=True, checkin_push=True)
    push = send_as_worker("en")
    [message] = mail.outbox
    assert message.subject == "Tienes un recordatorio"
    assert "Ábrelo cuando te venga bien." in message.body
    assert "Para dejar de recibir estos recordatorios, abre este enlace" in message.body
    assert "To stop" not in message.body
    assert push.call_args.kwargs["title"] == "Tienes un recordatorio"
    assert push.call_args.kwargs["body"] == "Ábrelo cuando te venga bien."


def test_a_detailed_reminder_names_the_kind_in_spanish(person):
    speaks(person, "es")
    prefs_for(person, checkin_email=True, checkin_push=True, show_details=True)
    push = send_as_worker("en")
    assert mail.outbox[0].subject == "Es hora de tu registro del día"
    assert push.call_args.kwargs["title"] == "Es hora de tu registro del día"


@pytest.mark.parametrize("chosen", ["en", "", "xx"])
def test_an_english_speaker_gets_english_from_a_spanish_worker(person, chosen):
    speaks(person, chosen)  # English, following the browser (no browser here: English), or a code we do not speak
    prefs_for(person, checkin_email=True, checkin_push=True)
    push = send_as_worker("es")
    [message] = mail.outbox
    assert message.subject == "You have a reminder"
    assert "To stop these reminders, open this link (no need to sign in):" in message.body
    assert push.call_args.kwargs["title"] == "You have a reminder"


def test_two_people_in_one_batch_each_get_their_own_language(person):
    other = User.objects.create_user(email="ana@example.test", password="x" * 20, display_name="Ana")
    other.time_zone = person.time_zone
    other.language = "es"
    other.save()
    prefs_for(person, checkin_email=True)
    prefs_for(other, checkin_email=True)
    send_as_worker("en")
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects == {person.email: "You have a reminder", other.email: "Tienes un recordatorio"}


def test_the_stop_page_speaks_the_recipient_s_language(person):
    url = reverse("reminders_stop", args=[stop_token(person.pk)])
    speaks(person, "es")
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get(url)
    assert page.status_code == 200
    assert '<html lang="es">' in page.content.decode()
    assert "¿Detener todos los recordatorios?" in page.content.decode()
    stopped = Client(HTTP_ACCEPT_LANGUAGE="en").post(url).content.decode()
    assert "Recordatorios detenidos" in stopped
    # With no language chosen the page follows the browser; a broken link too.
    speaks(person, "")
    assert "Stop all reminders?" in Client(HTTP_ACCEPT_LANGUAGE="en").get(url).content.decode()
    assert "¿Detener todos los recordatorios?" in Client(HTTP_ACCEPT_LANGUAGE="es").get(url).content.decode()
    broken = Client(HTTP_ACCEPT_LANGUAGE="es").get(reverse("reminders_stop", args=["not-a-token"]))
    assert broken.status_code == 404
    assert "Este enlace no funciona" in broken.content.decode()
