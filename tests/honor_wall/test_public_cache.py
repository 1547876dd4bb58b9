"""The shared cache of public pages: one stored copy per version, language and address, with
nothing personal in it, answering anonymous visitors without the view and everyone else with
their own navigation bar, messages and CSRF token."""

import io
import pickle
import re

import pytest
from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth.models import Group
from django.contrib.messages.storage.session import SessionStorage
from django.core.cache import cache
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.signals import template_rendered
from django.urls import reverse

from accounts.access import new_access_version
from accounts.roles import Role
from applications.models import Evidence
from criteria.models import RuleSet
from honor_wall.services import certification_revoke
from mindspore_growth.public_cache import page_key, public_page
from tests.factories import (
    TEST_PASSWORD,
    UserFactory,
    make_evidence,
    make_person,
    with_second_factor,
)

pytestmark = pytest.mark.django_db

WALL = "/honor-wall/"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def stored(path, **headers):
    """The page the cache holds for an English, anonymous-looking request of ``path``."""
    request = RequestFactory().get(path, HTTP_HOST="testserver", **headers)
    from honor_wall.views import wall

    return cache.get(page_key(request, wall.public_page))


def stored_text(page) -> str:
    """Every piece of HTML the stored page holds."""
    return (b"".join(page.pieces) + b"".join(html for _template, html in page.personal)).decode()


