"""The typed Gitee/GitHub usernames give way to linked accounts: kept as unverified hints, shown
as such, used for link checks only as "not verified"; the export lists linked accounts and never
a token."""

import json

import pytest
from allauth.socialaccount.models import SocialAccount, SocialToken

from applications.link_checks import evidence_check_link
from applications.models import Evidence, Profile
from applications.selectors import forge_identities
from tests.accounts import recorded_forges as rec
from tests.accounts.forge_flow import configure_forges
from tests.factories import make_evidence, make_profile, submitted

pytestmark = pytest.mark.django_db

# A GitHub pull request authored by "liwei-dev", merged (GitHub's documented shape, trimmed).
PULL = "https://github.com/mindspore-ai/mindspore/pull/1024"
PULL_API = "https://api.github.com/repos/mindspore-ai/mindspore/pulls/1024"
PULL_ANSWER = json.dumps(
    {
        "url": PULL_API,
        "html_url": PULL,
        "number": 1024,
        "state": "closed",
        "title": "Fix the shape inference of Conv3D",
        "user": {"login": "liwei-dev", "id": 5812, "type": "User"},
        "merged": True,
        "merged_at": "2026-10-02T08:00:00Z",
    }
).encode()


def answer(url):
    assert url == PULL_API
    return PULL_ANSWER


def link(user, forge, login, uid="5812", token="gho_notarealtoken000000000000000000000000"):  # noqa: S107
    account = SocialAccount.objects.create(
        user=user, provider=forge, uid=uid, extra_data={"login": login, "id": int(uid)}
    )
    SocialToken.objects.create(account=account, token=token, token_secret="refresh-secret-1")
    return account


def hints(user, gitee="", github=""):
    profile = make_profile(user)
    profile.gitee_username, profile.github_username = gitee, github
    profile.save()
    return profile


def pull_request_of(user):
    item = make_evidence(user, "pull_request", state="merged", scope="framework_core")
    Evidence.objects.filter(pk=item.pk).update(url=PULL)
    return item


# --- Who the person is on each forge --------------------------------------------------------


def test_a_linked_account_wins_over_the_typed_username(applicant):
    hints(applicant, gitee="typed-gitee", github="typed-github")
    link(applicant, "github", "lihua-ms")

    identities = forge_identities(applicant)

    assert (identities["github"].login, identities["github"].verified) == ("lihua-ms", True)
    assert (identities["gitee"].login, identities["gitee"].verified) == ("typed-gitee", False)


def test_nothing_typed_and_nothing_linked_is_no_identity(applicant):
    hints(applicant)

    assert forge_identities(applicant) == {}


# --- Link checks ----------------------------------------------------------------------------


def test_a_pull_request_by_the_linked_account_is_verified(applicant):
    hints(applicant, github="somebody-else")
    link(applicant, "github", "liwei-dev")

    checked = evidence_check_link(evidence_id=pull_request_of(applicant).pk, fetch=answer)

    assert checked.verification == Evidence.Verification.VERIFIED
    assert checked.verification_note == "Checked against the forge."


def test_a_pull_request_matching_only_the_typed_username_stays_unverified(applicant):
    hints(applicant, github="liwei-dev")

    checked = evidence_check_link(evidence_id=pull_request_of(applicant).pk, fetch=answer)

    assert checked.verification == Evidence.Verification.UNVERIFIED
    assert checked.verification_note.startswith("It matches the username you typed")


def test_the_linked_account_decides_even_when_the_typed_username_matches(applicant):
    hints(applicant, github="liwei-dev")
    link(applicant, "github", "lihua-ms")

    checked = evidence_check_link(evidence_id=pull_request_of(applicant).pk, fetch=answer)

    assert checked.verification == Evidence.Verification.UNVERIFIED
    assert checked.verification_note == "It was not authored by your linked account."


# --- The profile page ---------------------------------------------------------------------------


def test_the_profile_shows_the_typed_usernames_as_unverified_with_a_link_button(client, applicant):
    hints(applicant, gitee="typed-gitee")
    client.force_login(applicant)

    html = client.get("/me/profile/").content.decode()

    assert "Gitee username (typed by you, not verified)" in html
    assert 'value="typed-gitee"' in html
    assert "Link your Gitee account" in html
    assert 'href="/me/accounts/"' in html


