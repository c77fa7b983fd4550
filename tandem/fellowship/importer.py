"""Importing a feed into the database: idempotent upserts by (feed, slug), all or nothing.

A meeting that is gone from its feed is retired while anyone has it in their schedule (so their
week keeps its shape and the page says it is no longer listed), and removed otherwise. Importing
the same file twice changes nothing. Any error before or during the writes leaves the database as
it was: the writes happen in one transaction, after the whole file has been read and checked.
"""

import http.client
import ipaddress
import socket
import time
import urllib.error
import urllib.request
from urllib.parse import urlparse

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import feeds
from .feeds import FeedError
from .models import Feed, ImportRun, Meeting, ScheduleEntry

# Everything a re-import may change: the fingerprinted fields (but the slug, which is the key),
# and the bookkeeping around them.
UPDATE_FIELDS = [
    "program",
    *(name for name in feeds.HASHED if name != "slug"),
    "details",
    "content_hash",
    "imported_at",
    "retired_at",
]
CHUNK = 500
DEFAULT_TIMEOUT = 20


def fetch_timeout() -> float:
    return float(getattr(settings, "TANDEM_FEED_TIMEOUT", DEFAULT_TIMEOUT))


class PrivateAddress(OSError):
    """The feed's host resolves to an address inside a private network (or this machine)."""


def is_public(address: str) -> bool:
    """Whether an IP address is on the public internet (not private, loopback, link-local — the
    cloud metadata service — shared, reserved or multicast), IPv4-mapped IPv6 included."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _connect_public(address, timeout=socket._GLOBAL_DEFAULT_TIMEOUT, source_address=None):
    """socket.create_connection, to a public address only.

    The host is resolved once, every address it resolves to is checked, and the connection is
    made to the checked address itself — so a second lookup answering differently (DNS
    rebinding) cannot slip a private address in between. Without this, whoever may add a feed
    could make the server request addresses on its own network (SSRF)."""
    host, port = address
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    if not settings.TANDEM_FEED_ALLOW_PRIVATE:
        for *_, sockaddr in infos:
            if not is_public(sockaddr[0]):
                raise PrivateAddress(f"{host} is an address inside a private network")
    error = None
    for family, kind, proto, _name, sockaddr in infos:
        sock = socket.socket(family, kind, proto)
        try:
            if timeout is not socket._GLOBAL_DEFAULT_TIMEOUT:
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
            return sock
        except OSError as failure:
            error = failure
            sock.close()
    raise error or OSError(f"{host} has no address")


class _PublicHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = _connect_public


class _PublicHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = _connect_public


class _PublicHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(_PublicHTTPConnection, req)


class _PublicHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(_PublicHTTPSConnection, req, context=self._context)


def _opener() -> urllib.request.OpenerDirector:
    """http and https only, to public addresses only (redirects too), no file:, ftp: or data:."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        _PublicHTTPHandler(),
        _PublicHTTPSHandler(),
        urllib.request.HTTPRedirectHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def fetch(url: str, *, timeout: float | None = None, limit: int | None = None) -> tuple[bytes, str]:
    """The bytes at a web address and a hint of their kind ("json", "csv" or ""), or FeedError."""
    timeout = timeout or fetch_timeout()
    limit = limit or feeds.max_bytes()
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise FeedError(_("The feed's address must start with http:// or https://."))
    request = urllib.request.Request(  # noqa: S310 (scheme checked above; the opener speaks http(s) only)
        url,
        headers={"User-Agent": "meeting-list-import/1.0", "Accept": "application/json, text/csv;q=0.9, */*;q=0.1"},
    )
    deadline = time.monotonic() + timeout * 3
    host = parsed.hostname or url
    try:
        with _opener().open(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > limit:
                raise feeds.too_large(limit)
            kind = "csv" if "csv" in response.headers.get("Content-Type", "") else ""
            chunks, total = [], 0
            while True:
                chunk = response.read(64 * 1024)
                if not chunk:
                    break
                total += len(chunk)
                if total > limit:
                    raise feeds.too_large(limit)
                if time.monotonic() > deadline:
                    raise TimeoutError
                chunks.append(chunk)
    except urllib.error.HTTPError as error:
        raise FeedError(
            _("%(host)s answered with an error (%(code)s %(reason)s). Nothing was imported.")
            % {"host": host, "code": error.code, "reason": error.reason}
        ) from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, PrivateAddress):
            raise FeedError(
                _(
                    "%(host)s is an address inside a private network, which Tandem does not fetch from. "
                    "Nothing was imported; download the file and upload it instead."
                )
                % {"host": host}
            ) from None
        if isinstance(error.reason, TimeoutError | socket.timeout):
            raise _timed_out(host, timeout) from None
        raise FeedError(
            _("We couldn't reach %(host)s (%(reason)s). Nothing was imported.") % {"host": host, "reason": error.reason}
        ) from None
    except TimeoutError:
        raise _timed_out(host, timeout) from None
    except (OSError, ValueError, http.client.HTTPException) as error:
        raise FeedError(
            _("We couldn't read the feed from %(host)s (%(problem)s). Nothing was imported.")
            % {"host": host, "problem": error}
        ) from None
    if not kind and parsed.path.lower().endswith(".csv"):
        kind = "csv"
    return b"".join(chunks), kind


