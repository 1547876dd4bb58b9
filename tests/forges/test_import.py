"""Importing contributions: provenance, dedupe, idempotency, pagination, conditional requests,
forges that are down or rate-limit us, revoked tokens, and eligibility that follows."""

import datetime
import logging

import pytest
from django.utils import timezone

from applications.models import Evidence
from applications.services import application_submit
from criteria.models import Tier
from forges.models import EligibilityNotice, ForgeLink, Repository
from forges.services import import_contributions
from notifications.models import Notification
from tests.factories import make_evidence, make_profile
from tests.forges.conftest import GITEE, GITEE_TOKEN, GITHUB, GITHUB_TOKEN

pytestmark = pytest.mark.django_db


def imported(person):
    return {
        e.url: e for e in Evidence.objects.filter(owner=person, source=Evidence.Source.IMPORTED)
    }


def test_gitee_contributions_arrive_with_their_provenance(forges, gitee_person):
    forges.gitee_everything()
    result = import_contributions(user=gitee_person)
    assert result.accounts[0].created == 6
    evidence = imported(gitee_person)
    pull = evidence["https://gitee.com/mindspore/mindspore/pulls/8801"]
    assert (pull.kind, pull.fields, pull.forge, pull.repository) == (
        "pull_request",
        {"state": "merged", "scope": "framework_core"},
        "gitee",
        "mindspore/mindspore",
    )
    assert pull.api_url == f"{GITEE}/repos/mindspore/mindspore/pulls/8801"
    assert pull.fetched_at is not None
    assert pull.verification == Evidence.Verification.VERIFIED
    # Page 2 of mindspore's pull requests was read; another author's pull request was not taken.
    assert "https://gitee.com/mindspore/mindspore/pulls/8700" in evidence
    assert "https://gitee.com/mindspore/mindspore/pulls/8790" not in evidence


def test_github_follows_the_link_header_to_the_next_page(forges, github_person):
    forges.github_everything()
    import_contributions(user=github_person)
    assert set(imported(github_person)) == {
        "https://github.com/mindspore-ai/mindspore/pull/301",
        "https://github.com/mindspore-ai/docs/pull/77",
        "https://github.com/mindspore-ai/mindspore/issues/290",
        "https://github.com/mindspore-ai/models/issues/5",
    }
    first = forges.calls_to(f"{GITHUB}/search/issues")[0].request
    assert first.headers["Authorization"] == f"Bearer {GITHUB_TOKEN}"
    assert "author:octo-dev org:mindspore-ai" in first.url.replace("%3A", ":").replace("+", " ")


def test_running_it_again_changes_nothing(forges, gitee_person):
    forges.gitee_everything()
    import_contributions(user=gitee_person)
    before = {url: e.updated_at for url, e in imported(gitee_person).items()}
    ForgeLink.objects.update(full_import_at=None)  # a full listing again, not only changes
    result = import_contributions(user=gitee_person)
    assert (result.accounts[0].created, result.accounts[0].updated) == (0, 0)
    assert {url: e.updated_at for url, e in imported(gitee_person).items()} == before


def test_a_declared_item_with_the_same_link_is_taken_over_not_duplicated(forges, github_person):
    declared = make_evidence(github_person, "pull_request", state="open", scope="other")
    Evidence.objects.filter(pk=declared.pk).update(
        url="https://github.com/mindspore-ai/mindspore/pull/301/"
    )
    forges.github_everything()
    import_contributions(user=github_person)
    declared.refresh_from_db()
    assert declared.source == Evidence.Source.IMPORTED
    assert declared.fields == {"state": "merged", "scope": "framework_core"}
    assert declared.title == "Fix Conv2D padding on CPU"
    assert Evidence.objects.filter(owner=github_person).count() == 4


