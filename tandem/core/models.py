from django.db import models

from .crypto import EncryptedTextField


class KeyCanary(models.Model):
    """One known value encrypted under the key ring, so a wrong or missing key is caught at
    start-up (system check `tandem.E001`) instead of on someone's 2 a.m. check-in."""

    value = EncryptedTextField()
    created_at = models.DateTimeField(auto_now_add=True)

    EXPECTED = "tandem-key-canary"

    def __str__(self):
        return f"key canary #{self.pk}"
