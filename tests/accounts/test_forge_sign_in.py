"""Signing up and logging in with Gitee or GitHub (allauth's OAuth2 flow, our Gitee provider),
against recorded answers of the forges. Every failure lands on a clear page, signs nobody in and
creates nothing."""

import logging
from urllib.parse import parse_qs, urlsplit

import pytest
import responses
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount, SocialToken

from accounts.models import User
from tests.accounts import recorded_forges as rec
from tests.accounts.forge_flow import (
    FORGES,
    GITEE,
    GITHUB,
    come_back,
    configure_forges,
    form_of,
    sign_in,
    start,
)
from tests.factories import UserFactory, reviewer_factory, totp_code

pytestmark = pytest.mark.django_db

BOTH = pytest.mark.parametrize("forge", [GITEE, GITHUB], ids=["gitee", "github"])


@pytest.fixture(autouse=True)
def _both_forges_configured(settings):
    configure_forges(settings, "gitee", "github")


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth sends one confirmation per address every few minutes: tests reuse addresses."""
    from django.core.cache import cache

    cache.clear()


def signed_in_user(client):
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


# --- Starting -------------------------------------------------------------------------------


@BOTH
def test_the_sign_in_starts_with_a_post_and_asks_for_the_minimal_scope(client, forge):
    query = start(client, forge)

    assert query["client_id"] == f"{forge.id}-client-id"
    assert query["response_type"] == "code"
    assert query["redirect_uri"] == f"http://testserver/accounts/{forge.id}/login/callback/"
    assert query["scope"] == {"gitee": "user_info", "github": "read:user"}[forge.id]
    assert len(query["state"]) >= 12


@BOTH
def test_a_get_to_the_sign_in_start_does_not_leave_for_the_forge(client, forge):
    response = client.get(f"/accounts/{forge.id}/login/")

    assert response.status_code == 200  # allauth's page with a button that POSTs
    assert 'method="post"' in response.content.decode()


def test_the_forge_addresses_come_from_settings(client, settings):
    settings.GITEE_OAUTH_URL = "http://127.0.0.1:8120/gitee"
    settings.GITEE_API_URL = "http://127.0.0.1:8120/gitee/api/v5"
    settings.GITHUB_OAUTH_URL = "http://127.0.0.1:8120/github"
    settings.GITHUB_API_URL = "http://127.0.0.1:8120/github/api"

    gitee = client.post("/accounts/gitee/login/")
    github = client.post("/accounts/github/login/")
    assert gitee["Location"].startswith("http://127.0.0.1:8120/gitee/oauth/authorize?")
    assert github["Location"].startswith("http://127.0.0.1:8120/github/login/oauth/authorize?")

    with responses.RequestsMock() as mocked:
        mocked.post("http://127.0.0.1:8120/gitee/oauth/token", json=rec.GITEE_TOKEN_OK)
        mocked.get("http://127.0.0.1:8120/gitee/api/v5/user", json=rec.GITEE_USER)
        state = parse_qs(urlsplit(gitee["Location"]).query)["state"][0]
        # Both stand-in endpoints answered (responses fails on one left unused): Gitee gave
        # no address, so the sign-up form asks for one.
        assert come_back(client, GITEE, state)["Location"] == "/accounts/3rdparty/signup/"
    with responses.RequestsMock() as mocked:
        mocked.post(
            "http://127.0.0.1:8120/github/login/oauth/access_token",
            body=rec.GITHUB_TOKEN_OK,
            content_type="application/x-www-form-urlencoded",
        )
        mocked.get("http://127.0.0.1:8120/github/api/user", json=rec.GITHUB_USER)
        state = parse_qs(urlsplit(github["Location"]).query)["state"][0]
        come_back(client, GITHUB, state)

    assert SocialAccount.objects.get().extra_data["login"] == "lihua-ms"


# --- Signing up -------------------------------------------------------------------------------


def test_signing_up_with_gitee_asks_for_an_email_address_gitee_did_not_give(client, mailoutbox):
    response = sign_in(client, GITEE)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/3rdparty/signup/"
    page = client.get("/accounts/3rdparty/signup/").content.decode()
    assert "li-hua" in page
    assert "Finish signing up" in page

    response = client.post("/accounts/3rdparty/signup/", {"email": "lihua@example.org"})

    user = User.objects.get(email="lihua@example.org")
    account = SocialAccount.objects.get(user=user)
    assert (account.provider, account.uid) == ("gitee", "8123456")
    assert account.extra_data["login"] == "li-hua"
    token = SocialToken.objects.get(account=account)
    assert token.token == rec.GITEE_TOKEN
    assert token.token_secret == rec.GITEE_REFRESH  # Gitee's refresh token
    assert token.expires_at is not None
    assert not user.has_usable_password()
    # The address is confirmed before the account is used, as for every sign-up.
    assert not EmailAddress.objects.get(user=user).verified
    assert response["Location"] == "/accounts/confirm-email/"
    assert mailoutbox and mailoutbox[0].to == ["lihua@example.org"]


def test_gitee_is_asked_who_the_person_is_with_the_code_and_the_token(client):
    with responses.RequestsMock() as mocked:
        GITEE.token_ok(mocked)
        GITEE.user_ok(mocked)
        query = start(client, GITEE)
        come_back(client, GITEE, query["state"], code="the-code")

        token_request, user_request = mocked.calls
    sent = form_of(token_request.request.body)
    assert sent["grant_type"] == "authorization_code"
    assert sent["code"] == "the-code"
    assert sent["client_id"] == "gitee-client-id"
    assert sent["client_secret"] == "gitee-client-secret"
    assert sent["redirect_uri"] == "http://testserver/accounts/gitee/login/callback/"
    assert parse_qs(urlsplit(user_request.request.url).query) == {"access_token": [rec.GITEE_TOKEN]}


def test_signing_up_with_github_uses_its_public_address_and_confirms_it(client, mailoutbox):
    response = sign_in(client, GITHUB)

    user = User.objects.get(email="lihua@example.org")
    account = SocialAccount.objects.get(user=user)
    assert (account.provider, account.uid) == ("github", "58123456")
    assert account.extra_data["login"] == "lihua-ms"
    assert SocialToken.objects.get(account=account).token == rec.GITHUB_TOKEN
    assert not EmailAddress.objects.get(user=user).verified
    assert response["Location"] == "/accounts/confirm-email/"
    assert mailoutbox[0].to == ["lihua@example.org"]


def test_a_person_signing_up_in_chinese_is_written_to_in_chinese(client):
    client.cookies["django_language"] = "zh-hans"
    sign_in(client, GITHUB)

    assert User.objects.get(email="lihua@example.org").language == "zh-hans"


def test_a_forge_address_that_belongs_to_someone_else_does_not_sign_them_in(client, mailoutbox):
    owner = UserFactory(email="lihua@example.org")

    response = sign_in(client, GITHUB)

    # No sign-in by a matching address, and no telling the forge's user whether the address has
    # an account here: the page looks like a sign-up's; the owner is told by email.
    assert signed_in_user(client) is None
    assert response["Location"] == "/accounts/confirm-email/"
    assert not SocialAccount.objects.exists()
    assert User.objects.get() == owner
    assert mailoutbox[0].to == ["lihua@example.org"]


def test_an_address_typed_at_sign_up_that_is_taken_makes_nothing_and_tells_its_owner(
    client, mailoutbox
):
    owner = UserFactory(email="taken@example.org")
    sign_in(client, GITEE)

    response = client.post("/accounts/3rdparty/signup/", {"email": "taken@example.org"})

    assert response["Location"] == "/accounts/confirm-email/"
    assert signed_in_user(client) is None
    assert not SocialAccount.objects.exists()
    assert User.objects.get() == owner
    assert mailoutbox[0].to == ["taken@example.org"]


# --- Logging in -------------------------------------------------------------------------------


@BOTH
def test_a_linked_person_logs_in_with_their_forge_account(client, forge):
    person = UserFactory(email="person@example.org")
    SocialAccount.objects.create(
        user=person, provider=forge.id, uid=str(forge.user["id"]), extra_data={"login": "old"}
    )

    response = sign_in(client, forge)

    assert response.status_code == 302
    assert response["Location"] == "/me/signed-in/"  # on to the first steps or home
    assert signed_in_user(client) == person
    account = SocialAccount.objects.get(user=person)
    assert account.extra_data["login"] == forge.user["login"]  # refreshed from /user
    assert SocialToken.objects.get(account=account).token == forge.token
    assert User.objects.count() == 1


@BOTH
def test_the_person_returns_where_they_started(client, forge):
    person = UserFactory()
    SocialAccount.objects.create(user=person, provider=forge.id, uid=str(forge.user["id"]))

    response = sign_in(client, forge, next_url="/apply/")

    assert response["Location"] == "/apply/"


@BOTH
def test_a_reviewer_signing_in_with_a_forge_is_still_asked_for_their_code(client, forge):
    reviewer = reviewer_factory(email="reviewer@example.org")
    SocialAccount.objects.create(user=reviewer, provider=forge.id, uid=str(forge.user["id"]))

    response = sign_in(client, forge)

    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert signed_in_user(client) is None
    assert client.get("/reviews/")["Location"].startswith("/accounts/login/")

    client.post("/accounts/2fa/authenticate/", {"code": totp_code(reviewer)})
    assert signed_in_user(client) == reviewer
    assert client.get("/reviews/").status_code == 200


# --- Failures -----------------------------------------------------------------------------


@BOTH
def test_the_person_saying_no_at_the_forge_is_told_and_nothing_is_made(client, forge):
    query = start(client, forge)

    with responses.RequestsMock():  # no request to the forge at all
        response = come_back(
            client,
            forge,
            query["state"],
            code="",
            error="access_denied",
            error_description="The user has denied your application access.",
        )

    assert response["Location"] == "/accounts/3rdparty/login/cancelled/"
    assert "Login Cancelled" in client.get(response["Location"]).content.decode()
    assert signed_in_user(client) is None
    assert not User.objects.exists()


@BOTH
def test_a_forged_state_is_refused_before_the_forge_is_asked(client, forge):
    start(client, forge)  # the person's real sign-in, whose state an attacker does not know

    with responses.RequestsMock():
        forged = come_back(client, forge, "forged-state-0123")
        missing = client.get(f"/accounts/{forge.id}/login/callback/", {"code": "abc"})

    for response in (forged, missing):
        assert response.status_code == 401
        assert "did not work" in response.content.decode()
    assert signed_in_user(client) is None
    assert not SocialAccount.objects.exists()


@BOTH
def test_a_state_from_another_browser_is_refused(client, forge, django_user_model):
    from django.test import Client

    victim_state = start(Client(), forge)["state"]

    with responses.RequestsMock():
        response = come_back(client, forge, victim_state)

    assert response.status_code == 401
    assert not SocialAccount.objects.exists()


@BOTH
def test_a_state_is_used_once(client, forge):
    with responses.RequestsMock() as mocked:
        forge.token_ok(mocked)
        forge.user_ok(mocked)
        state = start(client, forge)["state"]
        come_back(client, forge, state)
    client.logout()

    with responses.RequestsMock():
        replayed = come_back(client, forge, state)

    assert replayed.status_code == 401
    assert signed_in_user(client) is None


TOKEN_FAILURES = {
    "gitee": [
        (401, {"json": rec.GITEE_TOKEN_INVALID_GRANT}),
        (400, {"json": {"error": "invalid_request", "error_description": "缺少 code 参数"}}),
        (401, {"json": rec.GITEE_TOKEN_INVALID_CLIENT}),
        (500, {"body": rec.GITEE_SERVER_ERROR_HTML, "content_type": "text/html"}),
    ],
    "github": [
        (
            200,
            {
                "body": rec.GITHUB_TOKEN_BAD_CODE,
                "content_type": "application/x-www-form-urlencoded",
            },
        ),
        (
            200,
            {
                "body": rec.GITHUB_TOKEN_INCORRECT_CLIENT,
                "content_type": "application/x-www-form-urlencoded",
            },
        ),
        (
            400,
            {"body": "error=invalid_request", "content_type": "application/x-www-form-urlencoded"},
        ),
        (500, {"body": rec.GITHUB_SERVER_ERROR_HTML, "content_type": "text/html"}),
    ],
}


@pytest.mark.parametrize(
    ("forge_id", "status", "answer"),
    [(forge, *failure) for forge, failures in TOKEN_FAILURES.items() for failure in failures],
)
def test_a_failed_token_exchange_signs_nobody_in(client, forge_id, status, answer):
    forge = FORGES[forge_id]
    with responses.RequestsMock() as mocked:
        mocked.post(forge.token_url, status=status, **answer)
        response = come_back(client, forge, start(client, forge)["state"])

    assert response.status_code == 401
    page = response.content.decode()
    assert f"We could not confirm who you are with {forge.name}." in page
    assert signed_in_user(client) is None
    assert not User.objects.exists()
    assert not SocialAccount.objects.exists()


@pytest.mark.parametrize(
    ("forge_id", "status", "answer"),
    [
        ("gitee", 401, {"json": rec.GITEE_USER_UNAUTHORIZED}),
        ("gitee", 502, {"body": rec.GITEE_SERVER_ERROR_HTML, "content_type": "text/html"}),
        ("gitee", 200, {"body": "<html>maintenance</html>", "content_type": "text/html"}),
        ("github", 401, {"json": rec.GITHUB_BAD_CREDENTIALS}),
        ("github", 500, {"body": rec.GITHUB_SERVER_ERROR_HTML, "content_type": "text/html"}),
    ],
)
def test_a_failed_user_request_signs_nobody_in(client, forge_id, status, answer):
    forge = FORGES[forge_id]
    with responses.RequestsMock() as mocked:
        forge.token_ok(mocked)
        mocked.get(forge.user_url, status=status, **answer)
        response = come_back(client, forge, start(client, forge)["state"])

    assert response.status_code == 401
    assert "We could not confirm who you are" in response.content.decode()
    assert signed_in_user(client) is None
    assert not SocialToken.objects.exists()


@BOTH
def test_no_token_appears_in_the_log_or_the_page_of_a_failed_sign_in(client, forge, caplog):
    caplog.set_level(logging.DEBUG)
    with responses.RequestsMock() as mocked:
        forge.token_ok(mocked)
        mocked.get(forge.user_url, status=401, json={"message": f"Bad token {forge.token}"})
        response = come_back(client, forge, start(client, forge)["state"])

    assert response.status_code == 401
    assert f"Sign-in with {forge.id} failed" in caplog.text  # it is logged, without the token
    assert forge.token not in caplog.text
    assert forge.token not in response.content.decode()


# --- Configuration ------------------------------------------------------------------------------


def test_a_forge_without_a_client_id_has_no_button_and_no_sign_in(client, settings):
    configure_forges(settings, "github")

    for page in ("/accounts/login/", "/accounts/signup/"):
        html = client.get(page).content.decode()
        assert "Sign in with GitHub" in html, page
        assert "Sign in with Gitee" not in html, page
    assert client.post("/accounts/gitee/login/").status_code == 404
    assert (
        client.get("/accounts/gitee/login/callback/", {"code": "x", "state": "y"}).status_code
        == 404
    )


def test_with_no_forge_configured_the_pages_work_without_buttons(client, settings):
    configure_forges(settings)

    html = client.get("/accounts/login/").content.decode()
    assert client.get("/accounts/login/").status_code == 200
    assert "Sign in with" not in html
    assert client.post("/accounts/github/login/").status_code == 404


def test_the_buttons_are_forms_that_post_with_a_csrf_token(client):
    html = client.get("/accounts/login/").content.decode()

    for forge in ("gitee", "github"):
        assert f'<form method="post" action="/accounts/{forge}/login/?process=login">' in html
    assert html.count('name="csrfmiddlewaretoken"') >= 3  # the password form and both buttons


def test_gitee_comes_first(client):
    html = client.get("/accounts/login/").content.decode()

    assert html.index("Sign in with Gitee") < html.index("Sign in with GitHub")


def test_the_buttons_keep_where_the_person_was_going(client):
    html = client.get("/accounts/login/?next=/apply/").content.decode()

    assert 'action="/accounts/github/login/?process=login&amp;next=%2Fapply%2F"' in html


def test_the_buttons_speak_chinese(client):
    client.cookies["django_language"] = "zh-hans"
    html = client.get("/accounts/login/").content.decode()

    assert "使用 Gitee 登录" in html
    assert "使用 GitHub 登录" in html


def test_the_content_security_policy_lets_the_sign_in_form_go_to_the_forges(client):
    policy = client.get("/accounts/login/")["Content-Security-Policy"]

    form_action = next(d for d in policy.split(";") if d.strip().startswith("form-action"))
    assert "https://gitee.com" in form_action
    assert "https://github.com" in form_action
