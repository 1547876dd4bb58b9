"""From a forge's item (its API JSON) to the evidence it stands for.

The table the programme edits decides: the organisation's repository → scope map gives a merged
pull request its kind (``documentation`` → documentation contribution, anything else → pull
request with that ``scope``; a repository not listed is ``other``), and the organisation's
accepted-issue rule (a label, or a state) decides when an issue counts as accepted.
"""

import datetime
from dataclasses import dataclass

from criteria.vocabulary import EvidenceKind, validate_evidence_fields

from .models import Organisation, Scope

TITLE_MAX = 200


@dataclass(frozen=True)
class Item:
    """One contribution as the forge states it, ready to become evidence."""

    forge: str
    url: str
    api_url: str
    external_id: str
    kind: str
    title: str
    date: datetime.date
    fields: dict
    repository: str

    def values(self) -> dict:
        return {
            "kind": self.kind,
            "title": self.title,
            "date": self.date,
            "fields": self.fields,
            "repository": self.repository,
            "api_url": self.api_url,
            "external_id": self.external_id,
        }


@dataclass(frozen=True)
class Rules:
    """The editable table for one forge, read once per import."""

    organisations: dict[str, Organisation]  # lower-case name → organisation
    scopes: dict[tuple[str, str], str]  # (organisation, repository), lower case → scope
    repositories: tuple = ()  # the mapped repositories (forges.Repository)

    def scope(self, organisation: str, repository: str) -> str:
        return self.scopes.get((organisation.lower(), repository.lower()), Scope.OTHER)


def _date(value: str | None) -> datetime.date | None:
    if not value:
        return None
    return datetime.datetime.fromisoformat(value.replace("Z", "+00:00")).date()


def _kind_and_fields(scope: str) -> tuple[str, dict]:
    if scope == Scope.DOCUMENTATION:
        return EvidenceKind.DOC_CONTRIBUTION, {}
    return EvidenceKind.PULL_REQUEST, {"state": "merged", "scope": scope}


def issue_state(organisation: Organisation, *, state: str, labels: list[str]) -> str:
    """``accepted`` by the organisation's rule, else ``open`` while the forge has it open, else
    ``rejected`` (closed without being accepted)."""
    wanted = organisation.accepted_issue_value.lower()
    if organisation.accepted_issue_rule == Organisation.IssueRule.LABEL:
        accepted = wanted in {label.lower() for label in labels}
    else:
        accepted = state.lower() == wanted
    if accepted:
        return "accepted"
    return "open" if state in ("open", "progressing") else "rejected"


def _labels(raw: dict) -> list[str]:
    return [label.get("name", "") for label in raw.get("labels") or [] if isinstance(label, dict)]


def _item(forge, raw, *, kind, fields, date, repository) -> Item:
    return Item(
        forge=forge,
        url=raw["html_url"].rstrip("/"),
        api_url=raw.get("url") or "",
        external_id=str(raw.get("id", "")),
        kind=kind,
        title=(raw.get("title") or "").strip()[:TITLE_MAX] or raw["html_url"][-TITLE_MAX:],
        date=date,
        fields=validate_evidence_fields(kind, fields),
        repository=repository,
    )


def github_item(raw: dict, rules: Rules) -> Item | None:
    """A result of GitHub's issue search: a merged pull request or an issue; ``None`` for
    anything else (an open or unmerged pull request, a repository outside the organisations)."""
    # repository_url: https://api.github.com/repos/{owner}/{repo}
    owner, _slash, name = raw.get("repository_url", "").rpartition("/repos/")[2].partition("/")
    organisation = rules.organisations.get(owner.lower())
    if organisation is None or not name:
        return None
    repository = f"{owner}/{name}"
    pull = raw.get("pull_request")
    if pull is not None:
        merged = _date(pull.get("merged_at"))
        if merged is None:
            return None
        kind, fields = _kind_and_fields(rules.scope(owner, name))
        return _item("github", raw, kind=kind, fields=fields, date=merged, repository=repository)
    state = issue_state(organisation, state=raw.get("state", ""), labels=_labels(raw))
    return _item(
        "github",
        raw,
        kind=EvidenceKind.COMMUNITY_ISSUE,
        fields={"state": state},
        date=_date(raw.get("created_at")),
        repository=repository,
    )


def gitee_item(raw: dict, rules: Rules) -> Item | None:
    """A Gitee v5 issue (it has ``issue_state``/``repository``) or merged pull request (it has
    ``merged_at`` and ``base.repo``)."""
    if "merged_at" in raw or "base" in raw:
        full_name = ((raw.get("base") or {}).get("repo") or {}).get("full_name", "")
        owner, _slash, name = full_name.partition("/")
        organisation = rules.organisations.get(owner.lower())
        merged = _date(raw.get("merged_at"))
        if organisation is None or merged is None or raw.get("state") != "merged":
            return None
        kind, fields = _kind_and_fields(rules.scope(owner, name))
        return _item("gitee", raw, kind=kind, fields=fields, date=merged, repository=full_name)
    full_name = (raw.get("repository") or {}).get("full_name", "")
    owner, _slash, name = full_name.partition("/")
    organisation = rules.organisations.get(owner.lower())
    if organisation is None:
        return None
    state = issue_state(organisation, state=raw.get("state", ""), labels=_labels(raw))
    return _item(
        "gitee",
        raw,
        kind=EvidenceKind.COMMUNITY_ISSUE,
        fields={"state": state},
        date=_date(raw.get("created_at")),
        repository=full_name,
    )


# The kinds an import writes, by the listing they come from: a listing that is complete retires
# the imported evidence of its kinds that it no longer holds.
ISSUE_KINDS = frozenset({EvidenceKind.COMMUNITY_ISSUE})
PULL_KINDS = frozenset({EvidenceKind.PULL_REQUEST, EvidenceKind.DOC_CONTRIBUTION})
IMPORTED_KINDS = ISSUE_KINDS | PULL_KINDS

MAPPERS = {"gitee": gitee_item, "github": github_item}
