from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tandem.accounts"
    label = "accounts"

    def ready(self):
        from tandem.core import nav

        nav.register("Home", "home", order=0, hide_for={"client"})
        nav.register("Practice", "practice", roles={"practice_admin"}, order=80, group="Practice")
