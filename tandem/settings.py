"""Tandem settings, read from the environment.

TANDEM_ENV selects the mode: "development" (default; generates secrets into var/ once) or
"production" (refuses to start without SECRET_KEY and TANDEM_ENCRYPTION_KEYS).
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from tandem.core.crisis import DEFAULT_CRISIS_TEXT, DEFAULT_DV_TEXT
from tandem.core.env import (
    dev_secret,
    env_bool,
    env_int,
    env_json,
    env_list,
    env_str,
    new_encryption_key,
    new_secret_key,
    new_vapid_private_key,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("TANDEM_VAR_DIR") or BASE_DIR / "var")

TANDEM_ENV = env_str("TANDEM_ENV", "development")
if TANDEM_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("TANDEM_ENV must be 'development' or 'production'")
PRODUCTION = TANDEM_ENV == "production"
DEBUG = env_bool("DEBUG", default=False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG cannot be on in production")

if PRODUCTION:
    SECRET_KEY = env_str("SECRET_KEY")
    _keys = env_list("TANDEM_ENCRYPTION_KEYS")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("Production needs SECRET_KEY (at least 50 characters).")
    if not _keys:
        raise ImproperlyConfigured("Production needs TANDEM_ENCRYPTION_KEYS.")
else:
    SECRET_KEY = env_str("SECRET_KEY") or dev_secret(VAR_DIR, "secret_key", new_secret_key)
    _keys = env_list("TANDEM_ENCRYPTION_KEYS") or [dev_secret(VAR_DIR, "encryption_key", new_encryption_key)]
TANDEM_ENCRYPTION_KEYS = _keys

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "tandem.core",
    "tandem.accounts",
    "tandem.sharing",
    "tandem.therapy",
    "tandem.recovery",
    "tandem.fellowship",
    "tandem.assessments",
    "tandem.history",
    "tandem.journal",
    "tandem.reports",
    "tandem.couple",
    "tandem.api",
    "tandem.push",
    "django_tasks",
    "django_tasks_db",
    "tandem.reminders",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "tandem.core.middleware.SecurityHeadersMiddleware",
    "tandem.core.middleware.ClearSiteDataMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "tandem.core.csrf.NoReferrerCsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "tandem.core.middleware.SessionLifetimeMiddleware",
    "tandem.core.middleware.ViewerTimeZoneMiddleware",
    "tandem.core.middleware.PersonLanguageMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

# Django's check looks for its CSRF middleware by name; ours is a subclass of it (core/csrf.py).
SILENCED_SYSTEM_CHECKS = ["security.W003"]
CSRF_FAILURE_VIEW = "tandem.core.csrf.csrf_failure"

ROOT_URLCONF = "tandem.urls"
WSGI_APPLICATION = "tandem.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "tandem" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "tandem.core.context_processors.site",
            ],
        },
    }
]
FORM_RENDERER = "tandem.core.forms.FormRenderer"  # one field template on every page

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'tandem.sqlite3'}"
# The primary, an optional streaming replica, Django's pool or PgBouncer: core/dbconf.py, docs/scale.md
from tandem.core.dbconf import PIN_MIDDLEWARE, database_settings  # noqa: E402

globals().update(database_settings(default_url=DATABASE_URL))
for _db in DATABASES.values():  # noqa: F821
    if _db["ENGINE"] == "tandem.core.db.sqlite3":
        # Each thread keeps its SQLite connection as it does PostgreSQL's: opening one per request
        # cost ~4 ms of CPU (the PRAGMAs) and as much again waiting on the WAL checkpoint's fsync
        # when the last connection closed (docs/scale.md, "What one request costs").
        _db["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 60)
if DATABASE_ROUTERS:  # noqa: F821 - a replica is configured: keep a writer's next reads on the primary
    MIDDLEWARE.append(PIN_MIDDLEWARE)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Background work (docs/reminders.md, docs/deploy.md) -------------------------------------
# django-tasks with its database backend: the queue is a table in DATABASES["default"], so no
# broker is needed; `manage.py worker` runs a worker (several may share the queue).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
TANDEM_TICK_SECONDS = env_int("TANDEM_TICK_SECONDS", 15, minimum=1)
"""How often each worker looks at the clock for periodic work (the slot itself is claimed once)."""
TANDEM_REMINDER_SCAN_SECONDS = env_int("TANDEM_REMINDER_SCAN_SECONDS", 60, minimum=1)
"""The periodic reminder scan's slot length: due reminders are found at most this late."""
TANDEM_REMINDER_LEASE_SECONDS = env_int("TANDEM_REMINDER_LEASE_SECONDS", 120, minimum=1)
"""How long a worker holds a claimed reminder before another worker may take it over."""
TANDEM_WORKER_LEASE_SECONDS = env_int("TANDEM_WORKER_LEASE_SECONDS", 120, minimum=1)
"""A worker silent this long (no heartbeat) is gone: the tasks it was running are closed, periodic ones run again."""
TANDEM_BASE_URL = env_str("TANDEM_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
"""This site's address as people reach it: links in reminder emails and pushes start with it."""
TANDEM_FEED_REFRESH_HOURS = env_int("TANDEM_FEED_REFRESH_HOURS", 24, minimum=1)
"""Meeting feeds with a web address are re-imported on the queue this often."""

# --- Cache ----------------------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    # Shared by every app server (rate limits, login throttles); this process's memory while
    # Redis is unreachable, with a warning in the log (core/cache.py, docs/scale.md).
    CACHES = {"default": {"BACKEND": "tandem.core.cache.RedisWithLocalFallback", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Health information derived from a person's records (recovery/derived.py) stays in the memory of
# the process that computed it: never in Redis or any other shared store.
TANDEM_DERIVED_SECONDS = env_int("TANDEM_DERIVED_SECONDS", 600)
CACHES["derived"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "tandem-derived",
    "TIMEOUT": TANDEM_DERIVED_SECONDS,
    "OPTIONS": {"MAX_ENTRIES": 500},  # a dashboard entry is 35–45 KB: at most ~25 MB a process
}

# --- JSON API (docs/api.md) ------------------------------------------------------------------
TANDEM_API_RATE_PER_MINUTE = env_int("TANDEM_API_RATE_PER_MINUTE", 120)
"""Calls a minute one personal access token may make; past it, 429 with Retry-After."""
TANDEM_API_MAX_BODY_BYTES = env_int("TANDEM_API_MAX_BODY_BYTES", 64 * 1024)
"""The largest request body the API reads; larger ones get 413."""

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_SIGNUP_FORM_CLASS = "tandem.accounts.forms.SignupExtraForm"
ACCOUNT_FORMS = {"login": "tandem.accounts.allauth_forms.LoginForm"}
MFA_FORMS = {"activate_totp": "tandem.accounts.allauth_forms.ActivateTOTPForm"}
ACCOUNT_ADAPTER = "tandem.accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
ACCOUNT_RATE_LIMITS = {
    # allauth's own limits stay; this adds ours: the public check of an attendance record's code
    "verify_record": env_str("TANDEM_VERIFY_RATE", "10/m/ip,100/h/ip"),
}
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not PRODUCTION
MFA_TOTP_ISSUER = env_str("TANDEM_SITE_NAME", "Tandem")

# --- Email ----------------------------------------------------------------------------------
EMAIL_URL = env_str("EMAIL_URL", "console://")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "no-reply@localhost")
from tandem.core.email_url import email_settings  # noqa: E402

globals().update(email_settings(EMAIL_URL))

# --- Sessions and cookies -------------------------------------------------------------------
SESSION_ENGINE = "tandem.core.sessions"  # the database's sessions, read without the ORM (core/sessions.py)
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_IDLE_TIMEOUT = env_int("TANDEM_IDLE_TIMEOUT_MINUTES", 30, minimum=1) * 60
SESSION_ABSOLUTE_LIFETIME = env_int("TANDEM_SESSION_HOURS", 12, minimum=1) * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SESSION_COOKIE_NAME = "sid"

# --- Security headers -----------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

from csp.constants import NONCE, NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "connect-src": [SELF],
        # The installable app (docs/offline.md): the service worker at /sw.js and the manifest.
        "worker-src": [SELF],
        "manifest-src": [SELF],
    }
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(self), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)

