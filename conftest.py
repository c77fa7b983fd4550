"""Root fixtures: the `world` of personas, and a pinned clock on request.

`--fake-now=MOMENT` (or the environment variable TANDEM_FAKE_NOW) runs every test that is not a
browser test as if MOMENT were the time, the clock ticking on from there. MOMENT is an ISO date
and time with either an offset or a zone name after a space:

    pytest --fake-now="2026-03-08T00:30 America/New_York"   # half past midnight, the day DST starts

CI runs the suite once more this way (with a host TZ far from UTC) to prove it passes at awkward
hours. Browser tests keep the real clock: Chromium runs on it, and a cookie stamped by a server
that lives at another date would expire in the browser. A test that needs a particular moment
pins it itself with `time_machine.travel(...)`, which takes precedence.
"""

import contextlib
import copy
import datetime
import os
import zoneinfo

import pytest
import time_machine
from django.db import transaction

from tests.support.world import build_world


def pytest_addoption(parser):
    parser.addoption(
        "--fake-now",
        default=os.environ.get("TANDEM_FAKE_NOW", ""),
        help='run the tests at this moment, e.g. "2026-03-08T00:30 America/New_York" (browser tests excepted)',
    )


def parse_moment(value: str) -> datetime.datetime:
    """An aware datetime from "2026-03-08T00:30 America/New_York" or "2026-03-08T00:30-05:00"."""
    stamp, _, zone = value.strip().partition(" ")
    try:
        moment = datetime.datetime.fromisoformat(stamp)
        if zone:
            moment = moment.replace(tzinfo=zoneinfo.ZoneInfo(zone.strip()))
    except (ValueError, zoneinfo.ZoneInfoNotFoundError) as error:
        raise pytest.UsageError(f"--fake-now {value!r}: {error}") from None
    if moment.tzinfo is None:
        raise pytest.UsageError(f"--fake-now {value!r}: give an offset or a zone name")
    return moment


def pytest_configure(config):
    value = config.getoption("--fake-now")
    config.fake_now = parse_moment(value) if value else None


def pytest_collection_modifyitems(config, items):
    """The slowest tests first (the browser crawl, then the other browser tests), so that the
    workers of a parallel run (`--dist load`) start on them and finish together."""

    def weight(item) -> int:
        path = str(item.fspath)
        return 0 if path.endswith("test_crawl.py") else 1 if f"tests{os.sep}e2e" in path else 2

    items.sort(key=weight)


def pytest_report_header(config):
    if config.fake_now is not None:
        utc = config.fake_now.astimezone(datetime.UTC)
        return f"fake now: {config.fake_now.isoformat()} ({utc:%Y-%m-%d %H:%M} UTC)"
    return None


def pinned_clock(config):
    """The --fake-now clock as a context manager (a no-op when the suite runs on the real clock)."""
    if config.fake_now is None:
        return contextlib.nullcontext()
    # In UTC, so that time-machine leaves the process's local zone (and so the host's TZ) alone.
    return time_machine.travel(config.fake_now.astimezone(datetime.UTC), tick=True)


@pytest.fixture(autouse=True)
def _fake_now(request):
    if request.node.get_closest_marker("browser"):
        yield
        return
    with pinned_clock(request.config):
        yield


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture(scope="module")
def _world_of_the_module(request, django_db_setup, django_db_blocker):
    """One world for a whole module, inside a transaction that is rolled back when the module ends."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        with pinned_clock(request.config):
            world = build_world()
    yield world
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def module_world(_world_of_the_module, db):
    """The module's world, for modules whose many cases each need a fresh one (the role matrix).

    Built once per module and copied for each test; each test's own writes are rolled back as
    usual (its transaction is a savepoint inside the module's). Not for transactional tests. A
    module opts in with `@pytest.fixture def world(module_world): return module_world`.
    """
    return copy.deepcopy(_world_of_the_module)


@pytest.fixture(autouse=True)
def _every_test_starts_in_english():
    """Django keeps the language a request activated in its thread after the answer; a test that
    reads text outside a request would otherwise get the language of the page some earlier test
    asked for in Spanish (an order-dependent failure under xdist)."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()
