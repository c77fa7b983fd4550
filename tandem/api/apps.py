from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "tandem.api"
    label = "api"
    verbose_name = "API"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from tandem.sharing import export

        from . import models

        export.register(models.ApiToken, "owner", exclude=("digest",))  # a hash of a secret: no use to anyone
