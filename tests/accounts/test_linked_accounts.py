"""/me/accounts/: the person's linked Gitee and GitHub accounts; linking through allauth's flow,
unlinking with a confirmation, never the last way to sign in, never someone else's account."""

import pytest
import responses
from allauth.socialaccount.models import SocialAccount, SocialToken
from django.contrib.messages import get_messages

from tests.accounts import recorded_forges as rec
from tests.accounts.forge_flow import GITEE, GITHUB, come_back, configure_forges, sign_in, start
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/me/accounts/"


@pytest.fixture(autouse=True)
def _both_forges_configured(settings):
    configure_forges(settings, "gitee", "github")


def link(user, forge, login=None, uid=None):
    account = SocialAccount.objects.create(
        user=user,
        provider=forge.id,
        uid=uid or str(forge.user["id"]),
        extra_data={**forge.user, "login": login or forge.user["login"]},
    )
    SocialToken.objects.create(account=account, token=forge.token, app=None)
    return account


def said(response_or_request):
    return [str(m) for m in get_messages(response_or_request.wsgi_request)]


# --- The page ------------------------------------------------------------------------------


def test_the_page_lists_each_linked_account_with_its_forge_login_and_date(client, applicant):
    link(applicant, GITEE)
    client.force_login(applicant)

    html = client.get(PAGE).content.decode()

    assert 'data-linked-account="gitee"' in html
    assert "li-hua" in html
    assert 'href="https://gitee.com/li-hua"' in html
    assert "Linked since" in html
    assert 'data-linked-account="github"' not in html


def test_only_forges_not_linked_yet_offer_a_link_button_that_posts(client, applicant):
    link(applicant, GITEE)
    client.force_login(applicant)

    html = client.get(PAGE).content.decode()

    assert '<form method="post" action="/accounts/github/login/?process=connect">' in html
    assert "Link GitHub" in html
    assert "Link Gitee" not in html


def test_an_unconfigured_forge_offers_no_link(client, applicant, settings):
    configure_forges(settings, "gitee")
    client.force_login(applicant)

    html = client.get(PAGE).content.decode()

    assert "Link Gitee" in html
    assert "Link GitHub" not in html


def test_nobody_else_sees_the_page(client):
    assert client.get(PAGE)["Location"].startswith("/accounts/login/")


def test_allauths_connections_page_leads_here(client, applicant):
    client.force_login(applicant)

    assert client.get("/accounts/3rdparty/")["Location"] == PAGE


def test_the_page_reads_in_chinese(client, applicant):
    link(applicant, GITHUB)
    client.force_login(applicant)
    client.cookies["django_language"] = "zh-hans"

    html = client.get(PAGE).content.decode()

    assert "已关联的账号" in html
    assert "关联 Gitee" in html


def test_the_page_costs_the_same_with_one_or_two_accounts(
    client, applicant, django_assert_num_queries
):
    client.force_login(applicant)
    link(applicant, GITEE)
    client.get(PAGE)  # reads their account, roles and permissions into the cache

    # the linked accounts (the session and the account come from the cache)
    with django_assert_num_queries(1):
        assert client.get(PAGE).status_code == 200
    link(applicant, GITHUB)
    with django_assert_num_queries(1):
        assert client.get(PAGE).status_code == 200


# --- Linking --------------------------------------------------------------------------------


@pytest.mark.parametrize("forge", [GITEE, GITHUB], ids=["gitee", "github"])
def test_linking_adds_the_forge_account_to_the_signed_in_person(client, applicant, forge):
    client.force_login(applicant)

    response = sign_in(client, forge, process="connect")

    assert response["Location"] == PAGE
    account = SocialAccount.objects.get(user=applicant)
    assert (account.provider, account.uid) == (forge.id, str(forge.user["id"]))
    assert SocialToken.objects.get(account=account).token == forge.token
    assert f"Your {forge.name} account {forge.user['login']} is linked" in " ".join(said(response))
    assert client.session["_auth_user_id"] == str(applicant.pk)


def test_a_forge_account_linked_to_someone_else_is_refused_and_stays_theirs(
    client, applicant, other_applicant
):
    theirs = link(other_applicant, GITHUB)
    client.force_login(applicant)

    response = sign_in(client, GITHUB, process="connect")

    assert response["Location"] == PAGE
    message = " ".join(said(response))
    assert "The GitHub account lihua-ms is already linked to another person here" in message
    assert SocialAccount.objects.get() == theirs
    assert theirs.user == other_applicant
    assert client.session["_auth_user_id"] == str(applicant.pk)
    assert "already linked to another person" in client.get(PAGE).content.decode()


