from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "tandem.reminders"
    label = "reminders"
    verbose_name = "Reminders"

    def ready(self):
        from django.conf import settings

        from tandem.sharing import export

        from . import models, periodic, tasks

        export.register(models.Preferences, "owner")
        export.register(models.Delivery, "owner")
        periodic.register("reminders.scan", tasks.scan_reminders, every=lambda: settings.TANDEM_REMINDER_SCAN_SECONDS)
        periodic.register(
            "fellowship.refresh_feeds",
            tasks.refresh_meeting_feeds,
            every=lambda: settings.TANDEM_FEED_REFRESH_HOURS * 3600,
        )
        periodic.register("sharing.keep_logs", tasks.keep_logs, every=lambda: 24 * 3600)
