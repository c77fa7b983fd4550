from django.apps import AppConfig


class TherapyConfig(AppConfig):
    name = "tandem.therapy"
    label = "therapy"

    def ready(self):
        from tandem.core import home, nav

        nav.register("Caseload", "caseload", roles={"therapist"}, order=10)
        home.register("therapy/_home_therapist.html", roles={"therapist"}, order=10)
