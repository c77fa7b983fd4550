from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.urls import path, re_path
from django.utils.translation import gettext

from . import views
from .v1 import api


@login_not_required
def unknown(request, rest=""):
    """Any other address under /api/: a JSON 404, never the site's page."""
    return JsonResponse({"detail": gettext("Not found.")}, status=404)


urlpatterns = [
    path("api/v1/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", unknown, name="api_unknown"),
    path("me/tokens/", views.tokens, name="api_tokens"),
    path("me/tokens/<int:pk>/revoke/", views.revoke_token, name="api_token_revoke"),
]
