"""Reading a person's contributions from Gitee and GitHub over their REST APIs.

Only the configured API hosts (``GITEE_API_URL``, ``GITHUB_API_URL``) are ever fetched: every
address, the pagination links the forges send included, is checked against them. Tokens travel
in a header (GitHub) or the ``access_token`` parameter Gitee expects, and never appear in an
exception, a log line or a stored error: errors name the forge, the path and the status only.

Each listing is conditional: the first page goes out with the ``If-None-Match`` of the last
answer, and a ``304`` means nothing changed, so an unchanged person costs one cheap call per
listing. Rate limits (GitHub's ``X-RateLimit-Remaining``/``-Reset``, ``403``/``429`` with
``Retry-After``, Gitee's ``429``) and a forge that is down raise ``Unavailable`` with the time to
try again; ``401`` raises ``SignInRequired``.
"""

import datetime
import email.utils
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.utils import timezone

USER_AGENT = "mindspore-growth-forge-import/1.0"
PER_PAGE = 100
# GitHub's search answers at most 1,000 results per query; past that we ask again for the
# items created before the oldest one seen.
GITHUB_SEARCH_CAP = 1000
DEFAULT_WAIT = datetime.timedelta(minutes=5)


class ForgeError(Exception):
    """A forge could not answer the listing; the message names no token and no query."""


class Unavailable(ForgeError):
    """Down, timing out, answering 5xx or rate-limiting us: nothing changes, try at ``retry_at``."""

    def __init__(self, message: str, retry_at: datetime.datetime | None = None):
        super().__init__(message)
        self.retry_at = retry_at or timezone.now() + DEFAULT_WAIT


class NotFound(Unavailable):
    """404: the forge does not know the address (a repository renamed, deleted or mistyped)."""


class SignInRequired(ForgeError):
    """The forge refused the token (401): the person must sign in with the forge again."""


@dataclass
class Listing:
    """What one listing brought: the raw items, and whether it was complete (every item the
    person has, so one missing from it has gone) or only what changed since a date."""

    items: list[dict] = field(default_factory=list)
    not_modified: bool = False
    complete: bool = True
    etags: dict[str, str] = field(default_factory=dict)
    calls: int = 0


def allowed_base(forge: str) -> str:
    return settings.GITEE_API_URL if forge == "gitee" else settings.GITHUB_API_URL


def _same_origin(url: str, base: str) -> bool:
    one, two = urlsplit(url), urlsplit(base)
    return (one.scheme, one.netloc) == (two.scheme, two.netloc) and one.path.startswith(two.path)


def _retry_at(response: requests.Response) -> datetime.datetime | None:
    now = timezone.now()
    retry_after = response.headers.get("Retry-After")
    if retry_after:
        if retry_after.strip().isdigit():
            return now + datetime.timedelta(seconds=int(retry_after))
        try:
            return email.utils.parsedate_to_datetime(retry_after)
        except (TypeError, ValueError):
            return None
    if response.headers.get("X-RateLimit-Remaining") == "0":
        reset = response.headers.get("X-RateLimit-Reset", "")
        if reset.isdigit():
            return datetime.datetime.fromtimestamp(int(reset), tz=datetime.UTC)
    return None


class ForgeClient:
    """One forge, one person's token, one ``requests`` session."""

    forge = ""
    name = ""

    def __init__(self, token: str, session: requests.Session | None = None):
        self.token = token
        self.session = session or requests.Session()
        self.base = allowed_base(self.forge)
        self.calls = 0

    # --- HTTP ---------------------------------------------------------------------------------
    def headers(self) -> dict[str, str]:
        return {"User-Agent": USER_AGENT, "Accept": "application/json"}

    def params(self) -> dict[str, str]:
        return {}

    def get(self, url: str, params: dict | None = None, etag: str = "") -> requests.Response:
        if not _same_origin(url, self.base):
            # A pagination link elsewhere, or a misconfiguration: never follow it.
            raise ForgeError(f"{self.name}: refusing to fetch outside {self.base}")
        headers = self.headers()
        if etag:
            headers["If-None-Match"] = etag
        path = urlsplit(url).path
        self.calls += 1
        try:
            response = self.session.get(
                url,
                params={**self.params(), **(params or {})},
                headers=headers,
                timeout=settings.FORGE_TIMEOUT_SECONDS,
                allow_redirects=False,
            )
        except requests.RequestException as exc:
            # The exception's text carries the full address, with Gitee's token: leave it out.
            raise Unavailable(f"{self.name} {path}: {type(exc).__name__}") from None
        if response.status_code in (200, 304):
            return response
        if response.status_code == 401:
            raise SignInRequired(f"{self.name} {path}: 401")
        retry_at = _retry_at(response)
        if response.status_code == 404:
            raise NotFound(f"{self.name} {path}: HTTP 404", retry_at)
        if response.status_code in (403, 429) and (
            retry_at or response.status_code == 429 or self._rate_limited(response)
        ):
            raise Unavailable(f"{self.name} {path}: rate limited", retry_at)
        if response.status_code >= 500 or response.status_code in (403, 404, 408, 422, 429):
            raise Unavailable(f"{self.name} {path}: HTTP {response.status_code}", retry_at)
        raise Unavailable(f"{self.name} {path}: HTTP {response.status_code}", retry_at)

    def _rate_limited(self, response: requests.Response) -> bool:
        return response.headers.get("X-RateLimit-Remaining") == "0"

    def pages(self, url: str, params: dict, etag: str = ""):
        """Yield each page's response, the first one conditional; stop at a 304."""
        response = self.get(url, params, etag)
        yield response
        if response.status_code == 304:
            return
        page = 1
        while True:
            next_url, next_params = self.next_page(response, url, params, page)
            if next_url is None:
                return
            page += 1
            response = self.get(next_url, next_params)
            yield response

    def next_page(self, response, url, params, page):
        raise NotImplementedError

    def listing(self, *, login: str, organisations: Iterable, since, etags: dict) -> Listing:
        raise NotImplementedError


