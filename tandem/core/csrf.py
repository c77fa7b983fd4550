from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import render


class NoReferrerCsrfViewMiddleware(CsrfViewMiddleware):
    """Django's CSRF protection, made to work with `Referrer-Policy: no-referrer`.

    Under that policy browsers send `Origin: null` on our own form posts. We accept "null" only
    when the browser itself (Sec-Fetch-Site, which page scripts cannot set) says the request
    came from this same origin. The CSRF token check that follows is unchanged.
    """

    def _origin_verified(self, request):
        if request.META.get("HTTP_ORIGIN") == "null" and request.META.get("HTTP_SEC_FETCH_SITE") == "same-origin":
            return True
        return super()._origin_verified(request)


def csrf_failure(request, reason=""):
    """A refused form, in the person's language and inside the site's layout (crisis help, quick
    exit), instead of Django's English page. The reason is logged by Django, never shown."""
    return render(request, "403_csrf.html", status=403)