def _timed_out(host: str, timeout: float) -> FeedError:
    return FeedError(
        _("%(host)s didn't answer within %(seconds)s seconds. Nothing was imported; try again later.")
        % {"host": host, "seconds": f"{timeout:g}"}
    )


def import_bytes(
    feed: Feed,
    raw: bytes,
    *,
    name: str = "",
    kind: str = "",
    actor=None,
    source: str = "",
    limit: int | None = None,
) -> ImportRun:
    """Read, check and import a feed file. FeedError (nothing changed) when the file is refused."""
    parsed = feeds.parse(
        raw, program=feed.program, default_time_zone=feed.default_time_zone, name=name, kind=kind, limit=limit
    )
    return apply(feed, parsed, actor=actor, source=source or name)


def import_url(feed: Feed, *, actor=None, timeout: float | None = None) -> ImportRun:
    raw, kind = fetch(feed.url, timeout=timeout)
    return import_bytes(feed, raw, kind=kind, actor=actor, source=feed.url)


def record_failure(feed: Feed, error: Exception, *, actor=None, source: str = "") -> ImportRun:
    """Note a refused import for the admin page and cron logs. The meetings are untouched."""
    return ImportRun.objects.create(feed=feed, actor=actor, source=source[:500], ok=False, error=str(error)[:2000])


def apply(feed: Feed, parsed: feeds.Parsed, *, actor=None, source: str = "") -> ImportRun:
    now = timezone.now()
    created = updated = unchanged = retired = removed = 0
    with transaction.atomic():
        existing = {
            slug: (pk, digest, retired_at)
            for slug, pk, digest, retired_at in Meeting.objects.filter(feed=feed).values_list(
                "slug", "pk", "content_hash", "retired_at"
            )
        }
        to_create: list[Meeting] = []
        to_update: list[Meeting] = []
        for row in parsed.rows:
            found = existing.pop(row["slug"], None)
            if found is None:
                to_create.append(Meeting(feed=feed, program=feed.program, imported_at=now, **row))
            elif found[1] != row["content_hash"] or found[2] is not None:
                to_update.append(Meeting(pk=found[0], feed=feed, program=feed.program, imported_at=now, **row))
            else:
                unchanged += 1
        if to_create:
            Meeting.objects.bulk_create(to_create, batch_size=CHUNK * 4)
            created = len(to_create)
        if to_update:
            Meeting.objects.bulk_update(to_update, UPDATE_FIELDS, batch_size=CHUNK // 5)
            updated = len(to_update)

        gone = [(pk, retired_at) for pk, _digest, retired_at in existing.values()]
        gone_ids = [pk for pk, _retired_at in gone]
        scheduled: set[int] = set()
        for start in range(0, len(gone_ids), CHUNK):
            scheduled.update(
                ScheduleEntry.objects.filter(meeting_id__in=gone_ids[start : start + CHUNK]).values_list(
                    "meeting_id", flat=True
                )
            )
        newly_retired = [pk for pk, retired_at in gone if pk in scheduled and retired_at is None]
        to_remove = [pk for pk in gone_ids if pk not in scheduled]
        for start in range(0, len(newly_retired), CHUNK):
            Meeting.objects.filter(pk__in=newly_retired[start : start + CHUNK]).update(retired_at=now)
        retired = len(newly_retired)
        for start in range(0, len(to_remove), CHUNK):
            Meeting.objects.filter(pk__in=to_remove[start : start + CHUNK]).delete()
        removed = len(to_remove)

        feed.time_zones = sorted(parsed.time_zones)
        feed.last_imported_at = now
        feed.save(update_fields=["time_zones", "last_imported_at"])
        return ImportRun.objects.create(
            feed=feed,
            actor=actor,
            source=source[:500],
            started_at=now,
            ok=True,
            created=created,
            updated=updated,
            unchanged=unchanged,
            retired=retired,
            removed=removed,
            rejections=[p.as_dict() for p in parsed.rejections],
            warnings=[p.as_dict() for p in parsed.warnings],
        )


def refresh_all(*, stdout=None) -> list[ImportRun]:
    """Re-import every feed that has a web address (for cron). One feed failing stops no other."""
    runs = []
    for feed in Feed.objects.exclude(url=""):
        try:
            run = import_url(feed)
        except FeedError as error:
            run = record_failure(feed, error, source=feed.url)
        runs.append(run)
        if stdout is not None:
            stdout.write(describe(run))
    return runs


def describe(run: ImportRun) -> str:
    if not run.ok:
        return _("%(feed)s: not imported — %(error)s") % {"feed": run.feed, "error": run.error}
    return _(
        "%(feed)s: %(created)s new, %(updated)s changed, %(unchanged)s unchanged, %(retired)s retired, "
        "%(removed)s removed, %(rejected)s turned away, %(left_out)s fields left out"
    ) % {
        "feed": run.feed,
        "created": run.created,
        "updated": run.updated,
        "unchanged": run.unchanged,
        "retired": run.retired,
        "removed": run.removed,
        "rejected": len(run.rejections),
        "left_out": len(run.warnings),
    }