def signed_in_client(email="amy.member@example.org"):
    """A client signed in through the log-in form, so a "signed in" message waits for it."""
    UserFactory(email=email)
    client = Client()
    response = client.post("/accounts/login/", {"login": email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return client


# --- Nothing personal is stored or served to someone else -----------------------------------------
def test_a_signed_in_visit_stores_nothing_of_theirs_and_the_next_visitor_sees_none_of_it(vera):
    member = signed_in_client()

    mine = member.get(WALL).content.decode()
    anonymous = Client().get(WALL).content.decode()

    # The member's own page: their address, their log-out form, the message waiting for them.
    assert "amy.member@example.org" in mine and "Log out" in mine
    assert "Successfully signed in" in mine
    # The anonymous visitor's: none of it, and the same wall.
    assert "amy.member@example.org" not in anonymous and "Log out" not in anonymous
    assert "Successfully signed in" not in anonymous
    assert "Vera Visible" in anonymous and "Log in" in anonymous
    # The stored copy: no address, no message, no token (a placeholder stands for it).
    page = stored(WALL)
    text = stored_text(page)
    assert "amy.member" not in text and "Successfully signed in" not in text
    assert set(TOKEN.findall(text)) <= {page.csrf.decode()}


def test_an_anonymous_visit_first_then_a_signed_in_one_gets_its_own_parts(vera):
    Client().get(WALL)  # stores the page
    member = signed_in_client()

    mine = member.get(WALL).content.decode()

    assert "amy.member@example.org" in mine and "Log out" in mine
    assert "Successfully signed in" in mine
    assert "Vera Visible" in mine
    # The message was shown once, so it is gone from the next page.
    assert "Successfully signed in" not in member.get(WALL).content.decode()


@pytest.mark.parametrize(
    "path", ["/", "/programme/", WALL, f"{WALL}?tier=senior-developer", f"{WALL}vera-visible/"]
)
def test_an_anonymous_visitor_gets_no_token_and_no_cookie_and_can_still_switch_language(vera, path):
    anonymous = Client(enforce_csrf_checks=True)
    first = anonymous.get(path)  # the whole way: stores the page
    again = anonymous.get(path)  # answered from it

    for response in (first, again):
        assert response.status_code == 200
        assert TOKEN.search(response.content.decode()) is None
        assert "Set-Cookie" not in response.headers and not response.cookies
    # The language switch on that page needs no token: the browser says where it comes from.
    switched = anonymous.post(
        "/i18n/setlang/",
        {"language": "zh-hans", "next": path},
        headers={"Sec-Fetch-Site": "same-origin"},
    )
    assert switched.status_code == 302
    assert anonymous.cookies["django_language"].value == "zh-hans"


def test_the_signed_in_token_works_for_their_log_out(vera):
    member = signed_in_client()
    member.handler.enforce_csrf_checks = True
    token = TOKEN.search(member.get(WALL).content.decode())[1]

    assert member.post("/accounts/logout/", {"csrfmiddlewaretoken": token}).status_code == 302
    assert "Log out" not in member.get(WALL).content.decode()


def test_staff_see_their_tools_on_a_verification_page_anonymous_visitors_stored(vera, staff):
    url = f"/verify/{vera.certifications.get().public_id}/"
    assert "revoke" not in Client().get(url).content.decode().lower()
    client = Client()
    client.force_login(staff)

    assert f"{url}revoke/" in client.get(url).content.decode()


def test_the_page_and_the_log_out_form_share_one_token_of_the_visitors(rf):
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.http import HttpResponse
    from django.template import engines

    page = engines["django"].from_string(
        '{% load public_page %}<form method="post">{% csrf_token %}</form>'
        '{% personal "includes/navbar_user_menu.html" %}'
    )

    @public_page("test:version")
    def with_a_form(request):
        return HttpResponse(page.render({}, request))

    request = rf.get("/with-a-form/")
    request.user, request.session = UserFactory(), {}
    request._messages = FallbackStorage(request)

    body = with_a_form(request).content.decode()

    tokens = TOKEN.findall(body)
    assert "Log out" in body and len(tokens) == 2
    assert tokens[0] == tokens[1] and "csrf-" not in tokens[0]


# --- Personal parts kept by the process, for the same person only ---------------------------------
def test_people_signed_in_one_after_the_other_each_get_their_own_parts(vera):
    amy, bob = Client(), Client()
    amy.force_login(UserFactory(email="amy@example.org"))
    bob.force_login(UserFactory(email="bob@example.org"))

    pages = [client.get(WALL).content.decode() for client in (amy, bob, amy, bob)]

    for page, mine, theirs in zip(pages, ["amy", "bob"] * 2, ["bob", "amy"] * 2, strict=True):
        assert f"{mine}@example.org" in page and f"{theirs}@example.org" not in page


def test_the_same_person_at_the_same_address_gets_parts_rendered_once_and_a_fresh_token(vera):
    member = Client()
    member.force_login(UserFactory())
    member.get(WALL)
    member.handler.enforce_csrf_checks = True
    rendered = []

    def seen(sender, template, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(seen)
    try:
        pages = [member.get(WALL).content.decode() for _ in range(2)]
    finally:
        template_rendered.disconnect(seen)

    assert "includes/navbar_user_menu.html" not in rendered
    tokens = [TOKEN.search(page)[1] for page in pages]
    assert tokens[0] != tokens[1] and not tokens[0].startswith("csrf-")
    assert member.post("/accounts/logout/", {"csrfmiddlewaretoken": tokens[1]}).status_code == 302


def test_a_change_to_their_account_shows_on_their_next_page(vera):
    person = UserFactory(email="before@example.org")
    member = Client()
    member.force_login(person)
    assert "before@example.org" in member.get(WALL).content.decode()

    person.email = "after@example.org"
    person.save()

    page = member.get(WALL).content.decode()
    assert "after@example.org" in page and "before@example.org" not in page


def test_a_role_given_to_them_shows_on_their_next_page(vera):
    person = with_second_factor(UserFactory())  # a reviewer must have one to open any page
    member = Client()
    member.force_login(person)
    assert "Review queue" not in member.get(WALL).content.decode()

    person.groups.add(Group.objects.get_or_create(name=Role.REVIEWER.value)[0])

    assert "Review queue" in member.get(WALL).content.decode()


# --- Stored once ----------------------------------------------------------------------------------
def test_the_stored_page_holds_its_html_once_and_reads_back_whole(vera):
    served = Client().get(WALL).content

    page = stored(WALL)  # read back from the cache, as another process reads it

    assert b"".join(page.anonymous) == served
    assert len(pickle.dumps(page)) < 1.1 * len(served)


def test_an_anonymous_visitor_going_the_whole_way_gets_the_parts_rendered_to_store(vera):
    rendered = []

    def seen(sender, template, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(seen)
    try:
        first = Client().get(WALL)  # stores the page: the only render of each part
        again = Client().get(WALL, HTTP_IF_NONE_MATCH='"not-this-one"')  # the whole way again
    finally:
        template_rendered.disconnect(seen)

    assert rendered.count("includes/navbar_user_menu.html") == 1
    assert rendered.count("includes/messages.html") == 1
    assert again.content == first.content and "Log in" in again.content.decode()


# --- Answered from the store ----------------------------------------------------------------------
def test_a_stored_page_answers_an_anonymous_visitor_without_a_query(
    client, vera, django_assert_num_queries
):
    first = client.get(WALL)

    with django_assert_num_queries(0):
        again = Client().get(WALL)

    assert again.status_code == 200
    assert TOKEN.sub("", again.content.decode()) == TOKEN.sub("", first.content.decode())


def test_a_stored_page_answers_a_signed_in_visitor_with_only_their_own_queries(
    vera, django_assert_num_queries
):
    Client().get(WALL)
    member = Client()
    member.force_login(UserFactory())
    new_access_version()  # nothing of theirs in the cache yet
    # The first request reads their account and their roles and permissions for the navigation
    # bar (three queries) into the cache; every later one finds them there, and the session.
    with django_assert_num_queries(4):
        member.get(WALL)

    # Nothing of the wall, nothing of theirs: a stored page costs a signed-in visitor no query.
    with django_assert_num_queries(0):
        response = member.get(WALL)

    assert "Vera Visible" in response.content.decode()


# --- Answered first in the stack ------------------------------------------------------------------
def early(response) -> bool:
    """Whether the answer came from the first middleware: no view was looked up, and of the
    rest of the stack only what a signed-in visitor needs ran (their session and account)."""
    request = response.wsgi_request
    if request.resolver_match is not None or hasattr(request, "htmx"):
        return False
    signed_in = getattr(request, "user", None) is not None
    return signed_in or not hasattr(request, "session")


def test_an_anonymous_visitor_is_answered_before_the_rest_of_the_stack_runs(vera):
    first = Client().get(WALL)  # the whole way: stores the page, and how the stack answered
    again = Client().get(WALL)

    assert not early(first) and early(again)
    assert again.status_code == 200 and "Vera Visible" in again.content.decode()


@pytest.mark.parametrize("secure", [False, True], ids=["http", "https"])
def test_an_early_answer_carries_the_same_headers_as_the_whole_stacks(vera, settings, secure):
    settings.SECURE_HSTS_SECONDS = 3600
    whole = Client().get(WALL, secure=secure)
    again = Client().get(WALL, secure=secure)

    assert early(again)
    assert dict(again.headers) == dict(whole.headers)
    for name in (
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "Content-Language",
    ):
        assert again[name], name
    assert ("Strict-Transport-Security" in again) is secure
    assert set(again["Vary"].split(", ")) == {"Cookie", "Accept-Language"}
    assert not again.cookies and not whole.cookies  # nothing of anyone's: no CSRF cookie either


def test_an_early_answer_speaks_the_language_the_locale_middleware_would_choose(vera):
    Client().get(WALL)
    Client(HTTP_ACCEPT_LANGUAGE="zh-hans").get(WALL)
    chinese = Client(HTTP_ACCEPT_LANGUAGE="zh-hans").get(WALL)
    chosen = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    chosen.cookies["django_language"] = "en"
    english = chosen.get(WALL)

    assert early(chinese) and early(english)
    assert 'lang="zh-hans"' in chinese.content.decode() and chinese["Content-Language"] == "zh-hans"
    assert 'lang="en"' in english.content.decode() and english["Content-Language"] == "en"


def test_a_first_visit_a_message_or_a_conditional_request_go_the_whole_way(vera):
    Client().get(WALL)
    member = Client()
    member.force_login(UserFactory())
    etag = Client().get(WALL)["ETag"]

    assert not early(member.get(WALL))  # their parts are rendered once the whole way
    assert not early(Client().get(WALL, HTTP_IF_NONE_MATCH=etag))
    assert not early(signed_in_client().get(WALL))  # a message waits for them


# --- Signed-in visitors answered first in the stack -----------------------------------------------
def member_client(email="amy@example.org", user=None) -> Client:
    """A signed-in client answered once the whole way: its CSRF cookie set, its parts kept."""
    member = Client()
    member.force_login(user or UserFactory(email=email))
    assert not early(member.get(WALL))
    return member


def test_a_signed_in_visitor_seen_before_is_answered_first_with_their_own_parts(vera):
    Client().get(WALL)
    amy, bob = member_client("amy@example.org"), member_client("bob@example.org")

    pages = [amy.get(WALL), bob.get(WALL), amy.get(WALL)]

    assert all(early(page) for page in pages)
    for page, mine, theirs in zip(pages, ["amy", "bob", "amy"], ["bob", "amy", "bob"], strict=True):
        body = page.content.decode()
        assert f"{mine}@example.org" in body and f"{theirs}@example.org" not in body
        assert "Vera Visible" in body and "Log out" in body and "Log in" not in body
    # Each answer has a CSRF token of its own, and it is good for their forms.
    tokens = [TOKEN.search(page.content.decode())[1] for page in pages]
    assert len(set(tokens)) == 3 and not any(token.startswith("csrf-") for token in tokens)
    amy.handler.enforce_csrf_checks = True
    assert amy.post("/accounts/logout/", {"csrfmiddlewaretoken": tokens[2]}).status_code == 302
    assert "Log in" in amy.get(WALL).content.decode()


def test_a_signed_in_visitor_of_the_feed_is_answered_first_from_its_second_visit(vera):
    feed = reverse("honor_wall:feed")
    Client().get(feed)
    member = member_client()

    whole, again = member.get(feed), member.get(feed)

    # Nothing on it is theirs: the stored feed, answered early once the stack gave its headers.
    assert not early(whole) and early(again)
    assert again.content == whole.content and "Vera Visible" in again.content.decode()
    assert again["Content-Type"] == whole["Content-Type"]


def test_an_early_signed_in_answer_carries_the_whole_stacks_headers_and_cookie(vera, settings):
    settings.SECURE_HSTS_SECONDS = 3600
    Client().get(WALL, secure=True)
    member = Client()
    member.force_login(UserFactory())
    whole = member.get(WALL, secure=True)

    again = member.get(WALL, secure=True)

    assert not early(whole) and early(again)
    assert dict(again.headers) == dict(whole.headers)
    assert "Strict-Transport-Security" in again and "Content-Security-Policy" in again
    assert set(again["Vary"].split(", ")) == {"Cookie", "Accept-Language"}
    # The CSRF cookie is sent again, as the stack sends it whenever a page uses it (its
    # expiry renewed); the session is left as it is.
    csrf, before = (
        again.cookies[settings.CSRF_COOKIE_NAME],
        whole.cookies[settings.CSRF_COOKIE_NAME],
    )
    assert csrf.value == before.value and csrf["max-age"] == before["max-age"] > 0
    assert [csrf[name] for name in ("path", "samesite", "secure", "httponly")] == [
        before[name] for name in ("path", "samesite", "secure", "httponly")
    ]
    assert settings.SESSION_COOKIE_NAME not in again.cookies


def test_a_signed_in_visitor_without_a_csrf_cookie_gets_one_the_whole_way(vera, settings):
    Client().get(WALL)
    member = member_client()
    del member.cookies[settings.CSRF_COOKIE_NAME]

    without = member.get(WALL)

    assert not early(without) and settings.CSRF_COOKIE_NAME in without.cookies
    assert early(member.get(WALL))


def test_a_message_waiting_in_their_session_is_shown_the_whole_way_then_gone(vera, settings):
    settings.MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
    Client().get(WALL)
    member = member_client()
    assert early(member.get(WALL))
    session = member.session
    request = RequestFactory().get(WALL)
    request.session = session
    storage = SessionStorage(request)
    storage.add(messages.INFO, "Your contributions were imported.")
    storage.update(HttpResponse())
    session.save()

    shown = member.get(WALL)
    after = member.get(WALL)

    assert not early(shown) and "Your contributions were imported." in shown.content.decode()
    assert early(after) and "Your contributions were imported." not in after.content.decode()


def test_someone_whose_second_factor_is_gone_is_sent_to_set_one_up_even_early(vera):
    Client().get(WALL)
    reviewer = UserFactory(roles=[Role.REVIEWER])  # with the second factor they must have
    member = member_client(user=reviewer)
    assert early(member.get(WALL))

    Authenticator.objects.filter(user=reviewer).delete()  # nothing else of theirs changed

    response = member.get(WALL)
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")


def test_staff_get_their_own_page_every_time(vera, staff):
    url = f"/verify/{vera.certifications.get().public_id}/"
    Client().get(url)
    client = Client()
    client.force_login(staff)

    pages = [client.get(url) for _ in range(3)]

    assert all(f"{url}revoke/" in page.content.decode() for page in pages)
    assert not any(early(page) for page in pages)


@pytest.mark.parametrize("change", ["signed out elsewhere", "new password", "deactivated"])
def test_a_session_that_no_longer_counts_gets_the_anonymous_page_on_the_next_request(vera, change):
    Client().get(WALL)
    person = UserFactory(email="amy@example.org")
    member = member_client(user=person)
    elsewhere = Client()  # the same session, on another device
    elsewhere.cookies = member.cookies
    assert early(elsewhere.get(WALL))

    if change == "signed out elsewhere":
        member.logout()
    elif change == "new password":
        person.set_password("a-new-pass-2026")
        person.save()
    else:
        person.is_active = False
        person.save()

    body = elsewhere.get(WALL).content.decode()
    assert "amy@example.org" not in body and "Log in" in body


def test_conditional_requests_answer_not_modified(vera):
    anonymous = Client()
    etag = anonymous.get(WALL)["ETag"]

    assert anonymous.get(WALL, HTTP_IF_NONE_MATCH=etag).status_code == 304
    member = Client()
    member.force_login(UserFactory())
    # A signed-in visitor's page has their navigation bar: another ETag.
    assert member.get(WALL, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_each_language_and_address_has_its_own_page(vera):
    english = Client().get(WALL).content.decode()
    chinese = Client(HTTP_ACCEPT_LANGUAGE="zh-hans").get(WALL).content.decode()
    searched = Client().get(WALL, {"q": "nobody"}).content.decode()

    assert 'lang="en"' in english and 'lang="zh-hans"' in chinese
    assert "Vera Visible" in english and "Vera Visible" not in searched


# --- Invalidation ---------------------------------------------------------------------------------
def test_a_certification_issued_or_revoked_shows_at_once(client, vera, staff):
    assert "Newcomer" not in client.get(WALL).content.decode()

    newcomer = make_person("newcomer")
    assert "Newcomer" in client.get(WALL).content.decode()
    profile = client.get("/honor-wall/newcomer/")
    assert profile.status_code == 200

    certification = newcomer.certifications.get()
    verify = f"/verify/{certification.public_id}/"
    assert "Fraud" not in client.get(verify).content.decode()
    certification_revoke(certification=certification, actor=staff, reason="Fraud")

    assert "Newcomer" not in client.get(WALL).content.decode()
    assert client.get("/honor-wall/newcomer/").status_code == 404
    assert "Fraud" in client.get(verify).content.decode()


def test_an_evidence_save_that_changes_nothing_public_keeps_the_stored_page(
    client, vera, django_assert_num_queries
):
    client.get(WALL)
    item = make_evidence(vera, "tech_article")  # private
    item.verification = Evidence.Verification.VERIFIED
    item.save()

    with django_assert_num_queries(0):
        response = client.get(WALL)

    assert "Vera Visible" in response.content.decode()


def test_public_evidence_shows_on_the_profile_at_once(client, vera):
    assert "My MindSpore tutorial" not in client.get("/honor-wall/vera-visible/").content.decode()

    item = make_evidence(vera, "tech_article")
    item.title, item.public = "My MindSpore tutorial", True
    item.save()

    assert "My MindSpore tutorial" in client.get("/honor-wall/vera-visible/").content.decode()


def test_a_new_rule_set_shows_on_the_programme_page_at_once(client):
    # The newest version of any tier: its successor's number is on no card yet.
    current = RuleSet.objects.order_by("-version", "pk")[0]
    newer = f"Rules version {current.version + 1},"
    assert newer not in client.get("/programme/").content.decode()

    RuleSet.objects.create(
        tier=current.tier, version=current.version + 1, definition=current.definition
    )

    assert newer in client.get("/programme/").content.decode()


# --- The decorator --------------------------------------------------------------------------------
def test_a_page_that_is_not_a_success_is_served_but_not_stored(rf):
    calls = []

    @public_page("test:version")
    def flaky(request):
        from django.http import HttpResponse

        calls.append(request.user)
        return HttpResponse("not now", status=503)

    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/flaky/")
    request.user = AnonymousUser()

    assert flaky(request).status_code == 503
    assert flaky(request).status_code == 503
    assert len(calls) == 2


def test_tracking_parameters_on_a_shared_link_render_the_cards_already_stored(
    client, vera, django_assert_num_queries
):
    client.get(WALL)

    # A page of its own (``page`` is read), with the same filters: the count, the people per
    # tier, the filter form and the cards all come from what the first visit kept.
    with django_assert_num_queries(0):
        shared = client.get(WALL, {"utm_source": "wechat", "page": "1"}).content.decode()

    assert "Vera Visible" in shared
    searched = client.get(WALL, {"q": "nobody", "utm_source": "wechat"}).content.decode()
    assert "Vera Visible" not in searched and "Nobody matches these filters yet." in searched


def test_purging_retires_every_stored_page(client, vera, django_assert_num_queries):
    etag = client.get(WALL)["ETag"]
    with django_assert_num_queries(0):
        client.get(WALL)

    call_command("purge_public_pages", stdout=io.StringIO())

    # Rendered again (a new key, so a new ETag) from the parts kept under the wall's version,
    # which did not change: no query.
    with django_assert_num_queries(0):
        again = client.get(WALL, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200 and again["ETag"] != etag
    assert "Vera Visible" in again.content.decode()


def test_parameters_the_wall_does_not_read_are_answered_with_the_stored_page(vera):
    Client().get(WALL, {"tier": "excellent-developer"})  # the whole way: stored

    shared = Client().get(WALL, {"utm_source": "wechat", "tier": "excellent-developer", "x": "1"})

    # Answered first in the stack, from the page of the address without them: no copy of its
    # own, and no link on it (the language switch's return address) carries them.
    assert early(shared) and "Vera Visible" in shared.content.decode()
    assert 'name="next" value="/honor-wall/?tier=excellent-developer"' in shared.content.decode()
    assert "utm_source" not in shared.content.decode()