def test_an_unchanged_person_costs_one_conditional_call(
    forges, github_person, django_assert_num_queries
):
    forges.github_everything()
    import_contributions(user=github_person)
    forges.mock.reset()
    forges.reply(f"{GITHUB}/search/issues", "github_not_modified.json")
    link = ForgeLink.objects.get()
    ForgeLink.objects.update(refreshed_at=link.refreshed_at - datetime.timedelta(hours=1))
    with django_assert_num_queries(7):  # accounts, token, table (2), link update (3)
        result = import_contributions(user=github_person)
    assert result.accounts[0].not_modified and result.accounts[0].calls == 1
    (call,) = forges.mock.calls
    assert call.request.headers["If-None-Match"] == 'W/"8f14e45fceea167a5a36dedd4bea2543"'
    assert "updated:>=" in call.request.url.replace("%3A", ":").replace("%3E%3D", ">=")
    assert len(imported(github_person)) == 4


def test_a_changed_state_is_updated(forges, github_person):
    forges.github_everything()
    import_contributions(user=github_person)
    forges.mock.reset()

    def accept_issue_5(answer):
        (issue,) = [i for i in answer["body"]["items"] if i["number"] == 5]
        issue["labels"].append({"name": "accepted"})
        issue["state"] = "closed"

    forges.reply(f"{GITHUB}/search/issues", "github_search_page2.json", edit=accept_issue_5)
    import_contributions(user=github_person)
    assert imported(github_person)["https://github.com/mindspore-ai/models/issues/5"].fields == {
        "state": "accepted"
    }


def test_an_item_gone_from_the_forge_is_deleted_unless_an_application_used_it(forges, gitee_person):
    forges.gitee_everything()
    import_contributions(user=gitee_person)
    make_profile(gitee_person)
    article = make_evidence(gitee_person, "tech_article")
    doc = imported(gitee_person)["https://gitee.com/mindspore/docs/pulls/1203"]
    application_submit(
        applicant=gitee_person,
        tier=Tier.objects.get(slug="excellent-developer"),
        evidence=[doc, article],
        draft=True,
    )

    def first_issue_only(answer):
        del answer["body"][1:]

    def someone_elses_pull(answer):
        answer["body"][0].update(number=1300, id=12001300)
        answer["body"][0]["user"]["login"] = "someone-else"

    forges.mock.reset()
    forges.reply(f"{GITEE}/orgs/mindspore/issues", "gitee_org_issues.json", edit=first_issue_only)
    docs = f"{GITEE}/repos/mindspore/docs/pulls"
    forges.reply(docs, "gitee_pulls_docs.json", edit=someone_elses_pull)
    forges.reply(f"{GITEE}/repos/mindspore/mindspore/pulls", "gitee_pulls_mindspore_page2.json")
    forges.gitee_other_repositories_empty()
    ForgeLink.objects.update(full_import_at=None)
    # The shared table is old and reads everything again.
    Repository.objects.update(pulls_history_at=None, pulls_synced_at=None)
    result = import_contributions(user=gitee_person)
    # Two issues and one pull request are gone; the documentation pull request an application
    # used stays, marked.
    assert (result.accounts[0].deleted, result.accounts[0].missing) == (3, 1)
    kept = Evidence.objects.get(pk=doc.pk)
    assert kept.missing_since is not None
    assert kept.verification == Evidence.Verification.UNVERIFIED
    assert Evidence.objects.filter(pk=article.pk).exists()  # declared evidence is never touched


def test_evidence_under_review_waits_for_the_next_refresh(forges, github_person):
    forges.github_everything()
    import_contributions(user=github_person)
    make_profile(github_person)
    doc = imported(github_person)["https://github.com/mindspore-ai/docs/pull/77"]
    application_submit(
        applicant=github_person,
        tier=Tier.objects.get(slug="excellent-developer"),
        evidence=[doc, make_evidence(github_person, "tech_article")],
    )

    def retitle(answer):
        answer["body"]["items"][1]["title"] = "Retitled on the forge"

    forges.mock.reset()
    forges.reply(f"{GITHUB}/search/issues", "github_search_page1.json", edit=retitle)
    forges.reply(f"{GITHUB}/search/issues", "github_search_page2.json", page=2)
    result = import_contributions(user=github_person)
    assert result.accounts[0].deferred == 1
    doc.refresh_from_db()
    assert doc.title == "Tutorial: training ResNet-50 with MindSpore"


