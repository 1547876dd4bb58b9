"""Someone who signed up with Gitee or GitHub has no password to confirm deleting their
account with: they sign in with the forge again (five minutes' grace) and type their address.
Their linked accounts and tokens go with the account."""

import pytest
from allauth.socialaccount.models import SocialAccount, SocialToken

from accounts.models import User
from tests.accounts.forge_flow import GITEE, configure_forges, sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DELETE = "/me/delete/"


@pytest.fixture
def forge_only(settings):
    configure_forges(settings, "gitee", "github")
    person = UserFactory(email="lihua@example.org")
    person.set_unusable_password()
    person.save()
    SocialAccount.objects.create(user=person, provider="gitee", uid=str(GITEE.user["id"]))
    return person


def test_after_signing_in_with_the_forge_they_confirm_with_their_address(client, forge_only):
    sign_in(client, GITEE)  # just now
    page = client.get(DELETE).content.decode()
    assert 'name="email"' in page
    assert 'name="password"' not in page

    client.post(DELETE, {"email": "LiHua@example.org"})

    assert not User.objects.filter(pk=forge_only.pk).exists()
    assert not SocialAccount.objects.exists()
    assert not SocialToken.objects.exists()


def test_a_wrong_address_deletes_nothing(client, forge_only):
    sign_in(client, GITEE)

    response = client.post(DELETE, {"email": "someone@example.org"})

    assert response.status_code == 400
    assert "This is not your email address." in response.content.decode()
    assert User.objects.filter(pk=forge_only.pk).exists()


def test_a_session_without_a_fresh_sign_in_is_asked_to_sign_in_again(client, forge_only):
    client.force_login(forge_only)  # an old session: no sign-in recorded in it

    page = client.get(DELETE).content.decode()
    assert "sign in with it again" in page
    assert 'action="/accounts/gitee/login/?process=login&amp;next=%2Fme%2Fdelete%2F"' in page
    assert "Sign in with GitHub" not in page  # only the forges they linked

    refused = client.post(DELETE, {"email": "lihua@example.org"})
    assert refused.status_code == 403
    assert User.objects.filter(pk=forge_only.pk).exists()


def test_signing_in_again_brings_them_back_to_finish(client, forge_only):
    client.force_login(forge_only)

    response = sign_in(client, GITEE, next_url="/me/delete/")

    assert response["Location"] == "/me/delete/"
    assert 'name="email"' in client.get(DELETE).content.decode()


def test_people_with_a_password_still_confirm_with_it(client, applicant):
    client.force_login(applicant)

    page = client.get(DELETE).content.decode()

    assert 'name="password"' in page
    assert 'name="email"' not in page


def test_the_login_page_buttons_still_follow_the_next_address(client, settings):
    configure_forges(settings, "gitee")
    UserFactory()

    html = client.get("/accounts/login/?next=/apply/").content.decode()

    assert 'action="/accounts/gitee/login/?process=login&amp;next=%2Fapply%2F"' in html
