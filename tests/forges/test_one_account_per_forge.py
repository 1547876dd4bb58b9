"""A person has at most one linked account per forge, so that the import's "their Gitee login"
names one login (two would each retire the other's imported items). Linking a second one is
refused (``tests/accounts/test_linked_accounts.py``); signing in with another account of the
same forge while signed in does not attach it either."""

import pytest
from allauth.socialaccount.models import SocialAccount

from tests.accounts.forge_flow import GITEE, configure_forges, sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_signing_in_with_a_second_gitee_account_never_links_it_to_the_signed_in_person(
    client, settings
):
    configure_forges(settings, "gitee")
    person = UserFactory(email="li.wei@example.org")
    SocialAccount.objects.create(user=person, provider="gitee", uid="99", extra_data={})
    client.force_login(person)

    response = sign_in(client, GITEE)  # a Gitee account other than uid 99

    # allauth signs the person out and starts a sign-up for the new forge account.
    assert response["Location"] == "/accounts/3rdparty/signup/"
    assert "_auth_user_id" not in client.session
    assert list(SocialAccount.objects.filter(user=person).values_list("uid", flat=True)) == ["99"]
    client.post("/accounts/3rdparty/signup/", {"email": "second@example.org"})
    second = SocialAccount.objects.get(uid=str(GITEE.user["id"]))
    assert second.user != person and second.user.email == "second@example.org"
