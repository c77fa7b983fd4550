"""PDF reports: whether this server can make them, and making them.

WeasyPrint needs the Pango and HarfBuzz system libraries and raises OSError on import where they
are missing, so it is imported only here, inside functions: a machine without them still serves
every page, and the reports say in plain words that PDFs are off (`pdf_available`). The
WeasyPrint side — the offline fetcher and the rendering — lives in `engine.py`.
"""

import contextlib
import functools
import io
import logging
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote

from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils.functional import lazy
from django.utils.translation import gettext

PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b"


def _unavailable() -> str:
    return gettext(
        "PDF downloads are not available on this server yet. Whoever looks after it can turn them on "
        "by installing the Pango and HarfBuzz libraries (on Debian or Ubuntu: %(packages)s). "
        "The report itself works as usual on screen."
    ) % {"packages": PACKAGES}


UNAVAILABLE = lazy(_unavailable, str)()
"""Said in the reader's language when it is shown (a lazy string)."""

log = logging.getLogger(__name__)


class NetworkRefused(ValueError):
    pass


@functools.cache
def pdf_available() -> bool:
    """Whether WeasyPrint loads here: asked once per process (tests: `pdf_available.cache_clear()`)."""
    banner = io.StringIO()  # WeasyPrint prints an installation banner when a library is missing
    try:
        with contextlib.redirect_stdout(banner):
            import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:
        log.info("PDF reports are off: WeasyPrint cannot be loaded (%s: %s)", type(error).__name__, error)
        return False
    return True


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


SVG_OPENING = re.compile(r"(<svg\b[^>]*>)")


@functools.cache
def chart_style() -> str:
    """The charts' print colours, as a <style> element to put inside each inline SVG."""
    return "<style>" + static_path("reports/chart-print.css").read_text() + "</style>"


def render_pdf(html: str) -> bytes:
    """The PDF of `html`. Ask `pdf_available()` first: without WeasyPrint this raises OSError."""
    from . import engine  # loads WeasyPrint, heavy and optional: only when a PDF is made

    html = SVG_OPENING.sub(lambda match: match.group(1) + chart_style(), html)
    return engine.write_pdf(html)
