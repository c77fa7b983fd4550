"""Settings for the test suite: the real settings with a fast password hasher and locmem mail."""

from tandem.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TANDEM_QUICK_EXIT_URL = "/n/"
ACCOUNT_RATE_LIMITS = False

# SQLite tests run in memory. Said explicitly because pytest-xdist's per-worker database names are
# only skipped for the stock SQLite engine, and ours (tandem.core.db.sqlite3) is a subclass.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}  # noqa: F405