def test_a_second_account_of_the_same_forge_is_refused(client, applicant):
    mine = link(applicant, GITHUB, login="old-login", uid="1")
    client.force_login(applicant)

    response = sign_in(client, GITHUB, process="connect")

    assert response["Location"] == PAGE
    assert "already linked a GitHub account" in " ".join(said(response))
    assert list(SocialAccount.objects.all()) == [mine]


def test_a_link_the_forge_refuses_leaves_the_person_signed_in_with_a_way_back(client, applicant):
    client.force_login(applicant)

    with responses.RequestsMock() as mocked:
        mocked.post(GITEE.token_url, status=401, json=rec.GITEE_TOKEN_INVALID_GRANT)
        response = come_back(client, GITEE, start(client, GITEE, process="connect")["state"])

    assert response.status_code == 401
    assert f'href="{PAGE}"' in response.content.decode()
    assert not SocialAccount.objects.exists()
    assert client.session["_auth_user_id"] == str(applicant.pk)


def test_linking_the_same_account_again_refreshes_it(client, applicant):
    link(applicant, GITHUB, login="renamed-since")
    client.force_login(applicant)

    sign_in(client, GITHUB, process="connect")

    assert SocialAccount.objects.get(user=applicant).extra_data["login"] == "lihua-ms"


# --- Unlinking ------------------------------------------------------------------------------


def test_unlinking_asks_first_then_removes_the_account_and_its_token(client, applicant):
    account = link(applicant, GITEE)
    client.force_login(applicant)

    confirm = client.get(f"/me/accounts/{account.pk}/unlink/")
    assert confirm.status_code == 200
    assert "Unlink li-hua on Gitee?" in confirm.content.decode()
    assert SocialAccount.objects.exists()  # asking changes nothing

    response = client.post(f"/me/accounts/{account.pk}/unlink/")

    assert response["Location"] == PAGE
    assert not SocialAccount.objects.exists()
    assert not SocialToken.objects.exists()
    assert "The forge account is unlinked" in " ".join(said(response))


def test_the_last_way_to_sign_in_cannot_be_unlinked(client):
    person = UserFactory(email="forge-only@example.org")
    person.set_unusable_password()
    person.save()
    account = link(person, GITEE)
    client.force_login(person)

    confirm = client.get(f"/me/accounts/{account.pk}/unlink/").content.decode()
    assert "This is your last way to sign in" in confirm
    assert "Yes, unlink it" not in confirm

    response = client.post(f"/me/accounts/{account.pk}/unlink/")

    assert response["Location"] == PAGE
    assert "This is your last way to sign in" in " ".join(said(response))
    assert SocialAccount.objects.get() == account


def test_without_a_password_one_of_two_linked_accounts_can_go(client):
    person = UserFactory(email="forge-only@example.org")
    person.set_unusable_password()
    person.save()
    gitee = link(person, GITEE)
    github = link(person, GITHUB)
    client.force_login(person)

    client.post(f"/me/accounts/{gitee.pk}/unlink/")

    assert list(SocialAccount.objects.all()) == [github]
    client.post(f"/me/accounts/{github.pk}/unlink/")
    assert list(SocialAccount.objects.all()) == [github]  # now the last way


def test_someone_elses_account_cannot_be_unlinked_or_seen(client, applicant, other_applicant):
    theirs = link(other_applicant, GITEE)
    client.force_login(applicant)

    assert client.get(f"/me/accounts/{theirs.pk}/unlink/").status_code == 404
    assert client.post(f"/me/accounts/{theirs.pk}/unlink/").status_code == 404
    assert SocialAccount.objects.get() == theirs


def test_the_service_refuses_another_persons_account(rf, applicant, other_applicant):
    from accounts.services import forge_account_unlink
    from mindspore_growth.errors import NotAllowed

    theirs = link(other_applicant, GITEE)
    request = rf.post("/")
    request.user = applicant

    with pytest.raises(NotAllowed):
        forge_account_unlink(request=request, user=applicant, account=theirs)
    assert SocialAccount.objects.get() == theirs


# --- Where people find it -----------------------------------------------------------------------


def test_the_user_menu_and_the_profile_lead_to_the_page(client, applicant):
    client.force_login(applicant)

    assert f'href="{PAGE}"' in client.get("/").content.decode()
    assert f'href="{PAGE}"' in client.get("/me/profile/").content.decode()


def test_the_home_page_promise_links_to_the_page(client):
    html = client.get("/").content.decode()

    assert f'<a href="{PAGE}">link your Gitee or GitHub account</a>' in html


def test_a_token_never_reaches_the_page(client, applicant):
    link(applicant, GITEE)
    link(applicant, GITHUB)
    client.force_login(applicant)

    html = client.get(PAGE).content.decode()

    assert rec.GITEE_TOKEN not in html
    assert rec.GITHUB_TOKEN not in html
