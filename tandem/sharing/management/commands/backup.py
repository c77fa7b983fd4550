from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tandem.sharing.backup import BackupError, backup


class Command(BaseCommand):
    help = "Write a consistent snapshot of the database (safe while the site is in use)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="where to write it (default: var/backups/<time>)")

    def handle(self, *args, path=None, **options):
        target = Path(path) if path else settings.VAR_DIR / "backups" / f"tandem-{timezone.now():%Y%m%d-%H%M%S}.backup"
        try:
            written = backup(target)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backup written to {written}")
