import hashlib
import hmac

from django.conf import settings
from django.db import models
from django.utils.translation import gettext

from tandem.core.crypto import EncryptedTextField


def endpoint_digest(endpoint: str) -> str:
    """A keyed hash of an endpoint: finds a device again (one row per browser) without storing
    the address in the clear."""
    return hmac.new(settings.SECRET_KEY.encode(), endpoint.encode(), hashlib.sha256).hexdigest()


class PushSubscription(models.Model):
    """One browser on one device that agreed to receive reminders. The endpoint and keys are
    what a push service needs to reach the device: encrypted, and left out of the export."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions")
    endpoint = EncryptedTextField()
    endpoint_digest = models.CharField(max_length=64, unique=True)
    p256dh = EncryptedTextField()
    auth = EncryptedTextField()
    label = EncryptedTextField(blank=True)
    key_fingerprint = models.CharField(max_length=32)
    created_at = models.DateTimeField(auto_now_add=True)
    last_success_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.label or gettext("Device %(number)s") % {"number": self.pk}

    def subscription_info(self) -> dict:
        """The shape pywebpush takes."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}

    def needs_renewal(self, fingerprint: str | None) -> bool:
        """Made with a server key that has since been replaced: the device must subscribe again."""
        return fingerprint is not None and self.key_fingerprint != fingerprint

    @classmethod
    def save_for(cls, owner, *, endpoint: str, p256dh: str, auth: str, label: str, fingerprint: str):
        """One row per browser: subscribing again (a new key, another person signed in on the
        same browser) replaces the row for that endpoint."""
        digest = endpoint_digest(endpoint)
        cls.objects.filter(endpoint_digest=digest).exclude(owner=owner).delete()
        subscription, _ = cls.objects.update_or_create(
            endpoint_digest=digest,
            defaults={
                "owner": owner,
                "endpoint": endpoint,
                "p256dh": p256dh,
                "auth": auth,
                "label": label,
                "key_fingerprint": fingerprint,
            },
        )
        return subscription
