"""Evidence links checked against Gitee, GitHub and arXiv, with recorded responses."""

from pathlib import Path

import pytest
from allauth.socialaccount.models import SocialAccount

from applications import link_checks
from applications.link_checks import evidence_check_link
from applications.models import Evidence
from applications.services import evidence_save
from tests.factories import make_evidence, make_profile

pytestmark = pytest.mark.django_db

# Taken at import, before the suite's autouse fixture replaces it with "no network".
REAL_HTTP_GET = link_checks.http_get

RECORDINGS = Path(__file__).resolve().parents[1] / "fixtures" / "forges"
ANSWERS = {
    "https://api.github.com/repos/mindspore-ai/mindspore/pulls/1024": "github_pull_merged.json",
    "https://api.github.com/repos/mindspore-ai/mindspore/pulls/1025": "github_pull_open.json",
    "https://gitee.com/api/v5/repos/mindspore/mindspore/pulls/88": "gitee_pull_merged.json",
    "https://gitee.com/api/v5/repos/mindspore/issues/I8ABCD": "gitee_issue.json",
    "https://api.github.com/repos/mindspore-ai/mindspore/issues/77": "github_issue_other.json",
    "https://export.arxiv.org/api/query?id_list=2401.01234": "arxiv_found.xml",
    "https://export.arxiv.org/api/query?id_list=2401.99999": "arxiv_missing.xml",
}


def recorded(url):
    if url not in ANSWERS:
        raise link_checks.NotFound(url)
    return (RECORDINGS / ANSWERS[url]).read_bytes()


@pytest.fixture
def developer(applicant):
    make_profile(applicant)
    # Their linked accounts (the forges' word): authorship is checked against these logins.
    for forge, login, uid in (("github", "liwei-dev", "5812"), ("gitee", "li-wei", "88123")):
        SocialAccount.objects.create(
            user=applicant, provider=forge, uid=uid, extra_data={"login": login}
        )
    return applicant


def evidence(user, kind, url, **fields):
    item = make_evidence(user, kind, **fields)
    Evidence.objects.filter(pk=item.pk).update(url=url)
    return item


@pytest.mark.parametrize(
    ("kind", "url", "fields", "verified", "note"),
    [
        (
            "pull_request",
            "https://github.com/mindspore-ai/mindspore/pull/1024",
            {"state": "merged", "scope": "framework_core"},
            True,
            "Checked against the forge.",
        ),
        (
            "pull_request",
            "https://github.com/mindspore-ai/mindspore/pull/1025",
            {"state": "merged", "scope": "application"},
            False,
            "The pull request is not merged.",
        ),
        (
            "pull_request",
            "https://github.com/mindspore-ai/mindspore/pull/1025",
            {"state": "open", "scope": "application"},
            True,
            "Checked against the forge.",
        ),
        (
            "pull_request",
            "https://gitee.com/mindspore/mindspore/pulls/88",
            {"state": "merged", "scope": "toolkit_core"},
            True,
            "Checked against the forge.",
        ),
        (
            "community_issue",
            "https://gitee.com/mindspore/mindspore/issues/I8ABCD",
            {"state": "accepted"},
            True,
            "Checked against the forge.",
        ),
        (
            "community_issue",
            "https://github.com/mindspore-ai/mindspore/issues/77",
            {"state": "open"},
            False,
            "It was not authored by your linked account.",
        ),
        (
            "pull_request",
            "https://github.com/mindspore-ai/mindspore/pull/4040",
            {"state": "merged", "scope": "other"},
            False,
            "The linked page does not exist.",
        ),
        ("arxiv_paper", "https://arxiv.org/abs/2401.01234v2", {}, True, "The paper is on arXiv."),
        (
            "arxiv_paper",
            "https://arxiv.org/abs/2401.99999",
            {},
            False,
            "arXiv has no paper with this id.",
        ),
    ],
)
def test_links_are_checked_against_their_source(developer, kind, url, fields, verified, note):
    item = evidence(developer, kind, url, **fields)

    checked = evidence_check_link(evidence_id=item.pk, fetch=recorded)

    expected = Evidence.Verification.VERIFIED if verified else Evidence.Verification.UNVERIFIED
    assert (checked.verification, checked.verification_note) == (expected, note)
    assert checked.checked_at is not None


def test_an_unreachable_forge_leaves_the_evidence_unchecked(developer):
    item = evidence(
        developer,
        "pull_request",
        "https://github.com/mindspore-ai/mindspore/pull/1024",
        state="merged",
        scope="other",
    )

    with pytest.raises(link_checks.Unreachable):
        evidence_check_link(evidence_id=item.pk)

    item.refresh_from_db()
    assert item.verification == Evidence.Verification.UNCHECKED


