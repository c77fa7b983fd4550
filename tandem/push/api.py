"""What other apps use to reach a person's devices (the reminders app calls send_to_person).

Nothing here raises to the caller: a device that cannot be reached is logged and counted, a
subscription the push service says is gone (404/410) is deleted, and push being off (no key, or
a key that does not parse) reaches no device.
"""

import json
import logging

import requests
from django.utils import timezone
from pywebpush import WebPushException, webpush

from .endpoints import EndpointRefused, PublicOnlyAdapter, check_endpoint
from .keys import server_key_or_none
from .models import PushSubscription

log = logging.getLogger(__name__)

TTL_SECONDS = 4 * 60 * 60
"""How long a push service keeps a reminder for a device that is off: a few hours, after which
the reminder is no longer useful."""
TIMEOUT_SECONDS = 10
GONE = {404, 410}


class _PushSession(requests.Session):
    """A push service answers; it never sends us elsewhere. Following a redirect would let an
    endpoint point our server at an address the allow-list never saw. Connections check the
    address they reached (endpoints.PublicOnlyAdapter)."""

    def __init__(self):
        super().__init__()
        self.mount("https://", PublicOnlyAdapter())
        self.mount("http://", PublicOnlyAdapter())

    def request(self, *args, **kwargs):
        kwargs["allow_redirects"] = False
        return super().request(*args, **kwargs)


def payload(*, title: str, body: str, url: str, tag: str) -> str:
    """The JSON the service worker shows: exactly these four keys."""
    return json.dumps({"title": title, "body": body, "url": url, "tag": tag})


def is_available() -> bool:
    """Whether push is configured here (a key that parses)."""
    return server_key_or_none() is not None


def public_key() -> str | None:
    """The browser's `applicationServerKey`, or None when push is off."""
    key = server_key_or_none()
    return key.public_key if key else None


def devices_of(user) -> list[PushSubscription]:
    return list(PushSubscription.objects.filter(owner=user))


def send_to_person(user, *, title: str, body: str, url: str, tag: str) -> int:
    """Push one message to every device of `user`; the number of devices that accepted it."""
    key = server_key_or_none()
    if key is None:
        return 0
    data = payload(title=title, body=body, url=url, tag=tag)
    reached = 0
    with _PushSession() as session:
        for subscription in PushSubscription.objects.filter(owner=user):
            if _send_one(subscription, data, key, session):
                reached += 1
    return reached


def _send_one(subscription: PushSubscription, data: str, key, session) -> bool:
    if subscription.needs_renewal(key.fingerprint):
        log.info("push: subscription %s was made with an older server key; it must subscribe again", subscription.pk)
        return False
    try:
        check_endpoint(subscription.endpoint)
    except EndpointRefused as refused:
        log.warning("push: not sending to subscription %s: %s", subscription.pk, refused)
        return False
    try:
        webpush(  # answers above 202, an unfollowed redirect included, raise WebPushException
            subscription.subscription_info(),
            data=data,
            vapid_private_key=key.vapid,
            vapid_claims={"sub": key.subject},  # a fresh dict each time: pywebpush fills it in
            ttl=TTL_SECONDS,
            timeout=TIMEOUT_SECONDS,
            requests_session=session,
        )
    except WebPushException as error:
        status = getattr(error.response, "status_code", None)
        if status in GONE:
            log.info("push: subscription %s is gone (%s); removed", subscription.pk, status)
            subscription.delete()
        else:
            log.warning("push: sending to subscription %s did not work (%s)", subscription.pk, status or error)
        return False
    except (requests.RequestException, OSError, ValueError) as error:
        log.warning("push: sending to subscription %s did not work (%s)", subscription.pk, type(error).__name__)
        return False
    PushSubscription.objects.filter(pk=subscription.pk).update(last_success_at=timezone.now())
    return True