# --- Static ---------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("TANDEM_STATIC_ROOT") or BASE_DIR / "staticfiles")
WHITENOISE_USE_FINDERS = not PRODUCTION  # development serves straight from the apps' static/
WHITENOISE_AUTOREFRESH = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
"""The languages Tandem speaks (docs/i18n.md). Each app keeps its Spanish catalogue in its own
locale/ folder; the site-wide templates keep theirs in tandem/templates/locale."""
LOCALE_PATHS = [BASE_DIR / "tandem" / "templates" / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Tandem ---------------------------------------------------------------------------------
TANDEM_SITE_NAME = env_str("TANDEM_SITE_NAME", "Tandem")
TANDEM_APP_NAME = env_str("TANDEM_APP_NAME", TANDEM_SITE_NAME)
"""The installed app's name under its icon (docs/offline.md): keep it as neutral as the site's."""
TANDEM_QUICK_EXIT_URL = env_str("TANDEM_QUICK_EXIT_URL", "https://www.wikipedia.org/")
TANDEM_CRISIS_TEXT = env_str("TANDEM_CRISIS_TEXT", DEFAULT_CRISIS_TEXT)
"""Tandem's default is shown in the reader's language; a text of your own as you wrote it."""
TANDEM_CRISIS_CALL = env_str("TANDEM_CRISIS_CALL", "988")
TANDEM_CRISIS_SMS = env_str("TANDEM_CRISIS_SMS", "988")
TANDEM_EMERGENCY_NUMBER = env_str("TANDEM_EMERGENCY_NUMBER", "911")
TANDEM_DV_TEXT = env_str("TANDEM_DV_TEXT", DEFAULT_DV_TEXT)
TANDEM_DV_CALL = env_str("TANDEM_DV_CALL", "1-800-799-7233")
"""The domestic-violence line, shown as a button to tap on the crisis page (empty: no button)."""
# Help shown for illegal ("illegal") and risky ("risky") behaviours: after a slip, on the circles page
# and (illegal) on the crisis page. JSON: {"illegal": [{"title", "text", "phone", "url"}], "risky": [...]}.
# Unset: the defaults in tandem/recovery/library.py (Stop It Now; PEP within 72 hours, and testing).
TANDEM_RECOVERY_RESOURCES = env_json("TANDEM_RECOVERY_RESOURCES", None)
TANDEM_DISABLED_INSTRUMENTS = env_list("TANDEM_DISABLED_INSTRUMENTS")
"""Questionnaire ids (or "licence:<kind>", or "restricted") this deployment does not offer."""
TANDEM_FEED_MAX_BYTES = env_int("TANDEM_FEED_MAX_BYTES", 15 * 1024 * 1024, minimum=1024)
TANDEM_FEED_TIMEOUT = env_int("TANDEM_FEED_TIMEOUT", 20, minimum=1)
# Feed addresses are fetched from public addresses only (no private network, no loopback: SSRF).
TANDEM_FEED_ALLOW_PRIVATE = env_bool("TANDEM_FEED_ALLOW_PRIVATE", False)
TANDEM_INVITATION_DAYS = env_int("TANDEM_INVITATION_DAYS", 7, minimum=1)
# PDF reports need the Pango and HarfBuzz system libraries; without them the rest of Tandem works
# and `check` warns. Required, a missing library fails `check --deploy` (tandem/reports/checks.py).
TANDEM_PDF_REQUIRED = env_bool("TANDEM_PDF_REQUIRED", False)
TANDEM_ACCESS_LOG_RETENTION_DAYS = env_int("TANDEM_ACCESS_LOG_RETENTION_DAYS", 3 * 366, minimum=3 * 365)

# --- Web push (docs/push.md) ----------------------------------------------------------------
# The VAPID key: from the environment in production (unset: push is off, reminders go by email);
# generated into var/ once in development. A key that does not parse fails `manage.py check`.
if PRODUCTION:
    TANDEM_VAPID_PRIVATE_KEY = env_str("TANDEM_VAPID_PRIVATE_KEY")
else:
    TANDEM_VAPID_PRIVATE_KEY = env_str("TANDEM_VAPID_PRIVATE_KEY") or dev_secret(
        VAR_DIR, "vapid_private_key", new_vapid_private_key
    )
TANDEM_VAPID_PUBLIC_KEY = env_str("TANDEM_VAPID_PUBLIC_KEY")  # optional: checked against the private key
TANDEM_VAPID_SUBJECT = env_str("TANDEM_VAPID_SUBJECT", "" if PRODUCTION else "mailto:admin@example.org")
# Push endpoints come from browsers: only https hosts of these push services (`*.` for a domain).
_push_services = [
    "fcm.googleapis.com",  # Chrome, Edge on Android, Opera, Samsung Internet
    "android.googleapis.com",  # older Chrome subscriptions
    "updates.push.services.mozilla.com",  # Firefox
    "web.push.apple.com",  # Safari on macOS, iOS and iPadOS (Home Screen apps)
    "*.push.apple.com",
    "*.notify.windows.com",  # Edge on Windows
]
TANDEM_PUSH_SERVICES = env_list("TANDEM_PUSH_SERVICES", _push_services)
TANDEM_PUSH_ALLOW_HTTP = False  # tests only (a local receiver); never read from the environment

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
