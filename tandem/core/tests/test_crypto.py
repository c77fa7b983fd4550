import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from tandem.core import crypto
from tandem.core.checks import encryption_keys_decrypt
from tandem.core.models import KeyCanary

OLD = Fernet.generate_key().decode()
NEW = Fernet.generate_key().decode()


def raw_value(pk):
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM core_keycanary WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_text_round_trips_and_is_not_stored_in_the_clear(db):
    canary = KeyCanary.objects.create(value="I felt lonely after the call — ünïcödé")
    stored = raw_value(canary.pk)
    assert stored.startswith("enc1:")
    assert "lonely" not in stored
    assert KeyCanary.objects.get(pk=canary.pk).value == "I felt lonely after the call — ünïcödé"


def test_the_same_text_encrypts_differently_each_time():
    assert crypto.encrypt("same") != crypto.encrypt("same")


def test_a_wrong_key_fails_loudly_never_returning_ciphertext(db):
    canary = KeyCanary.objects.create(value="secret")
    with (
        override_settings(TANDEM_ENCRYPTION_KEYS=[Fernet.generate_key().decode()]),
        pytest.raises(crypto.DecryptionError),
    ):
        KeyCanary.objects.get(pk=canary.pk)


def test_tampered_ciphertext_fails_loudly(db):
    canary = KeyCanary.objects.create(value="secret")
    stored = raw_value(canary.pk)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_keycanary SET value = %s WHERE id = %s", [stored[:-6] + "AAAAAA", canary.pk])
    with pytest.raises(crypto.DecryptionError):
        KeyCanary.objects.get(pk=canary.pk)


def test_plain_text_in_an_encrypted_column_fails_loudly(db):
    canary = KeyCanary.objects.create(value="secret")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_keycanary SET value = 'plain' WHERE id = %s", [canary.pk])
    with pytest.raises(crypto.DecryptionError):
        KeyCanary.objects.get(pk=canary.pk)


def test_rotation_re_encrypts_under_the_newest_key_and_old_keys_can_then_go(db):
    KeyCanary.objects.all().delete()
    with override_settings(TANDEM_ENCRYPTION_KEYS=[OLD]):
        canary = KeyCanary.objects.create(value="keep me")
        before = raw_value(canary.pk)
    with override_settings(TANDEM_ENCRYPTION_KEYS=[NEW, OLD]):
        call_command("rotate_encryption_key", stdout=open("/dev/null", "w"))  # noqa: SIM115
        assert raw_value(canary.pk) != before
    with override_settings(TANDEM_ENCRYPTION_KEYS=[NEW]):
        assert KeyCanary.objects.get(pk=canary.pk).value == "keep me"


def test_the_system_check_catches_a_key_ring_that_cannot_decrypt(db):
    KeyCanary.objects.all().delete()
    KeyCanary.objects.create(value=KeyCanary.EXPECTED)
    assert encryption_keys_decrypt(None) == []
    with override_settings(TANDEM_ENCRYPTION_KEYS=[Fernet.generate_key().decode()]):
        errors = encryption_keys_decrypt(None)
    assert [e.id for e in errors] == ["tandem.E001"]


def test_a_malformed_key_is_a_configuration_error():
    from django.core.exceptions import ImproperlyConfigured

    with override_settings(TANDEM_ENCRYPTION_KEYS=["not-a-key"]), pytest.raises(ImproperlyConfigured):
        crypto.encrypt("x")
