"""Fixtures of the publicity tests: uploads go to a temporary MEDIA_ROOT; `staff` writes, `director`
reviews."""

import pytest


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def editor(staff):
    return staff


@pytest.fixture
def reviewer(director):
    return director
