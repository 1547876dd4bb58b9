"""The stand-in forge (``forges/standin``) speaks enough of Gitee's and GitHub's OAuth and REST
for our own code: the real clients, provider endpoints and import run against it over HTTP, and
it refuses to run in production."""

import http.client
import json
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from allauth.socialaccount.models import SocialAccount, SocialToken
from django.core.management import CommandError, call_command

from applications.models import Evidence
from applications.selectors import eligibility_of
from forges.services import import_contributions
from forges.standin.server import CLIENT_IDS, CLIENT_SECRET, serve_in_thread
from tests.factories import UserFactory, make_evidence, make_profile

pytestmark = pytest.mark.django_db

CALLBACK = "http://127.0.0.1:9/accounts/gitee/login/callback/"


@pytest.fixture(scope="module")
def standin():
    server, root = serve_in_thread()
    yield root
    server.shutdown()
    server.server_close()


@pytest.fixture
def pointed_at_standin(settings, standin):
    settings.GITEE_OAUTH_URL = f"{standin}/gitee"
    settings.GITEE_API_URL = f"{standin}/gitee/api/v5"
    settings.GITHUB_OAUTH_URL = f"{standin}/github"
    settings.GITHUB_API_URL = f"{standin}/github/api"
    return standin


def authorize(root, forge, login, decision="authorize", redirect_uri=CALLBACK):
    path = "/gitee/oauth/authorize" if forge == "gitee" else "/github/login/oauth/authorize"
    form = {
        "client_id": CLIENT_IDS[forge],
        "redirect_uri": redirect_uri,
        "state": "st4te",
        "response_type": "code",
        "login": login,
        "decision": decision,
    }
    answer = requests.post(root + path, data=form, allow_redirects=False, timeout=5)
    assert answer.status_code == 302
    return {k: v[0] for k, v in parse_qs(urlsplit(answer.headers["Location"]).query).items()}


def gitee_token(root, code, secret=CLIENT_SECRET):
    return requests.post(
        f"{root}/gitee/oauth/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "client_id": CLIENT_IDS["gitee"],
            "client_secret": secret,
            "redirect_uri": CALLBACK,
        },
        timeout=5,
    )


def link(user, forge, uid, login, token):
    account = SocialAccount.objects.create(
        user=user, provider=forge, uid=uid, extra_data={"id": int(uid), "login": login}
    )
    SocialToken.objects.create(account=account, token=token)


def test_it_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="development only"):
        call_command("standin_forge", "127.0.0.1:0")


def test_a_bad_address_is_refused_with_the_form_it_wants(settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="host:port"):
        call_command("standin_forge", "no-port")


def test_the_consent_page_lists_who_you_can_be(standin):
    page = requests.get(
        f"{standin}/gitee/oauth/authorize",
        params={"client_id": "standin-gitee", "redirect_uri": CALLBACK, "state": "x"},
        timeout=5,
    )
    assert page.status_code == 200
    assert 'value="li-wei"' in page.text and 'value="wang-fang"' in page.text
    assert "development" in page.text
    unknown = requests.get(
        f"{standin}/gitee/oauth/authorize",
        params={"client_id": "someone-else", "redirect_uri": CALLBACK},
        timeout=5,
    )
    assert unknown.status_code == 400


def test_gitee_oauth_code_token_and_user(standin):
    query = authorize(standin, "gitee", "li-wei")
    assert query["state"] == "st4te"

    assert gitee_token(standin, query["code"], secret="wrong").status_code == 401
    answer = gitee_token(standin, query["code"])
    assert answer.status_code == 200
    token = answer.json()
    assert token["token_type"] == "bearer" and token["expires_in"] == 86400
    # A code is good once, like Gitee's.
    again = gitee_token(standin, query["code"])
    assert (again.status_code, again.json()["error"]) == (400, "invalid_grant")

    user = requests.get(
        f"{standin}/gitee/api/v5/user", params={"access_token": token["access_token"]}, timeout=5
    )
    assert (user.json()["login"], user.json()["email"]) == ("li-wei", None)
    refused = requests.get(f"{standin}/gitee/api/v5/user", params={"access_token": "x"}, timeout=5)
    assert refused.status_code == 401


def test_a_malformed_request_gets_a_4xx_not_a_traceback(standin):
    host, port = urlsplit(standin).netloc.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=5)
    connection.putrequest("POST", "/gitee/oauth/token")
    connection.putheader("Content-Length", "not-a-number")
    connection.endheaders()
    answer = connection.getresponse()
    assert (answer.status, json.loads(answer.read())["error"]) == (401, "invalid_client")
    connection.close()


