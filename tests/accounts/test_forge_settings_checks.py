"""``manage.py check`` refuses a half-configured forge; ``--deploy`` warns of plain-HTTP forges."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError


def test_a_client_id_without_its_secret_fails_the_check(settings):
    settings.GITEE_CLIENT_ID = "gitee-client-id"
    settings.GITEE_CLIENT_SECRET = ""

    with pytest.raises(SystemCheckError, match="GITEE_CLIENT_ID is set but GITEE_CLIENT_SECRET"):
        call_command("check")


def test_a_secret_without_its_client_id_fails_the_check(settings):
    settings.GITHUB_CLIENT_ID = ""
    settings.GITHUB_CLIENT_SECRET = "s3cret"

    with pytest.raises(SystemCheckError, match="GITHUB_CLIENT_SECRET is set but GITHUB_CLIENT_ID"):
        call_command("check")


def test_both_or_neither_pass(settings):
    settings.GITEE_CLIENT_ID, settings.GITEE_CLIENT_SECRET = "id", "secret"
    settings.GITHUB_CLIENT_ID, settings.GITHUB_CLIENT_SECRET = "", ""

    call_command("check")


def test_a_plain_http_forge_in_production_is_warned_of(settings):
    from accounts.checks import forge_addresses_use_https

    settings.DEBUG = False
    settings.GITEE_OAUTH_URL = "http://127.0.0.1:8120/gitee"

    (warning,) = forge_addresses_use_https(None)
    assert warning.id == "accounts.W001"
    assert "GITEE_OAUTH_URL" in warning.msg

    settings.GITEE_OAUTH_URL = "https://gitee.com"
    assert forge_addresses_use_https(None) == []
    settings.DEBUG = True
    settings.GITHUB_API_URL = "http://127.0.0.1:8120/github/api"
    assert forge_addresses_use_https(None) == []  # development: a stand-in is fine
