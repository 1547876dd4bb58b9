"""Drive allauth's OAuth dance for Gitee and GitHub in tests: start with a POST, read the
``state`` from the redirect to the forge, come back to the callback as the forge would; the
forge's token and ``/user`` endpoints answer from ``recorded_forges`` through ``responses``."""

import copy
import json
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import responses

from tests.accounts import recorded_forges as rec


@dataclass(frozen=True)
class Forge:
    id: str
    name: str
    authorize_url: str
    token_url: str
    user_url: str
    token: str
    user: dict

    def token_ok(self, mocked):
        if self.id == "gitee":
            mocked.post(self.token_url, json=rec.GITEE_TOKEN_OK)
        else:
            mocked.post(
                self.token_url,
                body=rec.GITHUB_TOKEN_OK,
                content_type="application/x-www-form-urlencoded; charset=utf-8",
            )

    def user_ok(self, mocked, user=None):
        mocked.get(self.user_url, json=user or self.user)


GITEE = Forge(
    id="gitee",
    name="Gitee",
    authorize_url="https://gitee.com/oauth/authorize",
    token_url="https://gitee.com/oauth/token",
    user_url="https://gitee.com/api/v5/user",
    token=rec.GITEE_TOKEN,
    user=rec.GITEE_USER,
)
GITHUB = Forge(
    id="github",
    name="GitHub",
    authorize_url="https://github.com/login/oauth/authorize",
    token_url="https://github.com/login/oauth/access_token",
    user_url="https://api.github.com/user",
    token=rec.GITHUB_TOKEN,
    user=rec.GITHUB_USER,
)
FORGES = {"gitee": GITEE, "github": GITHUB}


def configure_forges(settings, *forges):
    """Give the named forges an app (client id and secret), and the others none."""
    providers = copy.deepcopy(settings.SOCIALACCOUNT_PROVIDERS)
    for forge_id, config in providers.items():
        config["APPS"] = (
            [{"client_id": f"{forge_id}-client-id", "secret": f"{forge_id}-client-secret"}]
            if forge_id in forges
            else []
        )
    settings.SOCIALACCOUNT_PROVIDERS = providers


def start(client, forge, process="login", next_url=None):
    """POST the sign-in (or link) start; return the query the forge's authorize page gets."""
    url = f"/accounts/{forge.id}/login/?process={process}"
    if next_url:
        url += f"&next={next_url}"
    response = client.post(url)
    assert response.status_code == 302, response.content[:500]
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == forge.authorize_url
    return {key: values[0] for key, values in parse_qs(location.query).items()}


def come_back(client, forge, state, **params):
    """The forge sends the browser back to our callback."""
    query = {"code": "f1e2d3c4b5a6", "state": state, **params}
    return client.get(f"/accounts/{forge.id}/login/callback/", query)


def sign_in(client, forge, *, user=None, process="login", next_url=None):
    """The whole dance with the forge agreeing; returns the callback's response."""
    with responses.RequestsMock() as mocked:
        forge.token_ok(mocked)
        forge.user_ok(mocked, user)
        query = start(client, forge, process=process, next_url=next_url)
        return come_back(client, forge, query["state"])


def form_of(request_body) -> dict:
    body = request_body.decode() if isinstance(request_body, bytes) else request_body
    return {key: values[0] for key, values in parse_qs(body).items()}


def as_json(data) -> str:
    return json.dumps(data, ensure_ascii=False)
