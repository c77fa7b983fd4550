"""Fixtures shared by the Spanish runs (test_i18n_spanish.py, test_i18n_answers.py)."""

import pytest

from tests.support.i18n import EnglishShapes, english_sources


@pytest.fixture(scope="module")
def sources():
    """Our English msgids, and which catalogues hold them."""
    return english_sources()


@pytest.fixture(scope="module")
def shapes(sources):
    return EnglishShapes(sources)
