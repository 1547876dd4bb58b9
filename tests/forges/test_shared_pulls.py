"""Gitee's merged pull requests, read once for everyone (``forges.shared``): the first read of
each repository's whole history, then only what changed (``since``, a 304 when nothing did);
people read theirs from the table, without a call per repository; one sync at a time."""

import datetime
import logging
import re

import pytest
from django.core.cache import cache
from django.utils import timezone

from applications.models import Evidence
from forges import shared
from forges.models import ForgeLink, Repository, RepositoryPull
from forges.services import import_contributions
from forges.tasks import refresh_all
from tests.factories import UserFactory
from tests.forges.conftest import GITEE, GITEE_TOKEN, link

pytestmark = pytest.mark.django_db

PULLS = f"{GITEE}/repos/mindspore/mindspore/pulls"
DOCS = f"{GITEE}/repos/mindspore/docs/pulls"
ISSUES = f"{GITEE}/orgs/mindspore/issues"
MAPPED = 11  # repositories of the seeded Gitee organisation


def re_any_pulls():
    return re.compile(rf"{re.escape(GITEE)}/repos/mindspore/[\w.-]+/pulls")


def pull_calls(forges):
    return [c for c in forges.mock.calls if "/pulls" in c.request.url]


def shared_table_read(forges):
    """Every mapped repository's whole history, as ``Forges.gitee_everything`` serves it."""
    forges.gitee_everything()
    return shared.pulls_sync()


def an_hour_later():
    Repository.objects.update(pulls_synced_at=timezone.now() - datetime.timedelta(hours=2))


def test_the_first_read_pages_each_repositorys_whole_history(forges):
    result = shared_table_read(forges)
    # mindspore over two pages (total_page), docs one, the nine others one empty page each.
    assert (result.calls, result.created) == (MAPPED + 1, 4)
    first = pull_calls(forges)[0].request
    assert "state=merged" in first.url and "sort=created" in first.url
    assert "per_page=100" in first.url and "since" not in first.url
    assert "If-None-Match" not in first.headers
    rows = {(p.repository.name, p.number): p for p in RepositoryPull.objects.all()}
    assert set(rows) == {
        ("mindspore", 8801),
        ("mindspore", 8790),
        ("mindspore", 8700),
        ("docs", 1203),
    }
    pull = rows[("mindspore", 8801)]
    assert pull.author == "li-wei"
    assert pull.data["base"]["repo"]["full_name"] == "mindspore/mindspore"
    assert set(pull.data) == {
        "id",
        "number",
        "url",
        "html_url",
        "title",
        "state",
        "merged_at",
        "base",
    }
    mindspore = Repository.objects.get(organisation__forge="gitee", name="mindspore")
    assert mindspore.pulls_etag == 'W/"e4da3b7fbbce2345d7772b0674a318d5"'
    assert mindspore.pulls_history_at is not None
    assert shared.is_complete(shared.repositories())


def test_afterwards_only_what_changed_since_and_an_unchanged_repository_costs_a_304(
    forges, django_assert_num_queries
):
    shared_table_read(forges)
    synced = Repository.objects.get(organisation__forge="gitee", name="mindspore").pulls_synced_at
    forges.mock.reset()
    forges.reply(re_any_pulls(), "gitee_not_modified.json")
    with django_assert_num_queries(1 + MAPPED):  # the repositories, then one update each
        result = shared.pulls_sync()
    assert (result.calls, result.not_modified, result.created) == (MAPPED, MAPPED, 0)
    call = next(c for c in pull_calls(forges) if c.request.url.startswith(PULLS))
    assert call.request.headers["If-None-Match"] == 'W/"e4da3b7fbbce2345d7772b0674a318d5"'
    since = (synced - shared.OVERLAP).isoformat().replace(":", "%3A").replace("+", "%2B")
    assert f"since={since}" in call.request.url


