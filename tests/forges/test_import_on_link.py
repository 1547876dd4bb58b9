"""Contributions arrive on their own: signing up with a forge, linking one, or signing in again
after the forge refused the old token queues one import of that person after the commit; an
ordinary sign-in or a password sign-up queues none."""

import pytest
from allauth.socialaccount.models import SocialAccount

from forges import tasks
from forges.models import ForgeLink
from tests.accounts.forge_flow import GITEE, GITHUB, configure_forges, sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BOTH = pytest.mark.parametrize("forge", [GITEE, GITHUB], ids=["gitee", "github"])


@pytest.fixture(autouse=True)
def _both_forges_configured(settings):
    configure_forges(settings, "gitee", "github")


@pytest.fixture
def queued(monkeypatch):
    """The people whose import was queued (instead of running it against no forge)."""
    people = []
    monkeypatch.setattr(tasks.import_person, "delay", lambda user_id: people.append(user_id))
    return people


@BOTH
def test_linking_a_forge_account_queues_an_import_after_the_commit(
    client, applicant, forge, queued, django_capture_on_commit_callbacks
):
    client.force_login(applicant)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        sign_in(client, forge, process="connect")
        assert queued == []  # nothing before the link is committed

    for callback in callbacks:
        callback()
    assert queued == [applicant.pk]


def test_signing_up_with_gitee_queues_an_import_of_the_new_person(
    client, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign_in(client, GITEE)
        client.post("/accounts/3rdparty/signup/", {"email": "lihua@example.org"})

    person = SocialAccount.objects.get(provider="gitee").user
    assert queued == [person.pk]


@BOTH
def test_an_ordinary_sign_in_with_a_linked_forge_queues_nothing(
    client, forge, queued, django_capture_on_commit_callbacks
):
    person = UserFactory()
    account = SocialAccount.objects.create(
        user=person, provider=forge.id, uid=str(forge.user["id"]), extra_data={}
    )
    ForgeLink.objects.create(account=account)

    with django_capture_on_commit_callbacks(execute=True):
        sign_in(client, forge)

    assert client.session["_auth_user_id"] == str(person.pk)
    assert queued == []


@BOTH
def test_signing_in_again_after_the_forge_refused_the_token_queues_an_import(
    client, forge, queued, django_capture_on_commit_callbacks
):
    person = UserFactory()
    account = SocialAccount.objects.create(
        user=person, provider=forge.id, uid=str(forge.user["id"]), extra_data={}
    )
    ForgeLink.objects.create(account=account, needs_sign_in=True)

    with django_capture_on_commit_callbacks(execute=True):
        sign_in(client, forge)

    assert queued == [person.pk]


def test_signing_up_with_a_password_queues_nothing(
    client, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/signup/",
            {
                "email": "plain@example.org",
                "password1": "a-long-and-unusual-passphrase-42",
                "password2": "a-long-and-unusual-passphrase-42",
            },
        )

    assert queued == []
