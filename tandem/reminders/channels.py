"""The two ways a reminder reaches a person: email over SMTP, and web push through tandem.push.

A push failure never stops the email nor the worker: `push` catches and logs everything."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext

from tandem.push import api as push_api

logger = logging.getLogger(__name__)


def message_id(delivery) -> str:
    """The same Message-ID every time this delivery is sent, so a resend after a crash is
    recognisable as the same mail (and mail clients that de-duplicate show it once)."""
    digest = salted_hmac("tandem.reminders.message_id", str(delivery.pk), algorithm="sha256").hexdigest()[:20]
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
    return f"<r{delivery.pk}.{digest}@{domain}>"


def email(delivery, message, connection=None) -> EmailMessage:
    """Written in the language active around the call: the recipient's (delivery.send_one)."""
    stop = gettext("To stop these reminders, open this link (no need to sign in):")
    text = f"{message.body}\n\n{message.url}\n\n{stop}\n{message.stop_url}\n— {settings.TANDEM_SITE_NAME}\n"
    mail = EmailMessage(
        subject=message.title,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[delivery.owner.email],
        connection=connection,
        headers={
            "Message-ID": message_id(delivery),
            "List-Unsubscribe": f"<{message.stop_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    mail.send()
    return mail


def push(delivery, message) -> int:
    """Devices reached (0 when push is off or failed)."""
    try:
        return push_api.send_to_person(
            delivery.owner, title=message.title, body=message.body, url=message.url, tag=message.tag
        )
    except Exception:  # a push service's failure must not stop the email or the worker
        logger.warning("push for reminder %s failed", delivery.pk, exc_info=True)
        return 0
