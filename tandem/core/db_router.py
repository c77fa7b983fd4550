"""Reads that may lag go to a streaming replica; everything else stays on the primary.

Installed only when `DATABASE_REPLICA_URL` is set (core/dbconf.py adds the "replica" alias, this
router and `ReplicaPinMiddleware`). Without it neither is installed and `reads_may_lag` only sets
a context variable that nothing reads. The rules (docs/scale.md):

1. A read goes to the replica only inside code marked with `reads_may_lag` (the meeting finder,
   reports a person asks for) — never by default. Task workers, the
   sharing gate, grants and every other view read the primary.
2. Even inside such code, the apps whose rows decide who may see what (sharing: links, grants,
   the access and audit logs; accounts and allauth; sessions; the task queue and reminders) are
   read from the primary: a consent revoked a moment ago must already be revoked.
3. Read-your-writes: a write through Django (or any unsafe-method request) pins the browser to
   the primary for TANDEM_REPLICA_PIN_SECONDS with a signed cookie, so the same person's next
   requests, on whichever app server, see what they just wrote. A write inside a marked block
   also sends the rest of that block to the primary.
4. A replica that is down is noticed by a cheap check (a short connect timeout, its answer kept
   TANDEM_REPLICA_CHECK_SECONDS) and reads fall back to the primary with a warning in the log.
   A marked view whose replica connection fails mid-request is run once more on the primary.
5. A replica more than TANDEM_REPLICA_MAX_LAG_SECONDS behind is skipped the same way: the same
   check measures how far behind it is (`replica_lag`), a warning says so, and reads go back to
   it once it has caught up.
"""

import contextlib
import contextvars
import functools
import logging
import threading
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections

logger = logging.getLogger("tandem.db")

REPLICA = "replica"
PIN_COOKIE = "tandem_primary"
PIN_SALT = "tandem.core.db_router.pin"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
PRIMARY_ONLY_APPS = frozenset(
    {
        "sharing",
        "accounts",
        "account",
        "mfa",
        "auth",
        "sessions",
        "contenttypes",
        "core",
        "reminders",
        "django_tasks_database",
    }
)
"""Apps read from the primary even inside `reads_may_lag`: who may see what, and who is who."""
_NOT_A_WRITE = frozenset({"sessions"})
"""Writes that do not pin: a session's idle stamp is not something the person wrote."""

_lag = contextvars.ContextVar("tandem_reads_may_lag", default=False)
_pinned = contextvars.ContextVar("tandem_pinned_to_primary", default=False)
_wrote = contextvars.ContextVar("tandem_wrote", default=False)
_used_replica = contextvars.ContextVar("tandem_used_replica", default=False)


LAG_SQL = """
SELECT CASE
    WHEN NOT pg_is_in_recovery() THEN 0
    WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()
         AND EXISTS (
             SELECT 1 FROM pg_stat_wal_receiver AS receiver
             WHERE receiver.status = 'streaming'
               AND receiver.last_msg_receipt_time > now() - interval '60 seconds'
         ) THEN 0
    ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())
END
"""
"""How many seconds the replica's data is behind the primary's, measured on the replica.

`now() - pg_last_xact_replay_timestamp()` alone grows on an idle primary although nothing is
missing (the last transaction replayed is simply old), so a replica that has replayed all the WAL
it received counts as caught up — but only while it is still hearing from the primary: a receiver
that lost the primary stops receiving, replays what it had and would look caught up for ever. An
idle primary still sends a keepalive every `wal_sender_timeout` / 2 (30 s by default), so a link
silent for 60 s counts as lost and the age of the last replayed transaction is the lag. (Just
after an idle spell, WAL received but not yet replayed reads as the whole spell: a false "behind"
for one check, on the safe side.) NULL: it is replaying and has replayed no transaction yet."""


def replica_lag() -> float | None:
    """Seconds behind the primary (0 when caught up), None when the replica cannot tell yet.

    Raises when the replica does not answer. Only PostgreSQL streams; another engine's "replica"
    (the tests' mirror on SQLite) is the primary's own file and is never behind."""
    connection = connections[REPLICA]
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute("SELECT 1")
            return 0.0
        cursor.execute(LAG_SQL)
        value = cursor.fetchone()[0]
    return None if value is None else max(float(value), 0.0)


