"""Checking evidence links against the forges and arXiv, in the background.

A pull request or issue on Gitee or GitHub is looked up through the forge's public API: does it
exist, was it merged (for a merged pull request), and did the applicant's linked handle author
it? An arXiv link must name a paper that exists. The answer marks the evidence verified or
unverified, with a note saying why; an unreachable service leaves it unchecked for a retry.
Only these addresses are ever fetched, so a link can never make the server call elsewhere.

``evidence_check_link`` records the verdict: it is the body of ``tasks.check_evidence_link``,
which ``services.evidence_save`` queues (services → tasks → here, each import at the top).
"""

import json
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass

import requests
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_noop

from .models import Evidence
from .selectors import forge_identities

TIMEOUT_SECONDS = 10
USER_AGENT = "mindspore-growth-link-check/1.0"

PATTERNS = {
    "github_pull": re.compile(r"^https://github\.com/([\w.-]+)/([\w.-]+)/pull/(\d+)/?$"),
    "github_issue": re.compile(r"^https://github\.com/([\w.-]+)/([\w.-]+)/issues/(\d+)/?$"),
    "gitee_pull": re.compile(r"^https://gitee\.com/([\w.-]+)/([\w.-]+)/pulls/(\d+)/?$"),
    "gitee_issue": re.compile(r"^https://gitee\.com/([\w.-]+)/([\w.-]+)/issues/(\w+)/?$"),
    "arxiv": re.compile(r"^https?://arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5})(?:v\d+)?(?:\.pdf)?/?$"),
}
# The forges' parts are relative to GITHUB_API_URL and GITEE_API_URL (a stand-in may serve them).
API = {
    "github_pull": "{github}/repos/{0}/{1}/pulls/{2}",
    "github_issue": "{github}/repos/{0}/{1}/issues/{2}",
    "gitee_pull": "{gitee}/repos/{0}/{1}/pulls/{2}",
    "gitee_issue": "{gitee}/repos/{0}/issues/{2}",
    "arxiv": "https://export.arxiv.org/api/query?id_list={0}",
}
# Which links make sense for which kind of evidence.
KINDS = {
    "pull_request": {"github_pull", "gitee_pull"},
    "community_issue": {"github_issue", "gitee_issue"},
    "arxiv_paper": {"arxiv"},
}


class Unreachable(Exception):
    """The service did not answer (network, timeout, 5xx, rate limit): try again later."""


class NotFound(Exception):
    """The service answered that the linked thing does not exist."""


@dataclass(frozen=True)
class Outcome:
    verified: bool
    note: str  # an untranslated message id, translated when shown


def api_url(source: str, parts: tuple[str, ...]) -> str:
    return API[source].format(*parts, github=settings.GITHUB_API_URL, gitee=settings.GITEE_API_URL)


def http_get(url: str) -> bytes:
    """GET one of the API addresses above. Tests replace this with recorded responses."""
    headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
    if url.startswith(settings.GITHUB_API_URL + "/") and settings.GITHUB_TOKEN:
        # Without a token GitHub allows 60 requests an hour per address.
        headers["Authorization"] = f"Bearer {settings.GITHUB_TOKEN}"
    try:
        response = requests.get(
            url, headers=headers, timeout=TIMEOUT_SECONDS, allow_redirects=False
        )
    except requests.RequestException as exc:
        raise Unreachable(f"{url}: {type(exc).__name__}") from None
    if response.status_code == 404:
        raise NotFound(url)
    if response.status_code != 200:
        raise Unreachable(f"{url}: HTTP {response.status_code}")
    return response.content


def source_of(url: str) -> tuple[str, tuple[str, ...]] | None:
    for source, pattern in PATTERNS.items():
        match = pattern.match(url or "")
        if match:
            return source, match.groups()
    return None


def checkable(kind: str, url: str) -> bool:
    found = source_of(url)
    return found is not None and found[0] in KINDS.get(kind, set())


def _same_handle(login: str | None, handle: str) -> bool:
    return bool(login and handle) and login.lower() == handle.lower()


def check(*, kind: str, url: str, fields: dict, github: str, gitee: str, fetch=None) -> Outcome:
    """Look the link up and say whether it backs the evidence (raises ``Unreachable``)."""
    fetch = fetch or http_get
    found = source_of(url)
    if found is None or found[0] not in KINDS.get(kind, set()):
        return Outcome(False, gettext_noop("This link cannot be checked automatically."))
    source, parts = found
    try:
        body = fetch(api_url(source, parts))
    except NotFound:
        return Outcome(False, gettext_noop("The linked page does not exist."))
    if source == "arxiv":
        return _check_arxiv(body)
    data = json.loads(body)
    handle = github if source.startswith("github") else gitee
    login = (data.get("user") or {}).get("login")
    if not _same_handle(login, handle):
        return Outcome(False, gettext_noop("It was not authored by your linked account."))
    if source.endswith("pull") and fields.get("state") == "merged":
        merged = data.get("merged") if source == "github_pull" else data.get("state") == "merged"
        if not merged:
            return Outcome(False, gettext_noop("The pull request is not merged."))
    return Outcome(True, gettext_noop("Checked against the forge."))


def _check_arxiv(body: bytes) -> Outcome:
    atom = "{http://www.w3.org/2005/Atom}"
    root = ElementTree.fromstring(body)  # noqa: S314  (arXiv's own API answer)
    for entry in root.findall(f"{atom}entry"):
        title = (entry.findtext(f"{atom}title") or "").strip()
        if title and title != "Error":
            return Outcome(True, gettext_noop("The paper is on arXiv."))
    return Outcome(False, gettext_noop("arXiv has no paper with this id."))


# --- Recording the verdict ---------------------------------------------------------------------
def _forge_of_link(url: str) -> str | None:
    """ "gitee" or "github" for a pull request or issue link there, else None."""
    found = source_of(url)
    forge = found[0].split("_")[0] if found else None
    return forge if forge in {"gitee", "github"} else None


def evidence_check_link(*, evidence_id: int, fetch=None) -> Evidence | None:
    """Check an evidence link against its forge or arXiv and record the verdict.

    Evidence a reviewer already judged is left alone; an unreachable service raises
    ``Unreachable`` so the task retries later.
    """
    evidence = Evidence.objects.select_related("owner__profile").filter(pk=evidence_id).first()
    if evidence is None or evidence.verification == Evidence.Verification.REJECTED:
        return evidence
    identities = forge_identities(evidence.owner, getattr(evidence.owner, "profile", None))
    outcome = check(
        kind=evidence.kind,
        url=evidence.url,
        fields=evidence.fields or {},
        github=identities["github"].login if "github" in identities else "",
        gitee=identities["gitee"].login if "gitee" in identities else "",
        fetch=fetch,
    )
    verdict = (
        Evidence.Verification.VERIFIED if outcome.verified else Evidence.Verification.UNVERIFIED
    )
    note = outcome.note
    forge = _forge_of_link(evidence.url)
    if outcome.verified and forge in identities and not identities[forge].verified:
        # Authored by the username the person typed: nobody proved that name is theirs.
        verdict = Evidence.Verification.UNVERIFIED
        note = gettext_noop(
            "It matches the username you typed, which is not verified: link your account "
            "to have it checked."
        )
    # Only if nobody changed the link meanwhile: the check answered for that link.
    Evidence.objects.filter(pk=evidence.pk, url=evidence.url).exclude(
        verification=Evidence.Verification.REJECTED
    ).update(verification=verdict, verification_note=note, checked_at=timezone.now())
    evidence.refresh_from_db()
    return evidence
