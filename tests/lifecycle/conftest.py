"""Fixtures for the certification lifecycle (validity, reminders, renewal, bulk import)."""

import pytest
from django.core.cache import cache

from honor_wall import credentials


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _temporary_signing_key(settings, tmp_path):
    """Credentials are signed with a key generated in a temp directory, never in var/."""
    settings.CREDENTIAL_KEY_FILE = str(tmp_path / "key.pem")
    settings.CREDENTIAL_SIGNING_KEY = ""
    credentials.signing_key.cache_clear()
    yield
    credentials.signing_key.cache_clear()
