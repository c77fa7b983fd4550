"""Marker seeder for the leak and encryption tests (tests/support/markers.py): a device's name
and its push address are the person's own ("private": nobody else ever sees them)."""

from tandem.push.models import PushSubscription
from tandem.push.tests.helpers import BrowserKeys


def seed_device(owner, marker):
    keys = BrowserKeys()
    return PushSubscription.save_for(
        owner,
        endpoint=f"https://fcm.googleapis.com/fcm/send/{marker}",
        p256dh=keys.p256dh,
        auth=keys.auth,
        label=f"Phone {marker}",
        fingerprint="0" * 32,
    )


SEEDERS = [("private", seed_device)]