class GitHubClient(ForgeClient):
    """GitHub: one search (``GET /search/issues``) finds the person's pull requests and issues in
    every configured organisation at once; a pull request's ``pull_request.merged_at`` says
    whether it was merged. Pages follow the ``Link: <…>; rel="next"`` header."""

    forge = "github"
    name = "GitHub"

    def headers(self):
        headers = {
            **super().headers(),
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": "2022-11-28",
        }
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return headers

    def next_page(self, response, url, params, page):
        link = response.links.get("next", {}).get("url")
        return (link, None) if link else (None, None)

    def query(self, login, organisations, since, before=None) -> str:
        parts = [f"author:{login}", *(f"org:{name}" for name in organisations)]
        if since:
            parts.append(f"updated:>={since:%Y-%m-%d}")
        if before:
            parts.append(f"created:<{before}")
        return " ".join(parts)

    def listing(self, *, login, organisations, since, etags) -> Listing:
        organisations = sorted(organisations)
        url = f"{self.base}/search/issues"
        listing = Listing(complete=since is None)
        before = None
        while True:
            params = {
                "q": self.query(login, organisations, since, before),
                "sort": "created",
                "order": "desc",
                "per_page": PER_PAGE,
            }
            # Keyed without the ``updated:>=`` date: an unchanged person's answer (nothing new)
            # is the same body every day, so yesterday's ETag earns today's 304.
            key = f"{url}?q={self.query(login, organisations, None, before)}"
            seen = 0
            for response in self.pages(url, params, etags.get(key, "") if before is None else ""):
                if response.status_code == 304:
                    listing.not_modified = True
                    listing.etags[key] = etags.get(key, "")
                    break
                if seen == 0 and response.headers.get("ETag") and before is None:
                    listing.etags[key] = response.headers["ETag"]
                body = response.json()
                listing.items.extend(body.get("items", []))
                seen += len(body.get("items", []))
                total = body.get("total_count", 0)
            if listing.not_modified or seen < GITHUB_SEARCH_CAP or seen >= total:
                break
            before = min(item["created_at"] for item in listing.items)
        listing.calls = self.calls
        return listing


class GiteeClient(ForgeClient):
    """Gitee v5: the person's issues in an organisation (``GET /orgs/{org}/issues`` with
    ``filter=created``, read with their own token). Merged pull requests are listed per
    repository only (``GET /repos/{owner}/{repo}/pulls?state=merged``), so they are read once for
    everyone into a table of ours (``forges.shared``), through ``repository_pulls``. Pages are
    counted by the ``total_page`` header."""

    forge = "gitee"
    name = "Gitee"

    def params(self):
        return {"access_token": self.token} if self.token else {}

    def next_page(self, response, url, params, page):
        total = response.headers.get("total_page", "")
        if total.isdigit() and page < int(total):
            return url, {**params, "page": page + 1}
        return None, None

    def listing(self, *, login, organisations, since, etags) -> Listing:
        """The person's issues in ``organisations`` (names); their pull requests come from the
        shared table."""
        listing = Listing(complete=since is None)
        unchanged = True
        for organisation in organisations:
            url = f"{self.base}/orgs/{organisation}/issues"
            params = {
                "filter": "created",
                "state": "all",
                "sort": "created",
                "per_page": PER_PAGE,
                "page": 1,
            }
            if since:
                params["since"] = since.isoformat()
            key = url  # without ``since``: see GitHubClient.listing
            for response in self.pages(url, params, etags.get(key, "")):
                if response.status_code == 304:
                    listing.etags[key] = etags.get(key, "")
                    break
                unchanged = False
                if response.headers.get("ETag"):
                    listing.etags.setdefault(key, response.headers["ETag"])
                listing.items.extend(response.json())
        listing.not_modified = unchanged
        listing.calls = self.calls
        return listing

    def repository_pulls(self, owner: str, repository: str, *, since=None, etag: str = ""):
        """Yield each page (a response) of the repository's merged pull requests, newest first;
        with ``since`` only those updated since then (a merge updates a pull request), the first
        page conditional on ``etag`` (a ``304`` ends it)."""
        params = {
            "state": "merged",
            "sort": "created",
            "direction": "desc",
            "per_page": PER_PAGE,
            "page": 1,
        }
        if since:
            params["since"] = since.isoformat()
        yield from self.pages(f"{self.base}/repos/{owner}/{repository}/pulls", params, etag)


CLIENTS = {"gitee": GiteeClient, "github": GitHubClient}