@pytest.mark.parametrize(
    ("answer", "wait_seconds"),
    [
        ("github_unavailable.json", 300),
        ("github_secondary_rate_limit.json", 60),
    ],
)
def test_a_forge_that_is_down_or_limiting_changes_nothing_and_is_retried(
    forges, github_person, answer, wait_seconds
):
    forges.reply(f"{GITHUB}/search/issues", answer)
    before = timezone.now()
    result = import_contributions(user=github_person)
    assert result.accounts[0].problem
    assert not Evidence.objects.filter(owner=github_person).exists()
    link = ForgeLink.objects.get()
    assert link.refreshed_at is None and not link.needs_sign_in
    waited = (link.retry_after - before).total_seconds()
    assert wait_seconds - 5 <= waited <= wait_seconds + 5
    # Once the forge answers, the next refresh brings everything (nothing was lost).
    forges.mock.reset()
    forges.github_everything()
    ForgeLink.objects.update(retry_after=None)
    import_contributions(user=github_person, due_only=True)
    assert len(imported(github_person)) == 4


def test_githubs_exhausted_rate_limit_waits_until_its_reset(forges, github_person):
    reset = int(timezone.now().timestamp()) + 3600

    def reset_in_an_hour(answer):
        answer["headers"]["X-RateLimit-Reset"] = str(reset)

    forges.reply(f"{GITHUB}/search/issues", "github_rate_limited.json", edit=reset_in_an_hour)
    import_contributions(user=github_person)
    link = ForgeLink.objects.get()
    assert link.retry_after == datetime.datetime.fromtimestamp(reset, tz=datetime.UTC)
    # The daily refresh leaves it alone until then.
    result = import_contributions(user=github_person, due_only=True)
    assert result.accounts == []


def test_gitees_429_and_5xx_leave_evidence_as_it_was(forges, gitee_person):
    forges.gitee_everything()
    import_contributions(user=gitee_person)
    before = {url: e.updated_at for url, e in imported(gitee_person).items()}
    for answer in ("gitee_too_many_requests.json", "gitee_bad_gateway.json"):
        forges.mock.reset()
        forges.reply(f"{GITEE}/orgs/mindspore/issues", answer)
        ForgeLink.objects.update(full_import_at=None)
        assert import_contributions(user=gitee_person).accounts[0].problem
        assert {url: e.updated_at for url, e in imported(gitee_person).items()} == before


def test_a_revoked_token_asks_the_person_to_sign_in_again_once(forges, gitee_person, caplog):
    forges.reply(f"{GITEE}/orgs/mindspore/issues", "gitee_unauthorized.json")
    with caplog.at_level(logging.DEBUG):
        import_contributions(user=gitee_person)
        import_contributions(user=gitee_person)
    link = ForgeLink.objects.get()
    assert link.needs_sign_in
    (notice,) = Notification.objects.filter(recipient=gitee_person)
    assert notice.kind == "forge_sign_in_needed"
    assert GITEE_TOKEN not in caplog.text + link.problem + str(notice.context)
    # The daily refresh does not hammer a link that needs the person.
    assert import_contributions(user=gitee_person, due_only=True).accounts == []


def test_tokens_never_reach_logs_or_errors_when_the_network_fails(forges, gitee_person, caplog):
    # Nothing registered: responses raises ConnectionError, whose text has the full address.
    with caplog.at_level(logging.DEBUG):
        result = import_contributions(user=gitee_person)
    assert result.accounts[0].problem
    assert GITEE_TOKEN not in caplog.text
    assert "Gitee /api/v5/orgs/mindspore/issues: ConnectionError" in caplog.text


def test_a_pagination_link_to_another_host_is_never_followed(forges, github_person):
    answer = forges.reply(f"{GITHUB}/search/issues", "github_search_page1.json")
    answer.headers["Link"] = '<https://evil.example/steal?page=2>; rel="next"'
    result = import_contributions(user=github_person)
    assert result.accounts[0].problem
    assert all(c.request.url.startswith(GITHUB) for c in forges.mock.calls)
    assert not imported(github_person)


