"""One shared copy of each public page, with the personal parts cut out and filled per request.

A view decorated with ``public_page`` is rendered once per version, language and full address
*as an anonymous visitor sees it*, and the result is stored in the shared cache. The parts that
belong to one person are never stored: the templates mark them (``{% personal "template" %}``:
the navigation bar with its sign-in state, the messages) and every CSRF token is a placeholder.
Each request is then answered from the stored page:

- an anonymous visitor with no message waiting is answered by ``PublicPageMiddleware``, first
  in the stack, before anything else runs: the stored anonymous page and the headers the whole
  stack gave that page when this process first answered it (security headers, the CSP, the
  language, Vary); no CSRF token (a page whose anonymous copy needs one is not stored; the
  language switch checks where it is sent from, ``mindspore_growth.origin``);
- anyone else gets the stored page from the decorator, without running the view: with the
  marked parts rendered for them if they are signed in or have a message waiting (and one CSRF
  token for the whole page), as an anonymous visitor sees them otherwise. What a process
  rendered for a signed-in person is kept by that process, for the same person, account
  record, language and address only (``_personal_parts``): never in the shared cache;
- a signed-in visitor whose parts the process holds, with no message waiting, is answered by
  ``PublicPageMiddleware`` too, after only their session, account and second-factor rule were
  checked (the session and account read in one round trip: ``accounts.user_cache``).

A page is stored once: the fixed HTML between the marked parts, and each part as an anonymous
visitor sees it (``Page``).

Only the query parameters a view reads (``params``) reach it and its key: an address with others
(tracking parameters, junk) is answered with the page of the address without them, so nobody
makes new copies of a page by adding parameters. Stores are also counted: at most
``PUBLIC_PAGES_STORED_PER_WINDOW`` pages are stored per ``PAGE_TIMEOUT`` (the pages beyond that
are rendered for whoever asks and not kept), which bounds the memory the pages take in Redis
whatever addresses are asked for.

The key holds the current value of each cache key the page depends on (``versions``: the app
that owns the data changes that value whenever something the page shows changes), plus
``PAGES_VERSION_KEY`` (``purge()``: after a deploy, and between tests), and today's date for
pages that change at midnight (``daily``: expiries). Nothing is ever purged key by key.
Conditional requests answer 304. A dead Redis only means every request renders the view
(``mindspore_growth.cache`` fails open).
"""

import hashlib
import secrets
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import wraps

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.cache import cache
from django.http import HttpResponse, QueryDict
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.middleware.locale import LocaleMiddleware
from django.template import RequestContext, engines
from django.urls import Resolver404, get_script_prefix, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.translation import get_language

from accounts.second_factor import lacks_required_second_factor
from accounts.user_cache import signed_in_user

PAGES_VERSION_KEY = "public-pages:version"
PAGE_TIMEOUT = 10 * 60  # a page also leaves the cache this long after it was stored
# Headers of the view's response that are not replayed: recomputed, or per request.
NOT_STORED = {"content-length", "etag", "set-cookie", "vary"}
FILL = "public_page_fill"  # the request attribute that says a page is being rendered to store
STORED_COUNT_KEY = "public-pages:stored"  # + the window: how many pages were stored in it


@dataclass(frozen=True)
class PageConfig:
    versions: tuple[str, ...]
    daily: bool
    bypass: object  # callable(request) -> bool, or None
    params: frozenset[str] = frozenset()  # the query parameters the view reads


