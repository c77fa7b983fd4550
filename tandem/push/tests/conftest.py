import pytest

from tandem.push.tests.helpers import LOCAL_HOST, PushReceiver


@pytest.fixture
def receiver(settings):
    """A local push service, listed by its exact host and reached over plain http: both only
    because the test says so (production is https-only and this setting is never read from the
    environment)."""
    settings.TANDEM_PUSH_SERVICES = [*settings.TANDEM_PUSH_SERVICES, LOCAL_HOST]
    settings.TANDEM_PUSH_ALLOW_HTTP = True
    with PushReceiver() as running:
        yield running
