"""Finding each app's test contributions: tandem/<app>/tests/<name>.py."""

import sys
from types import ModuleType

from django.apps import apps
from django.utils.module_loading import autodiscover_modules


def app_test_modules(name: str) -> list[ModuleType]:
    """Every installed app's `tests/<name>.py` that exists, in INSTALLED_APPS order."""
    autodiscover_modules(f"tests.{name}")
    found = (sys.modules.get(f"{config.name}.tests.{name}") for config in apps.get_app_configs())
    return [module for module in found if module is not None]
