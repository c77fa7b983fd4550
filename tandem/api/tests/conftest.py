import datetime

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from tandem.api.models import SCOPES as ALL_SCOPES
from tandem.api.models import ApiToken


def issue(user, scopes=ALL_SCOPES, days=30, name="test"):
    """A token of `user`'s and its secret."""
    return ApiToken.issue(user, name=name, scopes=scopes, expires_at=timezone.now() + datetime.timedelta(days=days))


def bearer(secret) -> Client:
    """A client that sends `secret` as its bearer token on every request (and no session)."""
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


@pytest.fixture(autouse=True)
def _fresh_rate_counts():
    cache.clear()
    yield
    cache.clear()
