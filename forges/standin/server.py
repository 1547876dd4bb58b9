"""The stand-in forges as one small WSGI application: Gitee under ``/gitee`` and GitHub under
``/github``, each answering in the shapes, status codes and headers of the real APIs (Gitee v5:
``total_count``/``total_page`` headers; GitHub: ``Link`` pagination, rate-limit headers; both:
weak ETags and ``304`` to ``If-None-Match``).

Codes and tokens are signed with the project's ``SECRET_KEY`` rather than stored, so any running
stand-in accepts a token another one issued (the browser tests' server and a Celery worker's may
differ); a code is good for ten minutes and once per process.
"""

import datetime
import hashlib
import json
import secrets
import socketserver
import threading
from html import escape
from urllib.parse import parse_qs, urlencode, urlsplit
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from django.core import signing

from . import people as data

# Development-only credentials the app is configured with when it talks to the stand-in.
CLIENT_SECRET = "standin-secret"  # noqa: S105
CLIENT_IDS = {"gitee": "standin-gitee", "github": "standin-github"}
CODE_MAX_AGE = 600
PER_PAGE_MAX = 100
CHINA = datetime.timezone(datetime.timedelta(hours=8))


class Response:
    def __init__(
        self, status=200, body=b"", content_type="application/json; charset=utf-8", headers=None
    ):
        self.status = status
        self.body = body if isinstance(body, bytes) else body.encode()
        self.headers = {"Content-Type": content_type, **(headers or {})}


def as_json(value, status=200, headers=None) -> Response:
    return Response(status, json.dumps(value, ensure_ascii=False), headers=headers)


def html(title: str, body: str, status=200) -> Response:
    page = (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}'
        '</title><meta name="viewport" content="width=device-width, initial-scale=1"></head>'
        '<body style="font-family: sans-serif; max-width: 40rem; margin: 2rem auto">'
        '<p role="note" style="background:#fff3cd;padding:.5rem">Stand-in forge for '
        f"development: not the real site.</p>{body}</body></html>"
    )
    return Response(status, page, "text/html; charset=utf-8")


def redirect(location: str) -> Response:
    return Response(302, b"", "text/plain", {"Location": location})


def conditional(request, value, headers=None) -> Response:
    """JSON with a weak ETag of its body; ``304`` when the client already has it."""
    body = json.dumps(value, ensure_ascii=False)
    etag = f'W/"{hashlib.md5(body.encode(), usedforsecurity=False).hexdigest()}"'
    headers = {**(headers or {}), "ETag": etag}
    if request.header("If-None-Match") == etag:
        return Response(304, b"", headers=headers)
    return Response(200, body, headers=headers)