def test_a_reviewers_rejection_is_never_overwritten(developer):
    item = evidence(
        developer,
        "pull_request",
        "https://github.com/mindspore-ai/mindspore/pull/1024",
        state="merged",
        scope="other",
    )
    Evidence.objects.filter(pk=item.pk).update(verification=Evidence.Verification.REJECTED)

    evidence_check_link(evidence_id=item.pk, fetch=recorded)

    item.refresh_from_db()
    assert item.verification == Evidence.Verification.REJECTED


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/mindspore-ai/mindspore/pull/1024/../../../evil",
        "https://github.com.evil.example/mindspore-ai/mindspore/pull/1",
        "http://169.254.169.254/latest/meta-data/",
        "https://gitee.com/mindspore/mindspore/pulls/1?next=https://evil.example",
    ],
)
def test_only_known_api_addresses_are_ever_fetched(developer, url):
    fetched = []
    item = evidence(developer, "pull_request", url, state="merged", scope="other")

    checked = evidence_check_link(evidence_id=item.pk, fetch=fetched.append)

    assert fetched == []
    assert checked.verification == Evidence.Verification.UNVERIFIED


def test_editing_the_link_resets_the_verdict_and_queues_a_check(
    developer, settings, django_capture_on_commit_callbacks, monkeypatch
):
    from applications.tasks import check_evidence_link

    queued = []
    monkeypatch.setattr(check_evidence_link, "delay", queued.append)
    settings.EVIDENCE_LINK_CHECKS = True
    item = evidence(
        developer,
        "pull_request",
        "https://github.com/mindspore-ai/mindspore/pull/1024",
        state="merged",
        scope="other",
    )
    Evidence.objects.filter(pk=item.pk).update(verification=Evidence.Verification.VERIFIED)
    item.refresh_from_db()
    item.url = "https://github.com/mindspore-ai/mindspore/pull/1025"

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        evidence_save(actor=developer, evidence=item)
        assert queued == []  # nothing leaves before the commit

    for callback in callbacks:
        callback()
    item.refresh_from_db()
    assert item.verification == Evidence.Verification.UNCHECKED
    assert queued == [item.pk]


def test_saving_without_changes_keeps_the_verdict(developer, settings):
    settings.EVIDENCE_LINK_CHECKS = True
    item = evidence(
        developer,
        "pull_request",
        "https://github.com/mindspore-ai/mindspore/pull/1024",
        state="merged",
        scope="other",
    )
    Evidence.objects.filter(pk=item.pk).update(verification=Evidence.Verification.VERIFIED)
    item.refresh_from_db()
    item.title = "A better title"

    evidence_save(actor=developer, evidence=item)

    item.refresh_from_db()
    assert item.verification == Evidence.Verification.VERIFIED


def test_github_requests_carry_the_token_when_configured(settings):
    import responses

    settings.GITHUB_TOKEN = "ghp_example"
    with responses.RequestsMock() as forges:
        forges.get("https://api.github.com/repos/a/b/pulls/1", json={})
        forges.get("https://gitee.com/api/v5/repos/a/b/pulls/1", json={})
        REAL_HTTP_GET("https://api.github.com/repos/a/b/pulls/1")
        REAL_HTTP_GET("https://gitee.com/api/v5/repos/a/b/pulls/1")
        github, gitee = (call.request for call in forges.calls)

    assert github.headers["Authorization"] == "Bearer ghp_example"
    assert "Authorization" not in gitee.headers  # never sent to anyone but GitHub


@pytest.mark.parametrize(("status", "error"), [(404, "NotFound"), (502, "Unreachable")])
def test_answers_other_than_200_say_missing_or_unreachable(status, error):
    import responses

    with responses.RequestsMock() as forges:
        forges.get("https://gitee.com/api/v5/repos/a/b/pulls/1", status=status)
        with pytest.raises(getattr(link_checks, error)):
            REAL_HTTP_GET("https://gitee.com/api/v5/repos/a/b/pulls/1")


def test_the_forge_api_addresses_come_from_the_settings(settings):
    settings.GITEE_API_URL = "http://127.0.0.1:8121/api/v5"
    found = link_checks.source_of("https://gitee.com/mindspore/mindspore/pulls/88")
    assert (
        link_checks.api_url(*found)
        == "http://127.0.0.1:8121/api/v5/repos/mindspore/mindspore/pulls/88"
    )
