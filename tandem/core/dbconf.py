"""The database section of the settings, read from the environment (docs/scale.md).

Kept apart from settings.py so each way of running can be tested without restarting Django:

- `DATABASE_URL` is the primary: every write, every sharing-gate decision, grants, the access log
  and the task workers.
- `DATABASE_REPLICA_URL` (optional) adds a "replica" alias, a streaming replica of the primary.
  Only reads marked as allowed to lag go there (core/db_router.py); without it nothing changes:
  no router, no middleware. A replica more than `TANDEM_REPLICA_MAX_LAG_SECONDS` (30) behind is
  skipped until it catches up.
- `TANDEM_DB_POOL=1` turns on Django's own PostgreSQL connection pool (`OPTIONS["pool"]`, which
  needs psycopg's pool package; it cannot be combined with persistent connections, so
  `CONN_MAX_AGE` becomes 0).
- `TANDEM_PGBOUNCER=1` says the connections go through PgBouncer in transaction mode: a
  server-side cursor cannot outlive the transaction that opened it there, so Django is told not
  to use them (`DISABLE_SERVER_SIDE_CURSORS` on each alias). Django's pool and PgBouncer together are refused by
  a system check (`pool_and_pgbouncer`): two pools in a row only hide each other's limits.
"""

import os
from collections.abc import Mapping

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

ROUTER = "tandem.core.db_router.ReplicaRouter"
PIN_MIDDLEWARE = "tandem.core.db_router.ReplicaPinMiddleware"
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": ("PRAGMA journal_mode=WAL;PRAGMA synchronous=FULL;PRAGMA secure_delete=ON;PRAGMA foreign_keys=ON;"),
}
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _flag(env: Mapping[str, str], name: str) -> bool:
    raw = env.get(name, "").strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {env.get(name)!r}")


def _whole(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None
    if value < 0:
        raise ImproperlyConfigured(f"{name} must be at least 0, not {value}")
    return value


def _alias(url: str, env: Mapping[str, str], *, pool: bool, pgbouncer: bool) -> dict:
    db = dj_database_url.parse(url)
    if db["ENGINE"] == "django.db.backends.sqlite3":
        db["ENGINE"] = "tandem.core.db.sqlite3"  # writers queue on a file lock: see its docstring
        db["OPTIONS"] = dict(SQLITE_OPTIONS)
    elif db["ENGINE"] == "django.db.backends.postgresql":
        options = db.setdefault("OPTIONS", {})
        if pool:
            options["pool"] = {
                "min_size": _whole(env, "TANDEM_DB_POOL_MIN", 2),
                "max_size": _whole(env, "TANDEM_DB_POOL_MAX", 10),
                "timeout": _whole(env, "TANDEM_DB_POOL_TIMEOUT", 10),
            }
            db["CONN_MAX_AGE"] = 0  # Django refuses a pool with persistent connections
        else:
            db["CONN_MAX_AGE"] = _whole(env, "DB_CONN_MAX_AGE", 60)
        db["CONN_HEALTH_CHECKS"] = True
        db["DISABLE_SERVER_SIDE_CURSORS"] = pgbouncer
    return db


def database_settings(env: Mapping[str, str] | None = None, *, default_url: str = "") -> dict:
    """The settings the environment asks for: DATABASES, DATABASE_ROUTERS and friends."""
    env = os.environ if env is None else env
    pool = _flag(env, "TANDEM_DB_POOL")
    pgbouncer = _flag(env, "TANDEM_PGBOUNCER")
    primary = _alias(env.get("DATABASE_URL", "").strip() or default_url, env, pool=pool, pgbouncer=pgbouncer)
    if pool and primary["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("TANDEM_DB_POOL needs a PostgreSQL DATABASE_URL.")
    databases = {"default": primary}
    routers = []
    replica_url = env.get("DATABASE_REPLICA_URL", "").strip()
    if replica_url:
        replica = _alias(replica_url, env, pool=pool, pgbouncer=pgbouncer)
        if replica["ENGINE"] == "django.db.backends.postgresql":
            # A replica that is down is noticed within this many seconds, then skipped.
            replica["OPTIONS"]["connect_timeout"] = _whole(env, "TANDEM_REPLICA_CONNECT_TIMEOUT", 2) or 2
        replica["TEST"] = {"MIRROR": "default"}
        databases["replica"] = replica
        routers.append(ROUTER)
    return {
        "DATABASES": databases,
        "DATABASE_ROUTERS": routers,
        "TANDEM_DB_POOL": pool,
        "TANDEM_PGBOUNCER": pgbouncer,
        "TANDEM_REPLICA_PIN_SECONDS": _whole(env, "TANDEM_REPLICA_PIN_SECONDS", 5),
        "TANDEM_REPLICA_CHECK_SECONDS": _whole(env, "TANDEM_REPLICA_CHECK_SECONDS", 5),
        # A replica further behind than this is skipped until it catches up (0: never skipped for lag).
        "TANDEM_REPLICA_MAX_LAG_SECONDS": _whole(env, "TANDEM_REPLICA_MAX_LAG_SECONDS", 30),
    }


def pool_and_pgbouncer(app_configs, **kwargs):
    """System check: Django's pool and PgBouncer are alternatives, never both."""
    from django.conf import settings
    from django.core.checks import Error

    if getattr(settings, "TANDEM_DB_POOL", False) and getattr(settings, "TANDEM_PGBOUNCER", False):
        return [
            Error(
                "TANDEM_DB_POOL and TANDEM_PGBOUNCER are both on.",
                hint="Pool in one place: PgBouncer in transaction mode, or Django's pool (docs/scale.md).",
                id="tandem.E010",
            )
        ]
    return []
