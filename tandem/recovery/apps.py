from django.apps import AppConfig


class RecoveryConfig(AppConfig):
    name = "tandem.recovery"
    label = "recovery"
