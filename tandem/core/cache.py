"""The shared cache (Redis) that falls back to this process's memory while Redis is unreachable.

With several app servers, rate limits and login throttles must be counted in one place, or each
server multiplies the limit: so with `REDIS_URL` the default cache is Redis (settings.py). What is
kept there is counters and short-lived keys, never health information (that stays in the
per-process "derived" cache: recovery/derived.py, docs/scale.md).

When Redis does not answer (stopped, restarting, a network fault), a visitor must not get an error
page, and the limits must not vanish either. So this backend sends each call to Django's own
RedisCache with short socket timeouts; on a connection error or timeout it logs a warning, serves
the call from a per-process LocMemCache, and keeps doing so for `FALLBACK_SECONDS` (default 10)
before it tries Redis again. While it is down, limits hold per process (as on one machine): a
little looser across N servers, never off. Counts kept in memory meanwhile are not carried back.

Why not a library: django-redis's `IGNORE_EXCEPTIONS` (and `DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS`)
turns a failing call into a miss — `get` answers None, `set` and `add` do nothing — so every rate
limit and login throttle silently stops counting while Redis is away (it fails open). Neither it
nor Django's RedisCache falls back to another store, so the fallback is these few lines over
Django's built-in backends; it needs only the `redis` package.
"""

import logging
import threading
import time

from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger("tandem.cache")

UNREACHABLE = (RedisError, ConnectionError, TimeoutError, OSError)
"""Redis away, slow, or refusing (read-only after a failover, out of memory): fall back."""

_down_until: dict[str, float] = {}
"""Per Redis address, until when this process counts on its own. Django makes one cache object per
thread, so the outage and the fallback store (a LocMemCache named after the address, which every
thread shares) belong to the process, not to one thread."""
_outage_lock = threading.Lock()
_METHODS = ("add", "get", "set", "touch", "delete", "get_many", "set_many", "delete_many", "has_key", "incr", "decr")


class RedisWithLocalFallback(BaseCache):
    def __init__(self, server, params):
        super().__init__(params)
        options = dict(params.get("OPTIONS") or {})
        self.fallback_seconds = float(options.pop("FALLBACK_SECONDS", 10))
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 0.5)
        self.shared = RedisCache(server, {**params, "OPTIONS": options})
        self.server = str(server)
        self.local = LocMemCache(f"tandem-fallback-{server}", {k: v for k, v in params.items() if k != "OPTIONS"})

    def _call(self, name, *args, **kwargs):
        if time.monotonic() >= _down_until.get(self.server, 0.0):
            try:
                return getattr(self.shared, name)(*args, **kwargs)
            except UNREACHABLE as error:
                with _outage_lock:
                    first = time.monotonic() >= _down_until.get(self.server, 0.0)
                    _down_until[self.server] = time.monotonic() + self.fallback_seconds
                if first:
                    logger.warning(
                        "Redis unreachable (%s): rate limits count in this process for %ss",
                        error,
                        self.fallback_seconds,
                    )
        return getattr(self.local, name)(*args, **kwargs)

    @property
    def using_fallback(self) -> bool:
        return time.monotonic() < _down_until.get(self.server, 0.0)

    def forget_outage(self) -> None:
        """Ask Redis again on the next call, with an empty fallback store (tests start clean)."""
        _down_until.pop(self.server, None)
        self.local.clear()

    def clear(self):
        self.local.clear()
        self._call("clear")

    def close(self, **kwargs):
        self.shared.close(**kwargs)


def _delegate(name):
    def method(self, *args, **kwargs):
        return self._call(name, *args, **kwargs)

    method.__name__ = name
    return method


for _name in _METHODS:
    setattr(RedisWithLocalFallback, _name, _delegate(_name))
