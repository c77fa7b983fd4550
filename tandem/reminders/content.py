"""What a reminder says. Discreet unless the person opted into detail: the subject and the lock
screen say "You have a reminder", and nothing ever says what this site is for. Written in the
recipient's language (delivery.send_one writes it inside accounts.api.speaking)."""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import Kind

DISCREET = _("You have a reminder")
DETAIL = {
    Kind.CHECKIN: (_("Time for your daily check-in"), "checkin"),
    Kind.MEETING: (_("A meeting in your schedule starts soon"), "schedule"),
    Kind.FANOS: (_("Time for your FANOS check-in"), "fanos"),
    Kind.QUESTIONNAIRE: (_("A questionnaire is ready for you"), "assessments_index"),
    Kind.HOMEWORK: (_("Some homework is due"), "homework"),
    Kind.OUTREACH: (_("It has been a few days: who could you reach out to?"), "outreach"),
}
STOP_SALT = "reminders.stop"


@dataclass(frozen=True)
class Message:
    title: str
    body: str
    url: str
    stop_url: str
    tag: str


def absolute(path: str) -> str:
    return settings.TANDEM_BASE_URL + path


def stop_token(owner_id: int) -> str:
    return signing.dumps(owner_id, salt=STOP_SALT, compress=True)


def owner_of_stop_token(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=STOP_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def message_for(delivery, prefs) -> Message:
    detail, url_name = DETAIL[delivery.kind]
    title = str(detail if prefs.show_details else DISCREET)
    body = str(detail) if prefs.show_details else gettext("Open it when you're ready.")
    return Message(
        title=title,
        body=body,
        url=absolute(reverse(url_name)),
        stop_url=absolute(reverse("reminders_stop", args=[stop_token(delivery.owner_id)])),
        tag=f"reminder-{delivery.kind}",
    )
