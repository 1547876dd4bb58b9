"""The table that decides what a forge item becomes: kind and scope per repository, and the
accepted-issue rule per organisation."""

import pytest

from forges import mapping
from forges.models import Organisation, Repository, Scope
from forges.services import forge_rules
from tests.forges.conftest import recorded

pytestmark = pytest.mark.django_db


def gitee_pull(repository, state="merged", merged_at="2026-04-11T10:20:00+08:00"):
    item = dict(recorded("gitee_pulls_docs.json")["body"][0])
    item["base"] = {"repo": {"full_name": repository}}
    item["html_url"] = f"https://gitee.com/{repository}/pulls/1203"
    item["state"], item["merged_at"] = state, merged_at
    return item


@pytest.mark.parametrize(
    ("repository", "kind", "fields"),
    [
        ("mindspore/mindspore", "pull_request", {"state": "merged", "scope": "framework_core"}),
        ("mindspore/mindarmour", "pull_request", {"state": "merged", "scope": "toolkit_core"}),
        ("mindspore/models", "pull_request", {"state": "merged", "scope": "application"}),
        ("mindspore/docs", "doc_contribution", {}),
        ("mindspore/not-in-the-table", "pull_request", {"state": "merged", "scope": "other"}),
    ],
)
def test_a_merged_gitee_pull_request_takes_its_repositorys_scope(repository, kind, fields):
    item = mapping.gitee_item(gitee_pull(repository), forge_rules("gitee"))
    assert (item.kind, item.fields, item.repository) == (kind, fields, repository)
    assert str(item.date) == "2026-04-11"


def test_an_edited_scope_changes_what_the_next_import_makes():
    Repository.objects.filter(organisation__forge="gitee", name="models").update(
        scope=Scope.TOOLKIT_CORE
    )
    item = mapping.gitee_item(gitee_pull("mindspore/models"), forge_rules("gitee"))
    assert item.fields["scope"] == "toolkit_core"


def test_unmerged_pull_requests_and_other_organisations_are_left_out():
    rules = forge_rules("gitee")
    assert mapping.gitee_item(gitee_pull("mindspore/mindspore", "open", None), rules) is None
    assert mapping.gitee_item(gitee_pull("someone-else/mindspore"), rules) is None


def github_results():
    return {
        item["number"]: item
        for page in ("github_search_page1.json", "github_search_page2.json")
        for item in recorded(page)["body"]["items"]
    }


def test_github_search_results_map_by_type_and_scope():
    rules, results = forge_rules("github"), github_results()
    merged = mapping.github_item(results[301], rules)
    assert (merged.kind, merged.fields) == (
        "pull_request",
        {"state": "merged", "scope": "framework_core"},
    )
    assert merged.url == "https://github.com/mindspore-ai/mindspore/pull/301"
    assert merged.api_url == "https://api.github.com/repos/mindspore-ai/mindspore/issues/301"
    assert mapping.github_item(results[77], rules).kind == "doc_contribution"
    assert mapping.github_item(results[12], rules) is None  # open pull request


def test_github_issues_are_accepted_by_the_label_rule():
    rules, results = forge_rules("github"), github_results()
    assert mapping.github_item(results[290], rules).fields == {"state": "accepted"}
    assert mapping.github_item(results[5], rules).fields == {"state": "open"}


def test_an_issue_closed_without_the_accepted_label_is_rejected():
    issue = dict(github_results()[290], labels=[{"name": "kind/bug"}])
    assert mapping.github_item(issue, forge_rules("github")).fields == {"state": "rejected"}


@pytest.mark.parametrize(
    ("state", "expected"),
    [("closed", "accepted"), ("rejected", "rejected"), ("open", "open"), ("progressing", "open")],
)
def test_gitee_issues_are_accepted_by_the_state_rule(state, expected):
    issue = dict(recorded("gitee_org_issues.json")["body"][0], state=state)
    assert mapping.gitee_item(issue, forge_rules("gitee")).fields == {"state": expected}


def test_the_rule_can_be_a_label_on_gitee_too():
    Organisation.objects.filter(forge="gitee").update(
        accepted_issue_rule="label", accepted_issue_value="accepted"
    )
    issue = recorded("gitee_org_issues.json")["body"][0]  # closed, labelled kind/bug only
    assert mapping.gitee_item(issue, forge_rules("gitee")).fields == {"state": "rejected"}
    labelled = dict(issue, labels=[{"name": "Accepted"}])
    assert mapping.gitee_item(labelled, forge_rules("gitee")).fields == {"state": "accepted"}
