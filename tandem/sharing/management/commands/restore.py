from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tandem.sharing.backup import BackupError, restore


class Command(BaseCommand):
    help = "Replace the database's contents with a backup made by `backup`."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, path, yes=False, **options):
        if not yes:
            answer = input("This replaces everything in the database with the backup. Type 'restore' to go on: ")
            if answer.strip() != "restore":
                raise CommandError("Nothing was changed.")
        try:
            restore(Path(path))
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write("Restored.")
