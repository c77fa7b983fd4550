"""Import meeting feeds.

    import_meetings FILE --feed NAME [--program SAA] [--time-zone America/New_York]
    import_meetings --url URL --feed NAME [--program SAA] [--time-zone …]
    import_meetings --feed NAME            re-import a feed from its web address
    import_meetings --refresh              re-import every feed that has a web address (cron)

A feed named for the first time is created (program and time zone are then required). The
import is all or nothing: a refused file changes nothing and the command exits with an error.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from tandem.fellowship import importer
from tandem.fellowship.feeds import FeedError
from tandem.fellowship.models import Feed, Program
from tandem.fellowship.timeutil import is_zone


class Command(BaseCommand):
    help = "Import a Meeting Guide feed (JSON or CSV) from a file or a web address, or refresh all feeds."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="A feed file (JSON or CSV).")
        parser.add_argument("--feed", help="The feed's name (created if new).")
        parser.add_argument("--url", help="The feed's web address.")
        parser.add_argument("--program", choices=Program.values, help="The fellowship (for a new feed).")
        parser.add_argument("--time-zone", help="The feed's time zone, e.g. America/New_York (for a new feed).")
        parser.add_argument("--refresh", action="store_true", help="Re-import every feed with a web address.")
        parser.add_argument("--timeout", type=float, help="Seconds to wait for a web address.")

    def handle(self, *args, **options):
        if options["refresh"]:
            self._refresh_all()
            return
        if not options["feed"]:
            raise CommandError("Name the feed with --feed (or use --refresh).")
        if options["file"] and options["url"]:
            raise CommandError("Give a file or --url, not both.")

        with transaction.atomic():
            feed, created = self._feed(options)
            try:
                run = self._import(feed, options)
            except FeedError as error:
                transaction.set_rollback(True)
                failure = error
            else:
                failure = None
        if failure is not None:
            if not created:
                importer.record_failure(feed, failure, source=options["file"] or feed.url)
            raise CommandError(str(failure))
        self._report(run)

    def _refresh_all(self) -> None:
        runs = importer.refresh_all(stdout=self.stdout)
        failed = [run for run in runs if not run.ok]
        if failed:
            raise CommandError(f"{len(failed)} of {len(runs)} feeds could not be refreshed.")

    def _feed(self, options) -> tuple[Feed, bool]:
        """The named feed (its web address updated when --url gives a new one), and whether it is new."""
        feed = Feed.objects.filter(name=options["feed"]).first()
        if feed is None:
            return self._new_feed(options), True
        if options["url"] and options["url"] != feed.url:
            feed.url = options["url"]
            feed.save(update_fields=["url"])
        return feed, False

    def _new_feed(self, options) -> Feed:
        if not options["program"] or not options["time_zone"]:
            raise CommandError("A new feed needs --program and --time-zone.")
        if not is_zone(options["time_zone"]):
            raise CommandError(f"{options['time_zone']!r} isn't a time zone we know.")
        return Feed.objects.create(
            name=options["feed"],
            program=options["program"],
            default_time_zone=options["time_zone"],
            url=options["url"] or "",
        )

    def _import(self, feed: Feed, options):
        """Import the file given, or else the feed's web address; FeedError when the import is refused."""
        if options["file"]:
            path = Path(options["file"])
            try:
                raw = path.read_bytes()
            except OSError as error:
                raise FeedError(f"The file couldn't be read ({error.strerror}).") from None
            return importer.import_bytes(feed, raw, name=path.name, source=str(path))
        if feed.url:
            return importer.import_url(feed, timeout=options["timeout"])
        raise FeedError("This feed has no web address: give a file to import.")

    def _report(self, run) -> None:
        self.stdout.write(importer.describe(run))
        for problem in run.rejections:
            self.stdout.write(f"  turned away: {problem['where']} — {problem['field'] or 'entry'}: {problem['reason']}")
        for problem in run.warnings:
            self.stdout.write(f"  left out: {problem['where']} — {problem['field']}: {problem['reason']}")