class _Health:
    """Whether the replica answered, and was close enough behind, lately; one check per process
    per TANDEM_REPLICA_CHECK_SECONDS (`replica_lag`: one short query, never one per request)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.ok = False
        self.until = 0.0
        self.behind = False  # skipped for lag at the last check: say so once, and once when it is back

    def reset(self) -> None:
        with self.lock:
            self.ok, self.until, self.behind = False, 0.0, False

    def mark_down(self, reason: object) -> None:
        with self.lock:
            self.ok, self.until = False, time.monotonic() + _check_seconds()
        logger.warning("Database replica unreachable, reading from the primary: %s", reason)
        _close_replica()

    def available(self) -> bool:
        now = time.monotonic()
        if now < self.until:
            return self.ok
        with self.lock:
            if now < self.until:
                return self.ok
            ok = self._check()
            self.ok, self.until = ok, time.monotonic() + _check_seconds()
            return ok

    def _check(self) -> bool:
        try:
            lag = replica_lag()
        except Exception as error:  # any failure to answer means: not now
            logger.warning("Database replica unreachable, reading from the primary: %s", error)
            _close_replica()
            return False
        limit = _max_lag_seconds()
        if limit and (lag is None or lag > limit):
            if not self.behind:
                behind = "an unknown time" if lag is None else f"{lag:.1f} s"
                logger.warning(
                    "Database replica behind the primary by %s (more than %g s), reading from the primary",
                    behind,
                    limit,
                )
            self.behind = True
            return False
        if self.behind:
            logger.warning("Database replica caught up (%.1f s behind), reading lagging reads from it again", lag)
        self.behind = False
        return True


health = _Health()


def _check_seconds() -> float:
    return float(getattr(settings, "TANDEM_REPLICA_CHECK_SECONDS", 5))


def _max_lag_seconds() -> float:
    return float(getattr(settings, "TANDEM_REPLICA_MAX_LAG_SECONDS", 30))


def _pin_seconds() -> int:
    return int(getattr(settings, "TANDEM_REPLICA_PIN_SECONDS", 5))


def _close_replica() -> None:
    with contextlib.suppress(Exception):  # a dead connection may fail to close; it is dropped either way
        connections[REPLICA].close()


def _replica_answers() -> bool:
    """Whether a fresh connection to the replica answers now (after an error in marked code)."""
    _close_replica()
    try:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any failure to answer means: it was the replica
        return False
    return True


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


class reads_may_lag:  # a class used like a function: @reads_may_lag, with reads_may_lag():
    """Mark code whose reads may come from a replica a second or so behind the primary.

    As a decorator or a context manager. It has no effect for a person pinned to the primary
    (they wrote a moment ago) and none without a replica. A decorated function that meets a
    failing replica connection is run once more, on the primary.
    """

    def __new__(cls, func=None):
        if func is None:
            return super().__new__(cls)

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with cls():
                try:
                    return func(*args, **kwargs)
                except (OperationalError, InterfaceError) as error:
                    if not _used_replica.get() or _wrote.get() or _replica_answers():
                        raise  # not the replica's failure, or the view has written: never run it twice
                    health.mark_down(error)
            with reads_on_primary():
                return func(*args, **kwargs)

        return wrapper

    def __enter__(self):
        self._tokens = (_lag.set(not _pinned.get()), _used_replica.set(False))
        return self

    def __exit__(self, *exc):
        lag, used = self._tokens
        _lag.reset(lag)
        _used_replica.reset(used)
        return False


class reads_on_primary:
    """Undo `reads_may_lag` for a stretch of code (and for what it calls)."""

    def __enter__(self):
        self._token = _lag.set(False)
        return self

    def __exit__(self, *exc):
        _lag.reset(self._token)
        return False


def reads_may_lag_now() -> bool:
    return _lag.get()


class ReplicaRouter:
    """DATABASE_ROUTERS entry: the rules in this module's docstring."""

    def db_for_read(self, model, **hints):
        if not _lag.get() or model._meta.app_label in PRIMARY_ONLY_APPS:
            return None
        if not health.available():
            return None
        _used_replica.set(True)
        return REPLICA

    def db_for_write(self, model, **hints):
        if model._meta.app_label not in _NOT_A_WRITE:
            _wrote.set(True)
            _lag.set(False)  # read your own write for the rest of this block
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA or None


class ReplicaPinMiddleware:
    """Keeps a browser on the primary for a few seconds after it wrote (read-your-writes).

    The pin is a signed cookie holding only its own time, so it holds on every app server (they
    share SECRET_KEY) and needs no shared store.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = _pin_seconds()
        pinned = request.get_signed_cookie(PIN_COOKIE, default=None, salt=PIN_SALT, max_age=seconds) is not None
        tokens = (_pinned.set(pinned), _wrote.set(False))
        try:
            response = self.get_response(request)
            if seconds and (_wrote.get() or request.method not in SAFE_METHODS):
                response.set_signed_cookie(
                    PIN_COOKIE,
                    "1",
                    salt=PIN_SALT,
                    max_age=seconds,
                    httponly=True,
                    samesite="Lax",
                    secure=settings.SESSION_COOKIE_SECURE,
                )
            return response
        finally:
            _pinned.reset(tokens[0])
            _wrote.reset(tokens[1])
