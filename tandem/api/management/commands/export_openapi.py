from django.core.management.base import BaseCommand, CommandError

from tandem.api.openapi import COMMITTED, REGENERATE, document


class Command(BaseCommand):
    help = "Write the API's OpenAPI document to docs/openapi.json (or --check that it is current)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Stop with an error when docs/openapi.json is out of date."
        )

    def handle(self, *args, check=False, **options):
        text = document()
        if check:
            if not COMMITTED.exists() or COMMITTED.read_text() != text:
                raise CommandError(f"docs/openapi.json is out of date: run {REGENERATE}")
            self.stdout.write("docs/openapi.json is current.")
            return
        COMMITTED.write_text(text)
        self.stdout.write(f"Wrote {COMMITTED}")