@dataclass
class Page:
    """What is stored: the page once, as the fixed HTML between its personal parts and each
    personal part as an anonymous visitor sees it. ``anonymous``, the whole page an anonymous
    visitor gets, is put together again wherever the page is read, not stored beside it. All
    of it is kept encoded, as it is sent: encoding a page again for each request cost more
    than answering a stored one."""

    status: int
    headers: list[tuple[str, str]]
    etag: str
    pieces: list[bytes]  # the HTML between the personal parts; or the whole non-HTML content
    personal: list[tuple[str, bytes]] = field(default_factory=list)  # (template, anonymous HTML)
    csrf: bytes = b""  # the placeholder standing for the CSRF token
    html: bool = False
    charset: str = "utf-8"  # the personal parts rendered for a request are encoded in it
    # The anonymous page split at the CSRF placeholder (pieces joined by a token), or the
    # non-HTML content.
    anonymous: list[bytes] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        if not self.html:
            self.anonymous = self.pieces
            return
        joined = [self.pieces[0]]
        for (_name, html), piece in zip(self.personal, self.pieces[1:], strict=True):
            joined += [html, piece]
        self.anonymous = b"".join(joined).split(self.csrf)

    @property
    def templates(self) -> tuple[str, ...]:
        """The templates of the page's personal parts, in order."""
        return tuple(name for name, _html in self.personal)

    def __getstate__(self):
        return {name: value for name, value in self.__dict__.items() if name != "anonymous"}

    def __setstate__(self, state):
        self.__dict__.update(state)
        self.__post_init__()


# Each process keeps what it read last, so that a page answered from the store costs no round
# trip to Redis: the versions for a second (a change made by another process shows within it;
# one made by this process, at once), and the pages themselves, which never go stale (their key
# holds the versions they were rendered at).
VERSION_MEMO_SECONDS = 1.0
LOCAL_PAGES = 128
_version_memo: dict[str, tuple[float, str]] = {}
_local_pages: OrderedDict[str, "Page"] = OrderedDict()
# And the personal parts it rendered for the people it answered last (``_personal_parts``),
# with a placeholder of its own for the CSRF token: they serve any page, and every request gets
# a token of its own.
LOCAL_PERSONAL_PARTS = 256
_local_personal_parts: OrderedDict[tuple, list[str]] = OrderedDict()
PERSONAL_CSRF = f"csrf-{secrets.token_hex(12)}"


def new_version(key: str) -> None:
    """Give the version ``key`` a new value: every page keyed by it is rendered again."""
    value = secrets.token_hex(8)
    cache.set(key, value, timeout=None)
    _version_memo[key] = (time.monotonic() + VERSION_MEMO_SECONDS, value)


def purge() -> None:
    """Make every stored public page unreachable (they expire on their own). This process also
    forgets the other versions it kept: a purge is a fresh start (between tests, after the cache
    was emptied), and a kept value the cache no longer holds would change under the next page
    when the cache is read again."""
    _version_memo.clear()
    new_version(PAGES_VERSION_KEY)
    cache.delete(_stored_count_key())  # the pages counted so far are unreachable now


def _stored_count_key() -> str:
    """The count of pages stored in this window of ``PAGE_TIMEOUT``."""
    return f"{STORED_COUNT_KEY}:{int(time.time() // PAGE_TIMEOUT)}"


def _versions(keys) -> list[str] | None:
    """The values of the version keys; ``None`` while the cache cannot be reached."""
    now = time.monotonic()
    known = {key: memo[1] for key in keys if (memo := _version_memo.get(key)) and memo[0] > now}
    missing = [key for key in keys if key not in known]
    if missing:
        values = cache.get_many(missing)
        for key in missing:
            if key not in values:
                cache.add(key, secrets.token_hex(8), timeout=None)
                values[key] = cache.get(key)
            if values[key] is None:  # the cache is unreachable: store nothing, keep nothing
                return None
            known[key] = values[key]
            _version_memo[key] = (now + VERSION_MEMO_SECONDS, values[key])
    return [known[key] for key in keys]


def current_version(key: str) -> str | None:
    """The value of the version ``key`` as the page keys see it (read at most once a second by
    each process, see ``_versions``), for fragments stored under it; ``None`` while the cache
    cannot be reached."""
    values = _versions((key,))
    return None if values is None else values[0]


def _stored(key: str):
    page = _local_pages.get(key)
    if page is None:
        page = cache.get(key)
        if page is not None:
            _keep_locally(key, page)
    return page


def _store(key: str, page) -> None:
    if _may_store():
        cache.set(key, page, PAGE_TIMEOUT)
        _keep_locally(key, page)


