from django.urls import path

from . import views
from .v1 import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("me/tokens/", views.tokens, name="api_tokens"),
    path("me/tokens/<int:pk>/revoke/", views.revoke_token, name="api_token_revoke"),
]
