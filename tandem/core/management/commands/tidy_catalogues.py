"""Tidy the Spanish catalogues after `makemessages` (run by `make messages`).

msgmerge marks each catalogue's header fuzzy although the header is ours and is not; a fuzzy
header would make the completeness test and translators' tools treat the catalogue as unfinished.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Clear the fuzzy mark msgmerge leaves on the Spanish catalogues' headers (all, or those of the folders given)."
    )

    def add_arguments(self, parser):
        parser.add_argument("folders", nargs="*", help="app folders, e.g. tandem/recovery (default: every one)")

    def handle(self, *args, folders, **options):
        import polib  # a development tool: only `make messages` runs this command

        roots = [Path(settings.BASE_DIR, folder) for folder in folders] or sorted(
            Path(settings.BASE_DIR, "tandem").glob("*")
        )
        for name in sorted(name for root in roots for name in root.glob("locale/es/LC_MESSAGES/*.po")):
            catalogue = polib.pofile(str(name), wrapwidth=0)
            if catalogue.metadata_is_fuzzy:
                catalogue.metadata_is_fuzzy = False
                catalogue.save()
