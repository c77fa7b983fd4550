from django.core.checks import Error, register
from django.db import DatabaseError

from .crypto import DecryptionError
from .dbconf import pool_and_pgbouncer
from .models import KeyCanary


@register("security", deploy=False)
def encryption_keys_decrypt(app_configs, **kwargs):
    try:
        canary = KeyCanary.objects.order_by("pk").first()
    except DatabaseError:
        return []  # not migrated yet
    except DecryptionError:
        return [
            Error(
                "TANDEM_ENCRYPTION_KEYS cannot decrypt this database's data.",
                hint="Restore the key that was in use (keep old keys after the new one when rotating).",
                id="tandem.E001",
            )
        ]
    if canary is not None and canary.value != KeyCanary.EXPECTED:
        return [Error("The encryption key canary holds an unexpected value.", id="tandem.E002")]
    return []


# Django's pool and PgBouncer are alternatives (core/dbconf.py, docs/scale.md).
register("database_settings")(pool_and_pgbouncer)
