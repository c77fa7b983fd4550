from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "tandem.assessments"
    label = "assessments"

    def ready(self):
        from tandem.core import home, nav
        from tandem.sharing import export, panels

        from . import definitions
        from .models import Assignment, Response, SafetyAlert
        from .panel import panel_context

        definitions.load_builtins()  # validates every shipped file; a bad one stops the start

        nav.register("Questionnaires", "assessments_index", order=40, group="Therapy")
        nav.register("Questionnaire packs", "assessments_packs", roles={"practice_admin"}, order=85, group="Practice")
        home.register("assessments/_home_due.html", roles={"client", "partner"}, order=30)
        panels.register("assessments", "assessments/_panel.html", panel_context, order=40)
        export.register(Response, "owner", exclude=("token", "recency"))
        export.register(Assignment, "owner")
        export.register(SafetyAlert, "owner")