def test_a_linked_forge_is_shown_verified_and_its_hint_no_longer_edited(client, applicant):
    profile = hints(applicant, gitee="typed-gitee", github="typed-github")
    link(applicant, "github", "lihua-ms")
    client.force_login(applicant)

    html = client.get("/me/profile/").content.decode()
    assert 'data-forge-identity="github"' in html
    assert "lihua-ms" in html
    assert 'name="github_username"' not in html
    assert 'name="gitee_username"' in html

    response = client.post(
        "/me/profile/",
        {
            "display_name": profile.display_name,
            "handle": profile.handle,
            "gitee_username": "new-gitee",
            "github_username": "sneaky-change",
        },
    )

    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.gitee_username == "new-gitee"
    assert profile.github_username == "typed-github"  # kept, not edited


def test_the_profile_reads_in_chinese(client, applicant):
    hints(applicant, gitee="typed-gitee")
    client.force_login(applicant)
    client.cookies["django_language"] = "zh-hans"

    html = client.get("/me/profile/").content.decode()

    assert "关联你的 Gitee 账号" in html


# --- The review page ------------------------------------------------------------------------


def test_reviewers_see_which_forge_names_are_verified(client, applicant, reviewer):
    hints(applicant, gitee="typed-gitee")
    link(applicant, "github", "lihua-ms")
    application = submitted(applicant)
    client.force_login(reviewer)

    html = client.get(f"/reviews/{application.pk}/").content.decode()

    github = html.split('data-forge-identity="github"')[1].split("</p>")[0]
    gitee = html.split('data-forge-identity="gitee"')[1].split("</p>")[0]
    assert "lihua-ms" in github and "linked account" in github
    assert "typed-gitee" in gitee and "typed by the applicant, not verified" in gitee


# --- The data export ------------------------------------------------------------------------


def test_the_export_lists_linked_accounts_and_never_a_token(client, applicant, settings):
    configure_forges(settings, "gitee", "github")
    hints(applicant, gitee="typed-gitee")
    gitee = link(applicant, "gitee", "li-hua", uid="8123456", token=rec.GITEE_TOKEN)
    link(applicant, "github", "lihua-ms", uid="58123456", token=rec.GITHUB_TOKEN)
    client.force_login(applicant)

    response = client.get("/me/data.json")

    body = response.content.decode()
    data = json.loads(body)
    assert data["linked_accounts"] == [
        {
            "forge": "gitee",
            "username": "li-hua",
            "uid": "8123456",
            "linked_at": data["linked_accounts"][0]["linked_at"],
        },
        {
            "forge": "github",
            "username": "lihua-ms",
            "uid": "58123456",
            "linked_at": data["linked_accounts"][1]["linked_at"],
        },
    ]
    assert data["linked_accounts"][0]["linked_at"].startswith(str(gitee.date_joined.date()))
    assert data["profile"]["gitee_username"] == "typed-gitee"
    for secret in (rec.GITEE_TOKEN, rec.GITHUB_TOKEN, "refresh-secret-1"):
        assert secret not in body


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_the_typed_usernames_as_hints(seed_programme):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from tests.factories import UserFactory

    executor = MigrationExecutor(connection)
    # Named, not "the newest": later migrations of applications follow it.
    hints_migration = ("applications", "0004_forge_username_hints")
    parents = executor.loader.graph.node_map[hints_migration].parents
    (previous,) = [node.key for node in parents if node.key[0] == "applications"]
    executor.migrate([previous])
    old = executor.loader.project_state([previous]).apps
    person = UserFactory()
    old.get_model("applications", "Profile").objects.create(
        user_id=person.pk,
        display_name="Li",
        handle="li",
        gitee_username="typed-gitee",
        github_username="typed-github",
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    profile = Profile.objects.get(user=person)
    assert (profile.gitee_username, profile.github_username) == ("typed-gitee", "typed-github")
    identities = forge_identities(person)
    assert [(i.login, i.verified) for i in identities.values()] == [
        ("typed-gitee", False),
        ("typed-github", False),
    ]
