from django.core.management.base import BaseCommand

from tandem.core.env import new_encryption_key


class Command(BaseCommand):
    help = "Print a new key for TANDEM_ENCRYPTION_KEYS."

    def handle(self, *args, **options):
        self.stdout.write(new_encryption_key())