def test_newly_meeting_a_tier_is_announced_once_in_the_persons_language(forges, gitee_person):
    gitee_person.language = "zh-hans"
    gitee_person.save()
    make_profile(gitee_person)
    make_evidence(gitee_person, "tech_article")  # declared: the influence half of the tier
    forges.gitee_everything()
    result = import_contributions(user=gitee_person)
    assert "excellent-developer" in result.newly_eligible
    notices = Notification.objects.filter(recipient=gitee_person, kind="tier_qualified")
    excellent = [n for n in notices if n.context["tier_name_en"] == "Excellent Developer"]
    assert len(excellent) == 1 and excellent[0].language == "zh-hans"
    assert excellent[0].context["url"].endswith("/apply/excellent-developer/")
    # Again, after the forge changed something: no second notice for the same tier.
    Evidence.objects.filter(owner=gitee_person, source="imported").update(title="x")
    ForgeLink.objects.update(full_import_at=None)
    assert import_contributions(user=gitee_person).newly_eligible == []
    assert EligibilityNotice.objects.filter(person=gitee_person).count() == len(
        result.newly_eligible
    )


def test_the_email_says_you_now_qualify_with_a_link_to_apply(
    forges, gitee_person, mailoutbox, django_capture_on_commit_callbacks
):
    make_profile(gitee_person)
    make_evidence(gitee_person, "tech_article")
    forges.gitee_everything()
    with django_capture_on_commit_callbacks(execute=True):
        import_contributions(user=gitee_person)
    subjects = [m.subject for m in mailoutbox]
    assert "You now qualify for Excellent Developer" in subjects
    body = next(m.body for m in mailoutbox if "Excellent" in m.subject)
    assert "/apply/excellent-developer/" in body


def test_already_eligible_before_the_import_is_not_announced(forges, github_person):
    make_profile(github_person)
    make_evidence(github_person, "tech_article")
    make_evidence(github_person, "project_link")
    forges.github_everything()
    result = import_contributions(user=github_person)
    assert "excellent-developer" not in result.newly_eligible


def more_merged_pulls(count):
    def edit(answer):
        template = answer["body"]["items"][0]
        for number in range(1000, 1000 + count):
            item = {**template, "number": number, "id": number, "title": f"Pull {number}"}
            item["html_url"] = f"https://github.com/mindspore-ai/mindspore/pull/{number}"
            answer["body"]["items"].append(item)

    return edit


# Up to 40 new items go in one INSERT on SQLite (its 999 parameters), about 2,700 on PostgreSQL.
@pytest.mark.parametrize("extra", [0, 30])
def test_the_import_costs_the_same_queries_whatever_the_page_size(
    forges, github_person, extra, django_assert_num_queries
):
    forges.reply(f"{GITHUB}/search/issues", "github_search_page2.json", page=2)
    edit = more_merged_pulls(extra)
    forges.reply(f"{GITHUB}/search/issues", "github_search_page1.json", edit=edit)
    with django_assert_num_queries(25):
        result = import_contributions(user=github_person)
    assert result.accounts[0].created == 4 + extra


def test_an_expired_gitee_token_that_cannot_be_refreshed_now_waits(forges, gitee_person):
    from allauth.socialaccount.models import SocialToken

    SocialToken.objects.update(
        expires_at=timezone.now() - datetime.timedelta(hours=1), token_secret="refresh-me"
    )
    forges.mock.post("https://gitee.com/oauth/token", status=502)
    result = import_contributions(user=gitee_person)
    assert result.accounts[0].problem == "The forge did not answer; we will try again later."
    link = ForgeLink.objects.get()
    assert link.retry_after is not None and not link.needs_sign_in
    assert not forges.calls_to(GITEE + "/orgs")


def test_an_empty_full_listing_retires_nothing(forges, gitee_person):
    forges.gitee_everything()
    import_contributions(user=gitee_person)
    forges.mock.reset()
    forges.reply(f"{GITEE}/orgs/mindspore/issues", "gitee_empty.json")
    forges.gitee_other_repositories_empty(but=())
    ForgeLink.objects.update(full_import_at=None)
    result = import_contributions(user=gitee_person)
    assert (result.accounts[0].deleted, result.accounts[0].missing) == (0, 0)
    assert len(imported(gitee_person)) == 6
