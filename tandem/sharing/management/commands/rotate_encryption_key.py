from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from tandem.core.crypto import encrypted_fields, rotate


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted value under the first key of TANDEM_ENCRYPTION_KEYS. "
        "Put the new key first, keep the old ones after it, run this, then drop the old keys."
    )

    def handle(self, *args, **options):
        total = 0
        quote = connection.ops.quote_name
        for model in apps.get_models():
            fields = encrypted_fields(model)
            if not fields:
                continue
            table = quote(model._meta.db_table)
            pk = quote(model._meta.pk.column)
            columns = [quote(model._meta.get_field(name).column) for name in fields]
            count = 0
            # Ciphertext is read and written as stored: plaintext never reaches Python objects,
            # and nothing is printed but counts.
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f"SELECT {pk}, {', '.join(columns)} FROM {table}")  # noqa: S608  # nosec B608
                for row in cursor.fetchall():
                    values = [rotate(value) if value else value for value in row[1:]]
                    assignments = ", ".join(f"{column} = %s" for column in columns)
                    with connection.cursor() as writer:
                        # Identifiers come from model metadata, quoted; values are parameters.
                        writer.execute(f"UPDATE {table} SET {assignments} WHERE {pk} = %s", [*values, row[0]])  # noqa: S608  # nosec B608
                    count += 1
            total += count
            self.stdout.write(f"{model._meta.label}: {count} rows re-encrypted")
        self.stdout.write(f"Done: {total} rows.")