def test_an_incremental_read_adds_the_new_and_updates_the_changed(
    forges, django_assert_num_queries
):
    shared_table_read(forges)
    forges.mock.reset()

    def one_new_one_retitled(answer):
        new = {**answer["body"][0], "number": 8900, "id": 12008900, "title": "New"}
        new["html_url"] = "https://gitee.com/mindspore/mindspore/pulls/8900"
        answer["body"][0]["title"] = "Retitled"
        answer["body"].insert(0, new)
        answer["headers"]["total_page"] = "1"
        answer["headers"]["ETag"] = 'W/"changed"'

    forges.reply(PULLS, "gitee_pulls_mindspore_page1.json", edit=one_new_one_retitled)
    forges.reply(re_any_pulls(), "gitee_not_modified.json")
    # The repositories; for mindspore its page (read; insert and update in a savepoint) and its
    # state; one update for each of the ten others.
    with django_assert_num_queries(1 + 5 + 1 + (MAPPED - 1)):
        result = shared.pulls_sync()
    assert (result.created, result.updated, result.not_modified) == (1, 1, MAPPED - 1)
    assert RepositoryPull.objects.get(number=8801).data["title"] == "Retitled"
    assert (
        Repository.objects.get(organisation__forge="gitee", name="mindspore").pulls_etag
        == 'W/"changed"'
    )


def test_a_whole_history_read_again_drops_pull_requests_that_are_gone(forges):
    shared_table_read(forges)
    forges.mock.reset()
    forges.reply(PULLS, "gitee_pulls_mindspore_page2.json")
    forges.reply(re_any_pulls(), "gitee_empty.json")
    Repository.objects.update(pulls_history_at=timezone.now() - shared.HISTORY_EVERY)
    result = shared.pulls_sync()
    assert result.deleted == 2  # 8801 and 8790
    assert set(RepositoryPull.objects.values_list("number", flat=True)) == {8700, 1203}


def test_a_whole_history_that_lists_nothing_keeps_the_table(forges, caplog):
    shared_table_read(forges)
    forges.mock.reset()
    forges.reply(re_any_pulls(), "gitee_empty.json")
    Repository.objects.update(pulls_history_at=None)
    with caplog.at_level(logging.WARNING):
        result = shared.pulls_sync()
    assert result.deleted == 0 and RepositoryPull.objects.count() == 4
    assert "kept" in caplog.text
    # Read whole again next time, not taken as complete.
    assert Repository.objects.get(organisation__forge="gitee", name="docs").pulls_history_at is None


def test_two_people_share_one_repository_listing(forges, gitee_person):
    colleague = UserFactory(email="zhang.min@example.org")
    link(colleague, "gitee", "100", "Zhang-Min", "gitee-token-other")
    shared_table_read(forges)
    forges.mock.reset()

    def colleague_wrote_8790(answer):
        answer["body"][1]["user"]["login"] = "zhang-min"

    forges.reply(ISSUES, "gitee_empty.json")
    forges.reply(PULLS, "gitee_pulls_mindspore_page1.json", edit=colleague_wrote_8790)
    forges.reply(PULLS, "gitee_pulls_mindspore_page2.json", page=2)
    forges.reply(DOCS, "gitee_pulls_docs.json")
    forges.reply(re_any_pulls(), "gitee_empty.json")
    Repository.objects.update(pulls_synced_at=None)
    import_contributions(user=gitee_person)  # reads the repositories once (the table was old)
    first = len(pull_calls(forges))
    import_contributions(user=colleague)
    assert first == MAPPED + 1 and len(pull_calls(forges)) == first
    assert set(Evidence.objects.filter(owner=colleague).values_list("url", flat=True)) == {
        "https://gitee.com/mindspore/mindspore/pulls/8790"
    }


