"""Settings for the test suite: the real settings with a fast password hasher and locmem mail."""

from tandem.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TANDEM_QUICK_EXIT_URL = "/n/"
ACCOUNT_RATE_LIMITS = False
