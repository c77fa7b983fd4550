from django.apps import AppConfig


class FellowshipConfig(AppConfig):
    name = "tandem.fellowship"
    label = "fellowship"
