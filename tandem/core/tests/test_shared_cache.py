"""The shared cache (core/cache.py): Redis for every app server, this process's memory while Redis
is unreachable — a warning in the log, never an error page, and limits that still count."""

import logging
import socket
import uuid

import pytest
from django.core.cache import caches
from django.urls import reverse

from tandem.core.cache import RedisWithLocalFallback

NOBODY = "redis://127.0.0.1:1/0"  # nothing listens on port 1
LOCAL_REDIS = ("127.0.0.1", 6379)


def _redis_here() -> bool:
    try:
        socket.create_connection(LOCAL_REDIS, timeout=0.2).close()
    except OSError:
        return False
    return True


@pytest.fixture(autouse=True)
def _no_outage_remembered():
    RedisWithLocalFallback(NOBODY, {}).forget_outage()
    yield
    RedisWithLocalFallback(NOBODY, {}).forget_outage()


def test_an_unreachable_redis_falls_back_to_this_process_with_one_warning(caplog):
    cache = RedisWithLocalFallback(NOBODY, {})
    with caplog.at_level(logging.WARNING, logger="tandem.cache"):
        assert cache.add("tries", 0)
        assert not cache.add("tries", 0)  # the fallback keeps what it was given
        assert cache.incr("tries") == 1
        cache.set("history", [1, 2], 60)
        assert cache.get("history") == [1, 2]
    assert cache.using_fallback
    warnings = [r for r in caplog.records if r.name == "tandem.cache"]
    assert len(warnings) == 1  # once, not once per call: Redis is not asked again for a while
    assert "Redis unreachable" in warnings[0].getMessage()


def test_while_redis_is_away_every_thread_of_the_process_counts_together(caplog):
    """Django makes one cache object per thread: the outage and the fallback counts are the
    process's, or each thread would multiply the limit (and wait for Redis on its own)."""
    import threading

    objects = []

    def in_a_thread():
        objects.append(RedisWithLocalFallback(NOBODY, {}))

    for _ in range(2):
        thread = threading.Thread(target=in_a_thread)
        thread.start()
        thread.join()
    first, second = objects
    with caplog.at_level(logging.WARNING, logger="tandem.cache"):
        assert first.add("failed-logins", 1)
        assert second.incr("failed-logins") == 2
        assert first.get("failed-logins") == 2
    assert second.using_fallback
    assert len([r for r in caplog.records if r.name == "tandem.cache"]) == 1


def test_a_redis_that_refuses_writes_falls_back_instead_of_an_error_page(monkeypatch):
    from redis.exceptions import ReadOnlyError

    cache = RedisWithLocalFallback(NOBODY, {})

    def read_only(*args, **kwargs):
        raise ReadOnlyError("You can't write against a read only replica.")

    monkeypatch.setattr(cache.shared, "add", read_only)
    assert cache.add("tries", 1)  # counted here instead
    assert cache.using_fallback


@pytest.mark.skipif(not _redis_here(), reason="no Redis on 127.0.0.1:6379")
def test_with_redis_two_app_servers_count_together():
    prefix = f"test-{uuid.uuid4().hex}"
    server_a = RedisWithLocalFallback(f"redis://{LOCAL_REDIS[0]}:{LOCAL_REDIS[1]}/0", {"KEY_PREFIX": prefix})
    server_b = RedisWithLocalFallback(f"redis://{LOCAL_REDIS[0]}:{LOCAL_REDIS[1]}/0", {"KEY_PREFIX": prefix})
    try:
        server_a.set("failed-logins", [1, 2, 3], 30)
        assert server_b.get("failed-logins") == [1, 2, 3]
        assert not server_a.using_fallback
    finally:
        server_a.delete("failed-logins")


@pytest.fixture
def unreachable_redis(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "tandem.core.cache.RedisWithLocalFallback", "LOCATION": NOBODY},
    }
    settings.ACCOUNT_RATE_LIMITS = {"verify_record": "2/m/ip"}
    return caches["default"]  # a new one: the settings changed


@pytest.mark.django_db
def test_pages_and_rate_limits_still_answer_without_redis(unreachable_redis, client, caplog):
    with caplog.at_level(logging.WARNING, logger="tandem.cache"):
        assert client.get(reverse("account_login")).status_code == 200
        answers = [client.post(reverse("record_verify"), {"code": "ABCD-EFGH"}).status_code for _ in range(3)]
    assert answers == [200, 200, 429]  # the limit still counts, in this process
    assert "Redis unreachable" in caplog.text
    assert unreachable_redis.using_fallback
