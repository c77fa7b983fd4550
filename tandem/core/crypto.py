"""Encryption at rest for health text.

Uses `cryptography`'s MultiFernet (AES-128-CBC with HMAC-SHA256, authenticated): the first key
of TANDEM_ENCRYPTION_KEYS encrypts, every key decrypts, and `rotate` re-encrypts under the
first. We keep our own small field on top of it because the Django encrypted-field libraries we
know either return ciphertext silently when decryption fails or derive keys from SECRET_KEY;
here a failure to decrypt raises, loudly.
"""

import json
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "enc1:"


class DecryptionError(Exception):
    """A stored value could not be decrypted with any key in the ring."""


@lru_cache(maxsize=4)
def _ring(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(
            "TANDEM_ENCRYPTION_KEYS must be a comma-separated list of Fernet keys "
            "(generate one with `python manage.py generate_encryption_key`)."
        ) from error


def key_ring() -> MultiFernet:
    keys = tuple(settings.TANDEM_ENCRYPTION_KEYS)
    if not keys:
        raise ImproperlyConfigured("TANDEM_ENCRYPTION_KEYS is empty")
    return _ring(keys)


def encrypt(plaintext: str) -> str:
    return PREFIX + key_ring().encrypt(plaintext.encode()).decode()


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        raise DecryptionError("value is not in the encrypted format")
    try:
        return key_ring().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken:
        raise DecryptionError("no key in TANDEM_ENCRYPTION_KEYS decrypts this value") from None


def rotate(stored: str) -> str:
    """Re-encrypt a stored value under the newest key."""
    if not stored.startswith(PREFIX):
        raise DecryptionError("value is not in the encrypted format")
    try:
        return PREFIX + key_ring().rotate(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken:
        raise DecryptionError("no key in TANDEM_ENCRYPTION_KEYS decrypts this value") from None


class EncryptedTextField(models.TextField):
    """Free text stored encrypted. Not searchable or orderable in SQL, by design.

    Empty strings are stored empty (nothing to hide, and forms stay simple); None stays None.
    """

    description = "Text encrypted at rest"

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)

    def to_python(self, value):
        return value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))


class EncryptedJSONField(models.TextField):
    """A JSON value stored encrypted (for structured health content such as answer lists)."""

    description = "JSON encrypted at rest"

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return None
        return json.loads(decrypt(value))

    def to_python(self, value):
        return value

    def get_prep_value(self, value):
        if value is None:
            return None
        return encrypt(json.dumps(value, sort_keys=True))


def encrypted_fields(model) -> list[str]:
    return [
        field.attname
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedTextField | EncryptedJSONField)
    ]
