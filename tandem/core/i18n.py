"""The JavaScript catalogue (docs/i18n.md), served so that a browser fetches it once per language
and release instead of once per page.

Pages ask for it with `?v=<version>`, where the version names the language and the compiled
catalogues; a request carrying the current version may be kept by the browser for a month
(private: it follows the person's language). Any other request (the service worker's copy, an
old page) is answered fresh, uncached.
"""

import hashlib
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.views.i18n import JavaScriptCatalog

TANDEM_APPS = [app for app in settings.INSTALLED_APPS if app.startswith("tandem.")]
KEPT_FOR_SECONDS = 30 * 24 * 3600


@cache
def _catalogues_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted(Path(settings.BASE_DIR, "tandem").glob("*/locale/*/LC_MESSAGES/djangojs.mo")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def catalogue_version(language: str | None = None) -> str:
    return f"{language or get_language()}-{_catalogues_digest()}"


_catalogue_view = JavaScriptCatalog.as_view(packages=TANDEM_APPS)


@login_not_required
def javascript_catalogue(request):
    """Every Tandem app's djangojs strings in the request's language; public, since the sign-in
    page's scripts speak too."""
    response = _catalogue_view(request)
    if request.GET.get("v") == catalogue_version():
        patch_cache_control(response, private=True, max_age=KEPT_FOR_SECONDS, immutable=True)
    return response
