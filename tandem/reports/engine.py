"""HTML to PDF with WeasyPrint, offline. Imported only by `pdf.render_pdf` (see pdf.py: why).

The fetcher below is the only way WeasyPrint can load anything: it serves `data:` URIs and
Tandem's own static files, read from disk; every other address (http, https elsewhere, file:,
ftp:) is refused, so a report can never reach the network or read an arbitrary local file.
"""

import logging
import mimetypes
from urllib import request as urllib_request
from urllib.parse import urlsplit

from django.conf import settings
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .pdf import NetworkRefused, static_path

BASE_HOST = "tandem.invalid"  # .invalid never resolves (RFC 2606); it only names our own files
BASE_URL = f"https://{BASE_HOST}/"

log = logging.getLogger(__name__)
# WeasyPrint warns about every CSS property it does not know (e.g. SVG fills set from the page's
# stylesheets); the reports are checked by their tests, so keep the server log for real problems.
logging.getLogger("weasyprint").setLevel(logging.ERROR)


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


def write_pdf(html: str) -> bytes:
    return HTML(string=html, base_url=BASE_URL, url_fetcher=OfflineFetcher()).write_pdf()
