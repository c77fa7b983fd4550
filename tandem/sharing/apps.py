from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "tandem.sharing"
    label = "sharing"

    def ready(self):
        from tandem.core import home, nav

        from . import checks  # noqa: F401

        nav.register(
            "Shared with me", "shared_with_me", roles={"partner", "sponsor"}, order=60, group="Meetings & people"
        )
        nav.register("Privacy", "privacy", order=90, group="Privacy", first_run=True)
        home.register("sharing/_home_shared.html", roles={"partner", "sponsor", "client"}, order=70)
