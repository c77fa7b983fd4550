from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "tandem.core"
    label = "core"

    def ready(self):
        from . import checks  # noqa: F401

        post_migrate.connect(_plant_canary, sender=self)


def _plant_canary(sender, using="default", **kwargs):
    from .models import KeyCanary

    if not KeyCanary.objects.using(using).exists():
        KeyCanary.objects.using(using).create(value=KeyCanary.EXPECTED)