def test_a_person_whose_pull_request_is_in_the_table_gets_it_without_a_pulls_call(
    forges, gitee_person, django_assert_num_queries
):
    shared_table_read(forges)
    forges.mock.reset()
    forges.reply(ISSUES, "gitee_org_issues.json")
    # The same as before the table, less the calls: accounts, the link's import state (3),
    # token, table (2), the person's pull requests, eligibility before (5), the write in a
    # savepoint (what they have, one insert, what is gone: 3 and 2), the link, eligibility after.
    with django_assert_num_queries(26):
        result = import_contributions(user=gitee_person)
    assert (result.accounts[0].created, result.accounts[0].calls) == (6, 1)
    assert result.accounts[0].shared_calls == 0
    assert not pull_calls(forges)
    pull = Evidence.objects.get(url="https://gitee.com/mindspore/mindspore/pulls/8801")
    assert pull.fields == {"state": "merged", "scope": "framework_core"}


def test_an_unchanged_gitee_person_costs_one_conditional_call(
    forges, gitee_person, django_assert_num_queries
):
    forges.gitee_everything()
    import_contributions(user=gitee_person)
    forges.mock.reset()
    forges.reply(ISSUES, "gitee_not_modified.json")
    two_days_ago = timezone.now() - datetime.timedelta(days=2)
    ForgeLink.objects.update(refreshed_at=two_days_ago)
    RepositoryPull.objects.update(changed_at=two_days_ago - datetime.timedelta(days=1))
    with django_assert_num_queries(8):  # accounts, token, table (2), pulls, link update (3)
        result = import_contributions(user=gitee_person)
    assert result.accounts[0].not_modified and result.accounts[0].calls == 1
    (call,) = forges.mock.calls
    assert call.request.headers["If-None-Match"] == 'W/"a87ff679a2f3e71d9181a67b7542122c"'


def test_a_new_pull_request_arrives_even_when_the_persons_issues_are_unchanged(
    forges, gitee_person
):
    forges.gitee_everything()
    import_contributions(user=gitee_person)
    ForgeLink.objects.update(refreshed_at=timezone.now() - datetime.timedelta(days=2))
    an_hour_later()
    forges.mock.reset()

    def a_new_merge(answer):
        new = {**answer["body"][0], "number": 8950, "id": 12008950, "title": "Merged today"}
        new["html_url"] = "https://gitee.com/mindspore/mindspore/pulls/8950"
        answer["body"] = [new]
        answer["headers"]["total_page"] = "1"

    forges.reply(ISSUES, "gitee_not_modified.json")
    forges.reply(PULLS, "gitee_pulls_mindspore_page1.json", edit=a_new_merge)
    forges.reply(re_any_pulls(), "gitee_not_modified.json")
    result = import_contributions(user=gitee_person)
    assert result.accounts[0].shared_calls == MAPPED
    assert (result.accounts[0].created, result.accounts[0].deleted) == (1, 0)
    assert Evidence.objects.filter(owner=gitee_person, source="imported").count() == 7


def test_a_stale_table_is_synced_once_under_a_lock(forges, gitee_person):
    shared_table_read(forges)
    an_hour_later()
    forges.mock.reset()
    forges.reply(ISSUES, "gitee_org_issues.json")
    assert cache.add(shared.LOCK, 1)  # another import is syncing right now
    try:
        result = import_contributions(user=gitee_person)
    finally:
        cache.delete(shared.LOCK)
    # It did not sync too: it read the table as it is.
    assert not pull_calls(forges) and result.accounts[0].created == 6


def test_the_hourly_refresh_syncs_once_then_each_person_reads_the_table(
    forges, gitee_person, settings
):
    settings.GITEE_TOKEN = "ours-7c1e"
    colleague = UserFactory(email="zhang.min@example.org")
    link(colleague, "gitee", "100", "zhang-min", "gitee-token-other")
    forges.gitee_everything()
    refresh_all()
    assert len(pull_calls(forges)) == MAPPED + 1
    assert all("access_token=ours-7c1e" in c.request.url for c in pull_calls(forges))
    issues = [c for c in forges.mock.calls if c.request.url.startswith(ISSUES)]
    assert len(issues) == 2  # one per person
    assert Evidence.objects.filter(owner=gitee_person).count() == 6


