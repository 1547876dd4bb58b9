"""Usable forge tokens for the importer: an expired Gitee token is refreshed (Gitee's OAuth2
refresh, recorded), GitHub's never expire, a refused refresh means signing in again, and a
forge that does not answer is "try later", never "signed out"."""

import logging
from datetime import timedelta

import pytest
import requests
import responses
from allauth.socialaccount.models import SocialAccount, SocialToken
from django.utils import timezone

from accounts.forge_tokens import ForgeUnreachable, forge_token
from tests.accounts import recorded_forges as rec
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TOKEN_URL = "https://gitee.com/oauth/token"
NEW_TOKEN = "9f8e7d6c5b4a39281706f5e4d3c2b1a0"
NEW_REFRESH = "1a2b3c4d5e6f70819203a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9"


def linked(provider="gitee", expires_in=timedelta(hours=-1), token=rec.GITEE_TOKEN):
    account = SocialAccount.objects.create(
        user=UserFactory(), provider=provider, uid="8123456", extra_data={"login": "li-hua"}
    )
    SocialToken.objects.create(
        account=account,
        token=token,
        token_secret=rec.GITEE_REFRESH if provider == "gitee" else "",
        expires_at=timezone.now() + expires_in if expires_in is not None else None,
    )
    return account


def test_a_token_that_has_not_expired_is_used_as_it_is():
    account = linked(expires_in=timedelta(hours=20))

    with responses.RequestsMock():  # the forge is not asked
        assert forge_token(account) == rec.GITEE_TOKEN


def test_an_expired_gitee_token_is_refreshed_and_the_new_pair_kept():
    account = linked()

    with responses.RequestsMock() as mocked:
        mocked.post(
            TOKEN_URL,
            json={**rec.GITEE_TOKEN_OK, "access_token": NEW_TOKEN, "refresh_token": NEW_REFRESH},
        )
        assert forge_token(account) == NEW_TOKEN
        sent = mocked.calls[0].request

    assert "refresh_token=" + rec.GITEE_REFRESH in sent.body
    assert "grant_type=refresh_token" in sent.body
    assert rec.GITEE_REFRESH not in sent.url  # in the body, never in the URL
    token = SocialToken.objects.get(account=account)
    assert (token.token, token.token_secret) == (NEW_TOKEN, NEW_REFRESH)
    assert token.expires_at > timezone.now() + timedelta(hours=23)

    with responses.RequestsMock():  # fresh now: no second refresh
        assert forge_token(account) == NEW_TOKEN


def test_a_token_about_to_expire_is_refreshed_before_a_run():
    account = linked(expires_in=timedelta(minutes=2))

    with responses.RequestsMock() as mocked:
        mocked.post(TOKEN_URL, json={**rec.GITEE_TOKEN_OK, "access_token": NEW_TOKEN})
        assert forge_token(account) == NEW_TOKEN


def test_a_refused_refresh_means_signing_in_again_and_changes_nothing(caplog):
    account = linked()

    with responses.RequestsMock() as mocked:
        mocked.post(TOKEN_URL, status=401, json=rec.GITEE_TOKEN_INVALID_GRANT)
        assert forge_token(account) is None

    token = SocialToken.objects.get(account=account)
    assert (token.token, token.token_secret) == (rec.GITEE_TOKEN, rec.GITEE_REFRESH)
    assert "refused to refresh" in caplog.text
    assert rec.GITEE_TOKEN not in caplog.text and rec.GITEE_REFRESH not in caplog.text


@pytest.mark.parametrize(
    "answer",
    [
        {"status": 502, "body": rec.GITEE_SERVER_ERROR_HTML, "content_type": "text/html"},
        {"status": 429, "json": {"message": "Too Many Requests"}},
        {"body": requests.ConnectionError("connection refused")},
    ],
    ids=["502", "429", "down"],
)
def test_a_forge_that_does_not_answer_is_try_later_not_signed_out(answer, caplog):
    caplog.set_level(logging.DEBUG)
    account = linked()

    with responses.RequestsMock() as mocked:
        mocked.post(TOKEN_URL, **answer)
        with pytest.raises(ForgeUnreachable) as raised:
            forge_token(account)

    assert rec.GITEE_REFRESH not in str(raised.value)
    assert SocialToken.objects.get(account=account).token == rec.GITEE_TOKEN
    assert rec.GITEE_REFRESH not in caplog.text


def test_github_tokens_do_not_expire():
    account = linked("github", expires_in=None, token=rec.GITHUB_TOKEN)

    with responses.RequestsMock():
        assert forge_token(account) == rec.GITHUB_TOKEN


def test_no_stored_token_is_no_token():
    account = SocialAccount.objects.create(user=UserFactory(), provider="gitee", uid="1")

    assert forge_token(account) is None


def test_the_refresh_goes_where_gitee_is_configured(settings):
    settings.GITEE_OAUTH_URL = "http://127.0.0.1:8120/gitee"
    account = linked()

    with responses.RequestsMock() as mocked:
        mocked.post(
            "http://127.0.0.1:8120/gitee/oauth/token",
            json={**rec.GITEE_TOKEN_OK, "access_token": NEW_TOKEN},
        )
        assert forge_token(account) == NEW_TOKEN
