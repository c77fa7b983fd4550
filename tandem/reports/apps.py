from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "tandem.reports"
    label = "reports"
    verbose_name = "Reports"

    def ready(self):
        from tandem.core import nav

        from . import checks  # noqa: F401

        nav.register("Reports", "reports", roles={"client", "partner", "therapist"}, order=58, group="My work")
