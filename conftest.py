import pytest

from tandem.core.testing import build_world


@pytest.fixture
def world(db):
    return build_world()