class Request:
    def __init__(self, environ):
        self.environ = environ
        self.method = environ["REQUEST_METHOD"]
        self.path = environ.get("PATH_INFO", "") or "/"
        self.query = {k: v[-1] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        self.root = f"http://{environ.get('HTTP_HOST', 'localhost')}"
        self.form = {}
        if self.method == "POST":
            # A missing or malformed length reads as an empty form: the endpoint then answers
            # its own 4xx (no client, no code), never a traceback.
            length = environ.get("CONTENT_LENGTH", "")
            length = int(length) if length.isdigit() else 0
            raw = environ["wsgi.input"].read(length).decode(errors="replace") if length else ""
            self.form = {k: v[-1] for k, v in parse_qs(raw).items()}

    def header(self, name: str) -> str:
        return self.environ.get("HTTP_" + name.upper().replace("-", "_"), "")

    def param(self, name, default=""):
        return self.form.get(name) or self.query.get(name) or default

    def page(self) -> tuple[int, int]:
        def number(name, default, top=None):
            try:
                value = max(1, int(self.query.get(name, default)))
            except ValueError:
                value = default
            return min(value, top) if top else value

        return number("page", 1), number("per_page", 20, PER_PAGE_MAX)


# --- Codes and tokens --------------------------------------------------------------------------
_used_codes: set[str] = set()
_used_codes_lock = threading.Lock()


def issue_code(forge, login, redirect_uri) -> str:
    # The nonce makes two codes for the same person in the same second different.
    payload = {"f": forge, "l": login, "r": redirect_uri, "n": secrets.token_hex(8)}
    return signing.dumps(payload, salt="standin-forge.code")


def redeem_code(forge, code, redirect_uri) -> str | None:
    try:
        value = signing.loads(code, salt="standin-forge.code", max_age=CODE_MAX_AGE)
    except signing.BadSignature:
        return None
    if value["f"] != forge or value["r"] != redirect_uri:
        return None
    with _used_codes_lock:
        if code in _used_codes:
            return None
        _used_codes.add(code)
    return value["l"]


def issue_token(forge, login, kind="access") -> str:
    return signing.dumps({"f": forge, "l": login, "k": kind}, salt="standin-forge.token")


def token_person(forge, token, kind="access") -> data.Person | None:
    try:
        value = signing.loads(token, salt="standin-forge.token")
    except signing.BadSignature:
        return None
    if value.get("f") != forge or value.get("k") != kind:
        return None
    return data.person(forge, value["l"])


# --- Shared pages ------------------------------------------------------------------------------
def index(request) -> Response:
    rows = "".join(
        f"<li><strong>{escape(p.forge)}</strong> {escape(p.login)} ({escape(p.name)}): "
        f"{escape(p.about)}</li>"
        for p in data.PEOPLE
    )
    root = request.root
    settings = "\n".join(
        [
            f"GITEE_OAUTH_URL={root}/gitee",
            f"GITEE_API_URL={root}/gitee/api/v5",
            f"GITEE_CLIENT_ID={CLIENT_IDS['gitee']}",
            f"GITEE_CLIENT_SECRET={CLIENT_SECRET}",
            f"GITHUB_OAUTH_URL={root}/github",
            f"GITHUB_API_URL={root}/github/api",
            f"GITHUB_CLIENT_ID={CLIENT_IDS['github']}",
            f"GITHUB_CLIENT_SECRET={CLIENT_SECRET}",
        ]
    )
    return html(
        "Stand-in forge",
        f"<h1>Stand-in Gitee and GitHub</h1><p>People you can sign in as:</p><ul>{rows}</ul>"
        f"<p>Settings that point the app here:</p><pre>{escape(settings)}</pre>",
    )


def authorize(request, forge: str) -> Response:
    """The forge's consent page: pick who you are, then authorise or deny."""
    redirect_uri = request.param("redirect_uri")
    state = request.param("state")
    target = urlsplit(redirect_uri)
    if target.scheme not in ("http", "https") or not target.netloc:
        return html("Bad request", "<h1>Bad request</h1><p>redirect_uri is missing.</p>", 400)
    if request.param("client_id") != CLIENT_IDS[forge]:
        return html("Unknown app", "<h1>Unknown application</h1>", 400)
    back = {"state": state} if state else {}
    if request.method == "POST":
        if request.form.get("decision") != "authorize":
            query = {"error": "access_denied", "error_description": "The user denied access."}
            return redirect(f"{redirect_uri}?{urlencode({**query, **back})}")
        person = data.person(forge, request.form.get("login", ""))
        if person is None:
            return html("Unknown person", "<h1>Choose one of the people listed.</h1>", 400)
        code = issue_code(forge, person.login, redirect_uri)
        return redirect(f"{redirect_uri}?{urlencode({'code': code, **back})}")
    choices = "".join(
        f'<div><input type="radio" name="login" id="login-{escape(p.login)}" '
        f'value="{escape(p.login)}"{" checked" if n == 0 else ""}>'
        f'<label for="login-{escape(p.login)}">{escape(p.login)} ({escape(p.name)}): '
        f"{escape(p.about)}</label></div>"
        for n, p in enumerate(data.people_of(forge))
    )
    hidden = "".join(
        f'<input type="hidden" name="{name}" value="{escape(request.param(name))}">'
        for name in ("client_id", "redirect_uri", "state", "scope", "response_type")
    )
    name = "Gitee" if forge == "gitee" else "GitHub"
    return html(
        f"Authorize on {name}",
        f"<h1>Stand-in {name}: authorize MindSpore Growth</h1>"
        f"<p>It asks to read your profile (scope: {escape(request.param('scope'))}).</p>"
        f'<form method="post"><fieldset><legend>Sign in as</legend>{choices}</fieldset>{hidden}'
        '<button name="decision" value="authorize">Authorize</button> '
        '<button name="decision" value="deny">Deny</button></form>',
    )


def contribution_page(request, forge, repository, kind, number) -> Response:
    for person in data.people_of(forge):
        for c in person.contributions:
            if c.repository == repository and c.kind == kind and str(c.number) == number:
                return html(
                    c.title,
                    f"<h1>{escape(c.title)}</h1><p>{escape(repository)}, "
                    f"{escape(c.state)}, by {escape(person.login)}</p>",
                )
    return html("Not found", "<h1>Not found</h1>", 404)


# --- Gitee v5 ----------------------------------------------------------------------------------
def _gitee_time(moment: datetime.datetime) -> str:
    return moment.astimezone(CHINA).isoformat()


def _gitee_user(request, person) -> dict:
    api = f"{request.root}/gitee/api/v5"
    return {
        "id": person.id,
        "login": person.login,
        "name": person.name,
        "avatar_url": f"{request.root}/gitee/avatar/{person.id}.png",
        "url": f"{api}/users/{person.login}",
        "html_url": f"{request.root}/gitee/{person.login}",
        "remark": "",
        "type": "User",
    }


def _gitee_repository(request, full_name) -> dict:
    owner, name = full_name.split("/")
    return {
        "id": int(hashlib.md5(full_name.encode(), usedforsecurity=False).hexdigest()[:6], 16),
        "full_name": full_name,
        "human_name": full_name,
        "url": f"{request.root}/gitee/api/v5/repos/{full_name}",
        "namespace": {"type": "group", "name": owner, "path": owner},
        "path": name,
        "name": name,
    }


def _gitee_pull(request, person_json, c) -> dict:
    api = f"{request.root}/gitee/api/v5/repos/{c.repository}/pulls/{c.number}"
    created = data.when(c.days_ago + 2)
    merged = data.when(c.days_ago) if c.state == "merged" else None
    repo = _gitee_repository(request, c.repository)
    return {
        "id": 12_000_000 + c.number,
        "url": api,
        "html_url": f"{request.root}/gitee/{c.repository}/pulls/{c.number}",
        "number": c.number,
        "state": c.state,
        "title": c.title,
        "body": "",
        "labels": [],
        "created_at": _gitee_time(created),
        "updated_at": _gitee_time(merged or created),
        "closed_at": _gitee_time(merged) if merged else None,
        "merged_at": _gitee_time(merged) if merged else None,
        "draft": False,
        "user": person_json,
        "head": {"label": f"{person_json['login']}:change-{c.number}", "repo": repo},
        "base": {"label": f"{c.repository.split('/')[0]}:master", "ref": "master", "repo": repo},
    }


def _gitee_issue_number(c) -> str:
    return f"I{c.number:05X}"


def _gitee_issue(request, person_json, c) -> dict:
    created = data.when(c.days_ago)
    number = _gitee_issue_number(c)
    owner = c.repository.split("/")[0]
    return {
        "id": 9_000_000 + c.number,
        "url": f"{request.root}/gitee/api/v5/repos/{owner}/issues/{number}",
        "repository_url": f"{request.root}/gitee/api/v5/repos/{c.repository}",
        "html_url": f"{request.root}/gitee/{c.repository}/issues/{number}",
        "number": number,
        "state": c.state,
        "title": c.title,
        "body": "",
        "user": person_json,
        "labels": [{"name": label} for label in c.labels],
        "repository": _gitee_repository(request, c.repository),
        "created_at": _gitee_time(created),
        "updated_at": _gitee_time(created + datetime.timedelta(days=2)),
        "finished_at": _gitee_time(created + datetime.timedelta(days=2))
        if c.state == "closed"
        else None,
        "issue_state": c.state,
    }


def _since(request) -> datetime.datetime | None:
    value = request.query.get("since", "")
    try:
        moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None
    except ValueError:
        return None
    return moment.replace(tzinfo=moment.tzinfo or datetime.UTC) if moment else None


def _gitee_page(request, items) -> Response:
    page, per_page = request.page()
    total_page = max(1, -(-len(items) // per_page))
    chunk = items[(page - 1) * per_page : page * per_page]
    headers = {"total_count": str(len(items)), "total_page": str(total_page)}
    return conditional(request, chunk, headers)


def _gitee_token_person(request):
    person = token_person("gitee", request.query.get("access_token", ""))
    if person is None:
        return None, as_json({"message": "401 Unauthorized: Access token does not exist"}, 401)
    return person, None


def gitee_token(request) -> Response:
    form = request.form
    if form.get("client_id") != CLIENT_IDS["gitee"] or form.get("client_secret") != CLIENT_SECRET:
        return as_json({"error": "invalid_client", "error_description": "客户端认证失败"}, 401)
    if form.get("grant_type") == "refresh_token":
        person = token_person("gitee", form.get("refresh_token", ""), kind="refresh")
        login = person.login if person else None
    else:
        login = redeem_code("gitee", form.get("code", ""), form.get("redirect_uri", ""))
    if login is None:
        return as_json(
            {
                "error": "invalid_grant",
                "error_description": "授权方式无效，或者登录回调地址无效、过期或已被撤销",
            },
            400,
        )
    return as_json(
        {
            "access_token": issue_token("gitee", login),
            "token_type": "bearer",
            "expires_in": 86400,
            "refresh_token": issue_token("gitee", login, kind="refresh"),
            "scope": "user_info",
            "created_at": int(datetime.datetime.now(datetime.UTC).timestamp()),
        }
    )


def gitee_user(request) -> Response:
    person, refusal = _gitee_token_person(request)
    if refusal:
        return refusal
    return as_json({**_gitee_user(request, person), "email": person.email, "bio": person.about})


def gitee_org_issues(request, organisation) -> Response:
    """``GET /orgs/{org}/issues``: with ``filter=created``, the token holder's issues."""
    person, refusal = _gitee_token_person(request)
    if refusal:
        return refusal
    state = request.query.get("state", "open")
    since = _since(request)
    owner = _gitee_user(request, person)
    items = [
        _gitee_issue(request, owner, c)
        for c in sorted(person.contributions, key=lambda c: c.days_ago)
        if c.kind == "issue"
        and c.repository.split("/")[0] == organisation
        and state in ("all", c.state)
        and (since is None or data.when(c.days_ago) + datetime.timedelta(days=2) >= since)
    ]
    return _gitee_page(request, items)


def gitee_repo_pulls(request, repository) -> Response:
    """``GET /repos/{owner}/{repo}/pulls``: everyone's, newest first; no author filter."""
    state = request.query.get("state", "open")
    since = _since(request)
    found = []
    for person in data.people_of("gitee"):
        owner = _gitee_user(request, person)
        found += [(c, owner) for c in person.contributions if c.kind == "pull"]
    crowd = _gitee_user(
        request, data.Person("gitee", 7, data.CROWD_LOGIN, "MindSpore Robot", None, "")
    )
    found += [(c, crowd) for c in data.CROWD]
    items = [
        _gitee_pull(request, owner, c)
        for c, owner in sorted(found, key=lambda pair: pair[0].days_ago)
        if c.repository == repository and state in ("all", c.state)
    ]
    if since is not None:
        items = [i for i in items if datetime.datetime.fromisoformat(i["updated_at"]) >= since]
    return _gitee_page(request, items)


# --- GitHub ------------------------------------------------------------------------------------
RATE_LIMIT = {"X-RateLimit-Limit": "30", "X-RateLimit-Remaining": "29", "X-RateLimit-Used": "1"}
GITHUB_BAD_CREDENTIALS = {
    "message": "Bad credentials",
    "documentation_url": "https://docs.github.com/rest",
    "status": "401",
}


def _github_time(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _github_user(request, person) -> dict:
    api = f"{request.root}/github/api"
    return {
        "login": person.login,
        "id": person.id,
        "avatar_url": f"{request.root}/github/avatars/{person.id}",
        "url": f"{api}/users/{person.login}",
        "html_url": f"{request.root}/github/{person.login}",
        "type": "User",
        "site_admin": False,
    }


def _github_token_person(request):
    scheme, _space, token = request.header("Authorization").partition(" ")
    person = token_person("github", token) if scheme.lower() in ("bearer", "token") else None
    if person is None:
        return None, as_json(GITHUB_BAD_CREDENTIALS, 401)
    return person, None


def github_token(request) -> Response:
    form = {**request.query, **request.form}
    if form.get("client_id") != CLIENT_IDS["github"] or form.get("client_secret") != CLIENT_SECRET:
        answer = {
            "error": "incorrect_client_credentials",
            "error_description": "The client_id and/or client_secret passed are incorrect.",
        }
    else:
        login = redeem_code("github", form.get("code", ""), form.get("redirect_uri", ""))
        answer = (
            {
                "access_token": issue_token("github", login),
                "scope": "read:user",
                "token_type": "bearer",
            }
            if login
            else {
                "error": "bad_verification_code",
                "error_description": "The code passed is incorrect or expired.",
            }
        )
    # Like GitHub: form-encoded unless JSON is asked for, and errors with status 200.
    if "application/json" in request.header("Accept"):
        return as_json(answer)
    return Response(200, urlencode(answer), "application/x-www-form-urlencoded; charset=utf-8")


def github_user(request) -> Response:
    person, refusal = _github_token_person(request)
    if refusal:
        return refusal
    return as_json(
        {
            **_github_user(request, person),
            "name": person.name,
            "email": person.email,
            "bio": person.about,
        }
    )


def github_user_emails(request) -> Response:
    person, refusal = _github_token_person(request)
    if refusal:
        return refusal
    emails = (
        [{"email": person.email, "primary": True, "verified": True, "visibility": "private"}]
        if person.email
        else []
    )
    return as_json(emails)


def _github_item(request, person_json, c) -> dict:
    created = data.when(c.days_ago + (2 if c.kind == "pull" else 0))
    closed = data.when(c.days_ago) if c.state in ("merged", "closed") else None
    api = f"{request.root}/github/api/repos/{c.repository}/issues/{c.number}"
    path = "pull" if c.kind == "pull" else "issues"
    item = {
        "url": api,
        "repository_url": f"{request.root}/github/api/repos/{c.repository}",
        "html_url": f"{request.root}/github/{c.repository}/{path}/{c.number}",
        "id": 2_000_000_000 + c.number,
        "number": c.number,
        "title": c.title,
        "user": person_json,
        "labels": [{"name": label} for label in c.labels],
        "state": "closed" if closed else "open",
        "created_at": _github_time(created),
        "updated_at": _github_time(closed or created),
        "closed_at": _github_time(closed) if closed else None,
        "author_association": "CONTRIBUTOR",
        "body": "",
        "score": 1.0,
    }
    if c.kind == "pull":
        item["pull_request"] = {
            "url": f"{request.root}/github/api/repos/{c.repository}/pulls/{c.number}",
            "html_url": item["html_url"],
            "merged_at": _github_time(closed) if c.state == "merged" else None,
        }
    return item


def github_search_issues(request) -> Response:
    """``GET /search/issues``: the qualifiers the importer sends (author, org, updated, created)."""
    _person, refusal = _github_token_person(request)
    if refusal:
        return refusal
    author, organisations, updated_from, created_before = "", set(), "", ""
    for term in request.query.get("q", "").split():
        key, _colon, value = term.partition(":")
        if key == "author":
            author = value
        elif key == "org":
            organisations.add(value.lower())
        elif key == "updated" and value.startswith(">="):
            updated_from = value[2:]
        elif key == "created" and value.startswith("<"):
            created_before = value[1:]
    if not author:
        return as_json(
            {
                "message": "Validation Failed",
                "errors": [{"code": "missing"}],
                "documentation_url": "https://docs.github.com/rest/search/search",
            },
            422,
        )
    person = data.person("github", author)
    owner = _github_user(request, person) if person else None
    items = [
        _github_item(request, owner, c)
        for c in sorted(person.contributions if person else (), key=lambda c: c.days_ago)
        if c.repository.split("/")[0].lower() in organisations
    ]
    items = [
        i
        for i in items
        if (not updated_from or i["updated_at"][:10] >= updated_from)
        and (not created_before or i["created_at"] < created_before)
    ]
    page, per_page = request.page()
    pages = max(1, -(-len(items) // per_page))
    links = []
    for rel, number in (("next", page + 1), ("last", pages)):
        if page < pages:
            query = urlencode({**request.query, "page": number})
            links.append(f'<{request.root}/github/api/search/issues?{query}>; rel="{rel}"')
    headers = {**RATE_LIMIT, "X-RateLimit-Resource": "search"}
    if links:
        headers["Link"] = ", ".join(links)
    body = {
        "total_count": len(items),
        "incomplete_results": False,
        "items": items[(page - 1) * per_page : page * per_page],
    }
    return conditional(request, body, headers)


# --- Routing -----------------------------------------------------------------------------------
def route(request) -> Response:
    parts = [part for part in request.path.split("/") if part]
    get, post = request.method == "GET", request.method == "POST"
    match parts:
        case []:
            return index(request)
        case ["gitee", "oauth", "authorize"] | ["github", "login", "oauth", "authorize"]:
            return authorize(request, parts[0])
        case ["gitee", "oauth", "token"] if post:
            return gitee_token(request)
        case ["gitee", "api", "v5", "user"] if get:
            return gitee_user(request)
        case ["gitee", "api", "v5", "orgs", organisation, "issues"] if get:
            return gitee_org_issues(request, organisation)
        case ["gitee", "api", "v5", "repos", owner, name, "pulls"] if get:
            return gitee_repo_pulls(request, f"{owner}/{name}")
        case ["gitee", owner, name, ("pulls" | "issues") as kind, number] if get:
            return contribution_page(request, "gitee", f"{owner}/{name}", kind[:-1], number)
        case ["github", "login", "oauth", "access_token"] if post:
            return github_token(request)
        case ["github", "api", "user"] if get:
            return github_user(request)
        case ["github", "api", "user", "emails"] if get:
            return github_user_emails(request)
        case ["github", "api", "search", "issues"] if get:
            return github_search_issues(request)
        case ["github", owner, name, ("pull" | "issues") as kind, number] if get:
            kind = "pull" if kind == "pull" else "issue"
            return contribution_page(request, "github", f"{owner}/{name}", kind, number)
    return as_json({"message": "Not Found"}, 404)


REASONS = {
    200: "OK",
    302: "Found",
    304: "Not Modified",
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    422: "Unprocessable Entity",
}


def application(environ, start_response):
    response = route(Request(environ))
    start_response(
        f"{response.status} {REASONS.get(response.status, 'Error')}",
        [*response.headers.items(), ("Content-Length", str(len(response.body)))],
    )
    return [response.body]


class ThreadingServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_request(self, code="-", size="-"):
        pass  # the address carries Gitee's token: keep it out of the terminal


def serve(host: str, port: int) -> WSGIServer:
    """A server bound to ``host:port`` (``0`` picks a free port); call ``serve_forever``."""
    return make_server(
        host, port, application, server_class=ThreadingServer, handler_class=QuietHandler
    )


def serve_in_thread(host="127.0.0.1", port=0) -> tuple[WSGIServer, str]:
    """Start a server in a daemon thread; returns it and its base URL (tests, ``shutdown()``)."""
    server = serve(host, port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://{host}:{server.server_port}"
