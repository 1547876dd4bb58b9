"""Linked forge accounts and the forges' recorded answers (``tests/fixtures/forges/recorded``),
served by ``responses`` in place of the internet."""

import json
import re
from pathlib import Path

import pytest
import responses
from allauth.socialaccount.models import SocialAccount, SocialToken
from django.core.cache import cache
from responses import matchers

from forges import shared
from tests.factories import UserFactory

RECORDED = Path(__file__).parent.parent / "fixtures" / "forges" / "recorded"
GITEE = "https://gitee.com/api/v5"
GITHUB = "https://api.github.com"
GITEE_TOKEN = "gitee-token-5e8f1b"  # a made-up token of the recorded answers
GITHUB_TOKEN = "gho_16C7e42F292c6912E7710c838347Ae178B4a"


def recorded(name: str) -> dict:
    return json.loads((RECORDED / name).read_text())


class Forges:
    """Registers recorded answers: ``forges.reply(url, "file.json", page=2)``."""

    def __init__(self, mock: responses.RequestsMock):
        self.mock = mock

    def reply(self, url, name, edit=None, **params):
        """Serve the recorded answer ``name``; ``edit(answer)`` may change it first."""
        answer = recorded(name)
        if edit is not None:
            edit(answer)
        body = answer["body"]
        kwargs = {"status": answer["status"], "headers": answer["headers"]}
        if isinstance(body, str):
            kwargs["body"] = body
        elif body is not None:
            kwargs["json"] = body
        if params:
            kwargs["match"] = [
                matchers.query_param_matcher(
                    {key: str(value) for key, value in params.items()}, strict_match=False
                )
            ]
        return self.mock.get(url, **kwargs)

    def gitee_everything(self):
        """The person's Gitee issues and merged pull requests, over two pages for mindspore."""
        self.reply(f"{GITEE}/orgs/mindspore/issues", "gitee_org_issues.json")
        pulls = f"{GITEE}/repos/mindspore/mindspore/pulls"
        self.reply(pulls, "gitee_pulls_mindspore_page2.json", page=2)
        self.reply(pulls, "gitee_pulls_mindspore_page1.json", page=1)
        self.reply(f"{GITEE}/repos/mindspore/docs/pulls", "gitee_pulls_docs.json")
        self.gitee_other_repositories_empty()

    def gitee_other_repositories_empty(self, *, but=("mindspore", "docs")):
        others = "".join(f"(?!{name}/)" for name in but)
        pattern = rf"{re.escape(GITEE)}/repos/mindspore/{others}[\w.-]+/pulls"
        self.reply(re.compile(pattern), "gitee_empty.json")

    def github_everything(self):
        self.reply(f"{GITHUB}/search/issues", "github_search_page2.json", page=2)
        self.reply(f"{GITHUB}/search/issues", "github_search_page1.json")

    def calls_to(self, prefix):
        return [call for call in self.mock.calls if call.request.url.startswith(prefix)]


@pytest.fixture(autouse=True)
def _no_shared_sync_state():
    """The shared sync's lock and wait live in the cache, which outlives a test."""
    keys = [shared.LOCK, shared.WAIT]
    cache.delete_many(keys)
    yield
    cache.delete_many(keys)


@pytest.fixture
def forges():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield Forges(mock)


def link(user, provider, uid, login, token):
    account = SocialAccount.objects.create(
        user=user, provider=provider, uid=uid, extra_data={"id": int(uid), "login": login}
    )
    SocialToken.objects.create(account=account, token=token)
    return account


@pytest.fixture
def gitee_person(db):
    person = UserFactory(email="li.wei@example.org")
    link(person, "gitee", "99", "li-wei", GITEE_TOKEN)
    return person


@pytest.fixture
def github_person(db):
    person = UserFactory(email="octo@example.org")
    link(person, "github", "5811", "octo-dev", GITHUB_TOKEN)
    return person
