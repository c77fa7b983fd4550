from django.apps import AppConfig


class PushConfig(AppConfig):
    name = "tandem.push"
    label = "push"
    verbose_name = "Web push"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from tandem.sharing import export

        from . import checks, models  # noqa: F401 (checks registers itself)

        # The endpoint and keys let anyone holding them push to the device: not in the export.
        export.register(models.PushSubscription, "owner", exclude=("endpoint", "endpoint_digest", "p256dh", "auth"))
