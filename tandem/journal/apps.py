from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "tandem.journal"
    label = "journal"
    verbose_name = "Journal"

    def ready(self):
        from tandem.core import nav
        from tandem.reports import sections
        from tandem.sharing import export
        from tandem.sharing import panels as sharing_panels

        from . import models, panels

        nav.register("Journal", "journal", roles={"client", "partner"}, order=52, group="My work")
        sharing_panels.register("journal", "journal/_panel.html", panels.panel, order=62)
        sections.register("journal", "journal/_report.html", panels.report_section)
        export.register(models.JournalEntry, "owner")