def _may_store() -> bool:
    """Whether another page may be stored in this window: a page lives ``PAGE_TIMEOUT``, so at
    most two windows' worth are in Redis at any time. A cache that cannot be reached stores
    nothing anyway."""
    key = _stored_count_key()
    cache.add(key, 0, timeout=2 * PAGE_TIMEOUT)
    try:
        stored = cache.incr(key)
    except ValueError:  # the cache cannot be reached (or lost the count): nothing is stored
        return False
    return stored <= settings.PUBLIC_PAGES_STORED_PER_WINDOW


def keep_read_parameters(request, params: frozenset[str]) -> None:
    """Leave in the request's query only the parameters the page reads, by name in a fixed
    order: the view, the page's key and every link the page makes (``get_full_path``) see the
    same address whatever else was added to it."""
    query = QueryDict(mutable=True)
    for name in sorted(params & request.GET.keys()):
        query.setlist(name, request.GET.getlist(name))
    kept = query.urlencode()
    if kept != request.META.get("QUERY_STRING", ""):
        request.GET = QueryDict(kept)
        request.META["QUERY_STRING"] = kept


def _keep_locally(key: str, page) -> None:
    _local_pages[key] = page
    while len(_local_pages) > LOCAL_PAGES:
        _local_pages.popitem(last=False)


def page_key(request, config: PageConfig) -> str | None:
    """The page's key in the cache; ``None`` while the cache cannot be reached."""
    parts = _versions((PAGES_VERSION_KEY, *config.versions))
    if parts is None:
        return None
    if config.daily:
        parts.append(timezone.localdate().isoformat())
    # The development banner is on every page (its setting changes only with a restart).
    development = settings.DEBUG and settings.DEBUG_BY_DEFAULT
    parts += [get_language() or "", request.scheme, request.get_host(), request.get_full_path()]
    parts.append(str(development))
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()
    return f"public-page:{digest}"


def shared_result(request, compute, *versions: str, daily=False, params=()):
    """``compute()`` once per page key (versions, language, address), then from the cache: for
    views that must run their own checks on every request first (the API and its throttle).
    ``request`` may be Django REST framework's, whose query is its Django request's."""
    params = frozenset(params)
    keep_read_parameters(getattr(request, "_request", request), params)
    key = page_key(request, PageConfig(versions=versions, daily=daily, bypass=None, params=params))
    if key is None:
        return compute()
    key += ":result"
    result = _stored(key)
    if result is None:
        result = compute()
        _store(key, result)
    return result


