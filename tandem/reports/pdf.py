"""HTML to PDF with WeasyPrint, offline.

The fetcher below is the only way WeasyPrint can load anything: it serves `data:` URIs and
Tandem's own static files, read from disk; every other address (http, https elsewhere, file:,
ftp:) is refused, so a report can never reach the network or read an arbitrary local file.
"""

import functools
import logging
import mimetypes
import posixpath
import re
from pathlib import Path
from urllib import request as urllib_request
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

BASE_HOST = "tandem.invalid"  # .invalid never resolves (RFC 2606); it only names our own files
BASE_URL = f"https://{BASE_HOST}/"

log = logging.getLogger(__name__)
# WeasyPrint warns about every CSS property it does not know (e.g. SVG fills set from the page's
# stylesheets); the reports are checked by their tests, so keep the server log for real problems.
logging.getLogger("weasyprint").setLevel(logging.ERROR)


class NetworkRefused(ValueError):
    pass


def static_path(relative: str) -> Path | None:
    relative = posixpath.normpath(unquote(relative)).lstrip("/")
    if relative.startswith("..") or relative in ("", "."):
        return None
    root = Path(settings.STATIC_ROOT) if settings.STATIC_ROOT else None
    if root is not None:
        candidate = (root / relative).resolve()
        if candidate.is_file() and root.resolve() in candidate.parents:
            return candidate
    try:
        found = finders.find(relative)
    except Exception:  # a suspicious path: refuse it like any other
        return None
    return Path(found) if found else None


class OfflineFetcher(URLFetcher):
    """Serves data: URIs and our own static files; refuses everything else."""

    def __init__(self, **kwargs):
        super().__init__(timeout=1, allowed_protocols={"data", "https"}, allow_redirects=False, **kwargs)

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            response = urllib_request.DataHandler().data_open(urllib_request.Request(url))  # noqa: S310 - data: URIs only, checked above
            return URLFetcherResponse(
                url, response.read(), {"Content-Type": response.headers.get("Content-Type", "text/plain")}
            )
        parts = urlsplit(url)
        static_url = settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/" + settings.STATIC_URL
        if parts.scheme == "https" and parts.netloc == BASE_HOST and parts.path.startswith(static_url):
            path = static_path(parts.path[len(static_url) :])
            if path is not None:
                mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})
        log.warning("report: refused to fetch %s", url[:200])
        raise NetworkRefused(f"Reports fetch nothing from the network: {url[:200]}")


SVG_OPENING = re.compile(r"(<svg\b[^>]*>)")


@functools.cache
def chart_style() -> str:
    """The charts' print colours, as a <style> element to put inside each inline SVG."""
    return "<style>" + static_path("reports/chart-print.css").read_text() + "</style>"


def render_pdf(html: str) -> bytes:
    html = SVG_OPENING.sub(lambda match: match.group(1) + chart_style(), html)
    return HTML(string=html, base_url=BASE_URL, url_fetcher=OfflineFetcher()).write_pdf()