def test_denying_sends_the_person_back_with_access_denied(standin):
    query = authorize(standin, "github", "octo-dev", decision="deny")
    assert query == {
        "error": "access_denied",
        "error_description": "The user denied access.",
        "state": "st4te",
    }


def test_github_answers_its_token_form_encoded_unless_json_is_asked(standin):
    code = authorize(standin, "github", "octo-dev")["code"]
    form = {
        "client_id": "standin-github",
        "client_secret": CLIENT_SECRET,
        "code": code,
        "redirect_uri": CALLBACK,
    }
    answer = requests.post(f"{standin}/github/login/oauth/access_token", data=form, timeout=5)
    token = parse_qs(answer.text)["access_token"][0]
    assert answer.headers["Content-Type"].startswith("application/x-www-form-urlencoded")
    user = requests.get(
        f"{standin}/github/api/user", headers={"Authorization": f"Bearer {token}"}, timeout=5
    )
    assert user.json()["login"] == "octo-dev"
    reused = requests.post(
        f"{standin}/github/login/oauth/access_token",
        data=form,
        headers={"Accept": "application/json"},
        timeout=5,
    )
    assert (reused.status_code, reused.json()["error"]) == (200, "bad_verification_code")


def test_gitee_lists_pages_with_its_headers_and_answers_304_when_unchanged(standin):
    url = f"{standin}/gitee/api/v5/repos/mindspore/mindspore/pulls"
    first = requests.get(url, params={"state": "merged", "per_page": 100}, timeout=5)
    assert first.headers["total_page"] == "2"
    assert len(first.json()) == 100
    second = requests.get(url, params={"state": "merged", "per_page": 100, "page": 2}, timeout=5)
    assert len(second.json()) == int(first.headers["total_count"]) - 100
    again = requests.get(
        url,
        params={"state": "merged", "per_page": 100},
        headers={"If-None-Match": first.headers["ETag"]},
        timeout=5,
    )
    assert (again.status_code, again.content) == (304, b"")


def test_the_import_reads_a_gitee_person_from_the_standin_and_they_qualify(
    pointed_at_standin,
):
    code = authorize(pointed_at_standin, "gitee", "li-wei")["code"]
    token = gitee_token(pointed_at_standin, code).json()["access_token"]
    person = UserFactory(email="li.wei@example.org")
    make_profile(person)
    make_evidence(person, "tech_article")  # declared: the tier's influence half
    link(person, "gitee", "99", "li-wei", token)

    result = import_contributions(user=person)

    assert [a.problem for a in result.accounts] == [""]
    items = Evidence.objects.filter(owner=person).order_by("kind", "date")
    imported = [e for e in items if e.source == Evidence.Source.IMPORTED]
    assert sorted((e.kind, e.fields.get("state", ""), e.repository) for e in imported) == [
        ("community_issue", "accepted", "mindspore/mindspore"),
        ("community_issue", "accepted", "mindspore/mindspore"),
        ("community_issue", "open", "mindspore/mindformers"),
        ("doc_contribution", "", "mindspore/docs"),
        ("pull_request", "merged", "mindspore/models"),
    ]
    assert all(e.forge == "gitee" for e in imported)
    assert all(e.url.startswith(f"{pointed_at_standin}/gitee/mindspore/") for e in imported)
    eligible = {row.tier.slug for row in eligibility_of(person) if row.evaluation.eligible}
    assert "excellent-developer" in eligible
    assert result.newly_eligible == ["excellent-developer"]

    again = import_contributions(user=person)
    assert [(a.created, a.updated, a.missing) for a in again.accounts] == [(0, 0, 0)]
    assert Evidence.objects.filter(owner=person).count() == 6


def test_the_import_reads_a_github_person_from_the_standin(pointed_at_standin):
    code = authorize(pointed_at_standin, "github", "octo-dev")["code"]
    answer = requests.post(
        f"{pointed_at_standin}/github/login/oauth/access_token",
        data={
            "client_id": "standin-github",
            "client_secret": CLIENT_SECRET,
            "code": code,
            "redirect_uri": CALLBACK,
        },
        headers={"Accept": "application/json"},
        timeout=5,
    )
    person = UserFactory(email="octo@example.org")
    link(person, "github", "5811", "octo-dev", answer.json()["access_token"])

    result = import_contributions(user=person)

    assert [(a.problem, a.calls) for a in result.accounts] == [("", 1)]
    kinds = sorted(
        (e.kind, e.fields.get("state", ""), e.fields.get("scope", ""))
        for e in Evidence.objects.filter(owner=person)
    )
    assert kinds == [
        ("community_issue", "accepted", ""),
        ("pull_request", "merged", "framework_core"),
        ("pull_request", "merged", "framework_core"),
        ("pull_request", "merged", "framework_core"),
    ]
