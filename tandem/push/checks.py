"""System checks: a VAPID key that does not parse is said at start-up (runserver, migrate,
`check --deploy`), not discovered as a failing page."""

from django.conf import settings
from django.core import checks

from .keys import KeyProblem, server_key


@checks.register()
def vapid_key(app_configs=None, **kwargs):
    configured = bool(getattr(settings, "TANDEM_VAPID_PRIVATE_KEY", ""))
    try:
        server_key()
    except KeyProblem as problem:
        if configured or getattr(settings, "TANDEM_VAPID_PUBLIC_KEY", ""):
            return [checks.Error(str(problem), hint="See docs/push.md.", id="push.E001")]
        return [
            checks.Info(
                "Web push is off: TANDEM_VAPID_PRIVATE_KEY is not set.",
                hint="Reminders still go by email. See docs/push.md to turn push on.",
                id="push.I001",
            )
        ]
    return []