def public_page(*versions: str, daily=False, bypass=None, params=()):
    """Serve the view from the shared page cache (see the module). ``versions``: cache keys
    whose values change when what the page shows changes; ``daily``: the page also changes at
    midnight; ``bypass(request)``: true for people who see a page of their own (staff tools);
    ``params``: the query parameters the view reads (the others never reach it)."""
    config = PageConfig(
        versions=tuple(versions), daily=daily, bypass=bypass, params=frozenset(params)
    )

    def decorator(view):
        @wraps(view)
        def cached_view(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD") or (bypass and bypass(request)):
                return view(request, *args, **kwargs)
            keep_read_parameters(request, config.params)
            key = page_key(request, config)
            if key is None:
                return view(request, *args, **kwargs)
            page = _stored(key)
            if page is None:
                page, storable = _render(request, view, args, kwargs, key)
                if storable:
                    _store(key, page)
            return respond(request, page, personal=True)

        cached_view.public_page = config
        return cached_view

    return decorator


def _render(request, view, args, kwargs, key) -> tuple[Page, bool]:
    """Render the view as an anonymous visitor, with the personal parts marked."""
    nonce = secrets.token_hex(12)
    user = request.user
    request.user = AnonymousUser()
    setattr(request, FILL, nonce)
    try:
        response = view(request, *args, **kwargs)
        if callable(getattr(response, "render", None)) and not response.is_rendered:
            response.render()
    finally:
        request.user = user
        delattr(request, FILL)
    storable = (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )
    headers = [(k, v) for k, v in response.items() if k.lower() not in NOT_STORED]
    etag = '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'
    content = b"".join(response.streaming_content) if response.streaming else response.content
    answer = {"status": response.status_code, "headers": headers, "etag": etag}
    if not response.get("Content-Type", "").startswith("text/html"):
        return Page(**answer, pieces=[content]), storable
    charset = response.charset or "utf-8"
    pieces, personal = _split(content, nonce.encode(charset))
    csrf = csrf_placeholder(nonce).encode(charset)
    page = Page(**answer, pieces=pieces, personal=personal, csrf=csrf, html=True, charset=charset)
    # A page whose anonymous copy holds a CSRF token (a form for visitors) is not stored: each
    # visitor would need a token and cookie of their own, the very thing the store avoids.
    return page, storable and len(page.anonymous) == 1


def _split(html: bytes, nonce: bytes) -> tuple[list[bytes], list[tuple[str, bytes]]]:
    """The fixed HTML between the marked parts, and each part's template and HTML (the marks
    are ASCII, as template names are: found the same in any encoding a page is sent in)."""
    # Found by plain search: a pattern holding the nonce would be compiled anew for every page.
    opening, closing = b"<!--personal:" + nonce + b":", b"<!--/personal:" + nonce + b"-->"
    pieces, personal, at = [], [], 0
    while (start := html.find(opening, at)) != -1:
        name_end = html.index(b"-->", start + len(opening))
        end = html.index(closing, name_end)
        pieces.append(html[at:start])
        name = html[start + len(opening) : name_end].decode("ascii")
        personal.append((name, html[name_end + len(b"-->") : end]))
        at = end + len(closing)
    pieces.append(html[at:])
    return pieces, personal


def csrf_placeholder(nonce: str) -> str:
    return f"csrf-{nonce}"


def context(request) -> dict:
    """Template context processor: while a page is rendered to be stored, the CSRF token is a
    placeholder and no message shows (both are filled in per request)."""
    nonce = getattr(request, FILL, None)
    if nonce is None:
        return {}
    return {"csrf_token": csrf_placeholder(nonce), "messages": ()}


def personal_part(context, template_name: str) -> str:
    """``{% personal %}``: the template rendered here; while a page is rendered to be stored,
    also marked, so each request renders it again for whoever asks."""
    html = context.template.engine.get_template(template_name).render(context)
    nonce = getattr(context.get("request"), FILL, None)
    if nonce is None:
        return html
    return f"<!--personal:{nonce}:{template_name}-->{html}<!--/personal:{nonce}-->"


def respond(request, page: Page, *, personal: bool) -> HttpResponse:
    """The stored page for this request: 304 when the visitor's copy is current; else the body
    with the personal parts rendered for them (``personal``: only a signed-in visitor's, or one
    with a message waiting, differ from an anonymous visitor's), and a CSRF token of theirs."""
    waiting = personal and page.html and len(get_messages(request)) > 0
    viewer = getattr(getattr(request, "user", None), "pk", None) if personal else None
    etag = page.etag if viewer is None else f'"{page.etag.strip(chr(34))}-{viewer}"'
    if not waiting and page.status == 200:
        not_modified = get_conditional_response(request, etag=etag)
        if not_modified is not None:
            return not_modified
    if not page.html:
        body = page.anonymous[0]
    elif viewer is not None or waiting:
        body = _personal_body(request, page, waiting)
    else:
        body = (
            get_token(request).encode(page.charset).join(page.anonymous)
            if len(page.anonymous) > 1
            else page.anonymous[0]
        )
    response = HttpResponse(body, status=page.status)
    for name, value in page.headers:
        response[name] = value
    if page.status == 200:
        response["ETag"] = etag
        # What the middleware may answer early: any anonymous visitor; the same signed-in
        # visitor while this process holds their parts.
        if viewer is None and not waiting:
            response.public_page = page
        elif not waiting:
            response.public_page_signed_in = page
    if page.html:
        patch_vary_headers(response, ("Cookie",))
    return response


def _personal_body(request, page: Page, waiting: bool) -> bytes:
    """The page with the personal parts rendered for this request, and one CSRF token for the
    page's forms and theirs."""
    parts = _personal_parts(request, page, waiting)
    stored = len(page.anonymous) == 1  # no form of the page's own: the parts alone hold tokens
    token = None
    if any(PERSONAL_CSRF in html for html in parts):
        token = get_token(request)
        if stored:  # filled in the parts (a few KB) rather than the whole page
            parts = [html.replace(PERSONAL_CSRF, token) for html in parts]
    body = [page.pieces[0]]
    for html, piece in zip(parts, page.pieces[1:], strict=True):
        body += [html.encode(page.charset), piece]
    body = b"".join(body)
    if not stored:
        token = (token or get_token(request)).encode(page.charset)
        for placeholder in (page.csrf, PERSONAL_CSRF.encode(page.charset)):
            body = body.replace(placeholder, token)
    return body


def _personal_parts(request, page: Page, waiting: bool) -> list[str]:
    """The page's marked templates rendered for this request, the CSRF token left as
    ``PERSONAL_CSRF``. A part shows who is signed in (their account, roles and permissions),
    in the language and at the address of the page, and the messages waiting for them: a
    signed-in visitor with no message waiting gets the parts this process rendered last for the
    same account record (its ``record_stamp``, which changes with any of those), language and
    address, the same for every stored page."""
    key = None if waiting else _personal_key(request, page.templates)
    parts = _local_personal_parts.get(key) if key is not None else None
    if parts is None:
        parts = _render_personal_parts(request, page.templates)
        if key is not None:
            _local_personal_parts[key] = parts
            while len(_local_personal_parts) > LOCAL_PERSONAL_PARTS:
                _local_personal_parts.popitem(last=False)
    else:
        _local_personal_parts.move_to_end(key)
    return parts


def _holds_personal_parts(request, page: Page) -> bool:
    """Whether this process holds the page's parts rendered for this signed-in visitor."""
    if not page.html:
        return True
    key = _personal_key(request, page.templates)
    return key is not None and key in _local_personal_parts


def _personal_key(request, names: tuple[str, ...]) -> tuple | None:
    """What the personal parts ``names`` show depends on, or None when that cannot be told."""
    user = getattr(request, "user", None)
    stamp = getattr(user, "record_stamp", None)
    # Not read through a record that says when it changes; or templates are being edited.
    if stamp is None or settings.DEBUG:
        return None
    urlconf = getattr(request, "urlconf", None) or settings.ROOT_URLCONF
    return (names, user.pk, stamp, get_language(), get_script_prefix(), urlconf, request.path)


def _render_personal_parts(request, names: tuple[str, ...]) -> list[str]:
    """The marked templates rendered for this request, all in one context (the context
    processors run once, not once per part)."""
    engine = engines["django"].engine
    templates = [engine.get_template(name) for name in names]
    if not templates:
        return []
    context = RequestContext(request)
    with context.bind_template(templates[0]):
        context["csrf_token"] = PERSONAL_CSRF  # above the context processors' answers
        return [template.render(context) for template in templates]


# Headers of the whole stack's answer that are not replayed by an early answer: per request
# (and, for a signed-in visitor, the ETag: per person).
PER_REQUEST = {"content-length", "set-cookie", "date"}
LOCAL_ADDRESSES = 1024
_configs: OrderedDict[str, "PageConfig | None"] = OrderedDict()
# How the whole stack answered each page, per process: for anonymous visitors (key) and for
# signed-in ones ((key, "signed in")).
_early_headers: OrderedDict[object, list[tuple[str, str]]] = OrderedDict()


def _config_for(path_info: str):
    """The ``public_page`` configuration of the view at ``path_info`` (None: not a public page),
    resolved once per process and address."""
    if path_info in _configs:
        _configs.move_to_end(path_info)
        return _configs[path_info]
    try:
        config = getattr(resolve(path_info).func, "public_page", None)
    except Resolver404:
        config = None
    _configs[path_info] = config
    while len(_configs) > LOCAL_ADDRESSES:
        _configs.popitem(last=False)
    return config


def _answerable_early(request) -> bool:
    """A visitor asking for a page as it is, not whether their copy is current (conditional
    requests go the whole way: rare, and cheap), with no message waiting in a cookie."""
    return (
        request.method in ("GET", "HEAD")
        and CookieStorage.cookie_name not in request.COOKIES
        and "HTTP_IF_NONE_MATCH" not in request.META
        and "HTTP_IF_MODIFIED_SINCE" not in request.META
        and not settings.DISALLOWED_USER_AGENTS
    )


def _remember_headers(headers_key, response, also_per_request=()) -> None:
    _early_headers[headers_key] = [
        (name, value)
        for name, value in response.items()
        if name.lower() not in PER_REQUEST and name.lower() not in also_per_request
    ]
    while len(_early_headers) > 2 * LOCAL_PAGES:
        _early_headers.popitem(last=False)


class PublicPageMiddleware:
    """First in the stack: answers a stored page before anything else runs, with the headers
    the whole stack gave this page the first time this process answered it (security headers,
    the CSP, the language, Vary). That first answer goes the whole way (the view's decorator
    answers it), as does every visitor the early answer cannot serve exactly as the stack would.

    - An anonymous visitor (no session) gets the stored anonymous page.
    - A signed-in visitor gets it with the personal parts this process rendered for them last
      (``_personal_parts``: same person, account record, language and address), when they have
      no message waiting, a CSRF cookie, no second factor to set up and no page of their own
      (``bypass``). Only what those need runs, and it is the stack's own code: the session and
      CSRF middlewares', Django's ``get_user`` (which checks the session against the account;
      ``signed_in_user`` reads both in one round trip), the messages storage and the
      second-factor rule. The language is always decided by ``LocaleMiddleware``'s own code."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.locale = LocaleMiddleware(get_response)
        self.session = SessionMiddleware(get_response)
        self.csrf = CsrfViewMiddleware(get_response)
        self.messages = MessageMiddleware(get_response)

    def __call__(self, request):
        if not _answerable_early(request):
            return self.get_response(request)
        config = _config_for(request.path_info)
        if config is None:
            return self.get_response(request)
        keep_read_parameters(request, config.params)
        self.locale.process_request(request)
        key = page_key(request, config)
        page = _local_pages.get(key) if key else None
        signed_in = settings.SESSION_COOKIE_NAME in request.COOKIES
        if page is not None:
            if not signed_in and (headers := _early_headers.get(key)) is not None:
                return self._answer(request, page, headers)
            if signed_in and (response := self._answer_signed_in(request, page, key, config)):
                return response
        response = self.get_response(request)
        if key is not None and getattr(response, "public_page", None) is not None:
            _remember_headers(key, response)
        elif key is not None and getattr(response, "public_page_signed_in", None) is not None:
            _remember_headers((key, "signed in"), response, also_per_request={"etag"})
        return response

    def _answer(self, request, page: Page, headers) -> HttpResponse:
        # A stored page's anonymous copy holds no CSRF token (``_render``): the same bytes for
        # every visitor, no cookie.
        return _with_headers(respond(request, page, personal=False), headers)

    def _answer_signed_in(self, request, page: Page, key: str, config: PageConfig):
        """The stored page with the signed-in visitor's parts, or None: the whole way."""
        headers = _early_headers.get((key, "signed in"))
        if headers is None or settings.CSRF_COOKIE_NAME not in request.COOKIES:
            return None
        self.csrf.process_request(request)
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # a malformed cookie: the stack resets it
            return None
        self.session.process_request(request)
        request.user = signed_in_user(request)
        if (
            not request.user.is_authenticated
            or lacks_required_second_factor(request.user)
            # Never held for them today (the view answers them, so no parts were kept), but a
            # page of their own must not depend on that.
            or (config.bypass and config.bypass(request))
        ):
            return None
        self.messages.process_request(request)
        if len(get_messages(request)) or not _holds_personal_parts(request, page):
            return None
        response = _with_headers(respond(request, page, personal=True), headers)
        # What the stack does after the view: the CSRF cookie's expiry renewed, the session
        # saved if it changed.
        response = self.csrf.process_response(request, response)
        response = self.messages.process_response(request, response)
        return self.session.process_response(request, response)


def _with_headers(response: HttpResponse, headers) -> HttpResponse:
    """``response`` with the headers the whole stack gave the page, and its length."""
    for name, value in headers:
        response[name] = value
    response["Content-Length"] = str(len(response.content))
    return response
