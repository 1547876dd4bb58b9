"""In a real browser: "Sign in with Gitee" is a button that POSTs (reachable from the keyboard),
and a person whose Gitee account is linked comes back signed in.

The browser never leaves the machine: the test stands in for Gitee's authorize page (reading
where our server sends the browser, and coming back to the callback as Gitee would); the
token and /user endpoints, which the server calls, answer from recorded responses."""

from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import responses
from allauth.socialaccount.models import SocialAccount

from tests.accounts import recorded_forges as rec
from tests.accounts.forge_flow import GITEE, configure_forges
from tests.browser.conftest import screenshot
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_linked_person_signs_in_with_gitee_from_the_keyboard(page, live_server, settings):
    configure_forges(settings, "gitee", "github")
    person = UserFactory(email="lihua@example.org")
    SocialAccount.objects.create(user=person, provider="gitee", uid=str(rec.GITEE_USER["id"]))
    asked = []
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security" in m.text else 0)

    def gitee_agrees(route):
        # Our server answers the POST with a redirect to Gitee's authorize page; Gitee, the
        # person agreeing, sends the browser back to our callback with a code and the state.
        answer = route.fetch(max_redirects=0)
        asked.append(answer.headers["location"])
        query = parse_qs(urlsplit(asked[0]).query)
        back = (
            query["redirect_uri"][0] + "?" + urlencode({"code": "c0de", "state": query["state"][0]})
        )
        route.fulfill(status=302, headers={"Location": back})

    page.route("**/accounts/gitee/login/?process=login", gitee_agrees)
    page.goto("/accounts/login/")
    screenshot(page, "forge-sign-in-login")
    button = page.get_by_role("button", name="Sign in with Gitee")
    button.focus()

    with responses.RequestsMock(assert_all_requests_are_fired=True) as forge:
        forge.add_passthru(live_server.url)
        forge.post(GITEE.token_url, json=rec.GITEE_TOKEN_OK)
        forge.get(GITEE.user_url, json=rec.GITEE_USER)
        page.keyboard.press("Enter")
        # No profile or evidence yet: signing in leads on to the first steps.
        page.wait_for_url(f"{live_server.url}/me/start/")

    query = parse_qs(urlsplit(asked[0]).query)
    assert asked[0].startswith("https://gitee.com/oauth/authorize?")
    assert query["client_id"] == ["gitee-client-id"]
    assert query["scope"] == ["user_info"]
    assert query["redirect_uri"] == [f"{live_server.url}/accounts/gitee/login/callback/"]
    assert (
        page.get_by_role("button", name="lihua@example.org").count()
        + page.locator("a.user-menu").count()
        >= 1
    )
    assert violations == []