def test_without_a_token_of_ours_the_person_s_token_reads_the_table(forges, gitee_person):
    forges.gitee_everything()
    import_contributions(user=gitee_person)
    assert all(f"access_token={GITEE_TOKEN}" in c.request.url for c in pull_calls(forges))


def test_a_forge_that_limits_the_sync_leaves_the_table_and_the_import_goes_on(forges, gitee_person):
    shared_table_read(forges)
    an_hour_later()
    forges.mock.reset()
    forges.reply(ISSUES, "gitee_org_issues.json")
    forges.reply(re_any_pulls(), "gitee_too_many_requests.json")
    result = import_contributions(user=gitee_person)
    assert not result.accounts[0].problem and result.accounts[0].created == 6
    assert RepositoryPull.objects.count() == 4
    # Still stale: the next import tries again.
    assert shared.is_stale(shared.repositories(), timezone.now())


def test_our_refused_token_does_not_ask_the_person_to_sign_in(forges, gitee_person, settings):
    settings.GITEE_TOKEN = "revoked-ours"
    forges.reply(ISSUES, "gitee_org_issues.json")
    forges.reply(re_any_pulls(), "gitee_unauthorized.json")
    result = import_contributions(user=gitee_person)
    assert not result.accounts[0].problem
    assert not ForgeLink.objects.get().needs_sign_in


def test_the_persons_refused_token_during_the_sync_asks_them_to_sign_in(forges, gitee_person):
    forges.reply(re_any_pulls(), "gitee_unauthorized.json")
    result = import_contributions(user=gitee_person)
    assert result.accounts[0].problem
    assert ForgeLink.objects.get().needs_sign_in


def test_the_hourly_refresh_goes_on_when_gitee_does_not_answer_the_sync(forges, gitee_person):
    forges.reply(ISSUES, "gitee_org_issues.json")
    forges.reply(re_any_pulls(), "gitee_bad_gateway.json")
    refresh_all()
    # One failed sync call from the refresh; the person's import does not try again before the
    # forge's wait is over, and their issues arrived all the same; nothing is taken as complete.
    assert len(pull_calls(forges)) == 1
    assert Evidence.objects.filter(owner=gitee_person).count() == 3
    assert not shared.is_complete(shared.repositories())


def test_after_a_failed_sync_imports_wait_before_trying_again(forges, gitee_person):
    forges.reply(ISSUES, "gitee_org_issues.json")
    forges.reply(re_any_pulls(), "gitee_too_many_requests.json")  # Retry-After: 120
    import_contributions(user=gitee_person)
    colleague = UserFactory(email="zhang.min@example.org")
    link(colleague, "gitee", "100", "zhang-min", "gitee-token-other")
    import_contributions(user=colleague)
    assert len(pull_calls(forges)) == 1
    cache.delete(shared.WAIT)  # the two minutes are over
    import_contributions(user=colleague)
    assert len(pull_calls(forges)) == 2


def test_a_repository_gitee_does_not_know_is_skipped_and_said_in_the_log(forges, caplog):
    Repository.objects.create(
        organisation=Repository.objects.filter(organisation__forge="gitee").first().organisation,
        name="mistyped",
        scope="other",
    )
    forges.reply(f"{GITEE}/repos/mindspore/mistyped/pulls", "gitee_not_found.json")
    with caplog.at_level(logging.ERROR):
        result = shared_table_read(forges)
    assert "Gitee has no repository mindspore/mistyped (404)" in caplog.text
    assert result.created == 4  # the others were read
    repos = shared.repositories()
    assert shared.is_complete(repos) and not shared.is_stale(repos, timezone.now())
