"""What the shared page cache agrees to store: only the query parameters a page reads make an
address of its own, a bounded number of pages per window, and never a page whose anonymous copy
needs a CSRF token of its visitor's."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import HttpResponse
from django.template import engines

from mindspore_growth.public_cache import PageConfig, page_key, public_page

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def get(rf):
    def get(path, **extra):
        request = rf.get(path, **extra)
        request.user = AnonymousUser()
        return request

    return get


def echo_view(calls, *, params=()):
    """A public page that shows the address and query its view saw."""

    @public_page("test:version", params=params)
    def echo(request):
        calls.append(request.get_full_path())
        return HttpResponse(f"{request.get_full_path()} {sorted(request.GET.lists())}")

    return echo


# --- Only the parameters a page reads -------------------------------------------------------------
def test_parameters_the_page_does_not_read_never_reach_it_nor_make_a_copy_of_their_own(get):
    calls = []
    echo = echo_view(calls, params=("tier", "page"))

    shared = echo(get("/echo/?utm_source=wechat&tier=senior&fbclid=x1"))
    plain = echo(get("/echo/?tier=senior"))

    # The view saw the address without what it does not read; the plain address got that page.
    assert calls == ["/echo/?tier=senior"]
    assert shared.content == plain.content == b"/echo/?tier=senior [('tier', ['senior'])]"


def test_the_order_of_parameters_makes_no_copy_of_its_own_but_their_values_do(get):
    calls = []
    echo = echo_view(calls, params=("tier", "page", "sort"))

    echo(get("/echo/?sort=name&tier=senior&page=2"))
    echo(get("/echo/?page=2&tier=senior&sort=name"))
    other = echo(get("/echo/?page=3&tier=senior&sort=name"))

    assert calls == ["/echo/?page=2&sort=name&tier=senior", "/echo/?page=3&sort=name&tier=senior"]
    assert b"('page', ['3'])" in other.content


def test_a_page_that_reads_no_parameter_is_one_page_whatever_is_added(get):
    calls = []
    echo = echo_view(calls)

    echo(get("/echo/"))
    for junk in ("?a=1", "?b=2&c=3", "?%ff=%00"):
        assert echo(get(f"/echo/{junk}")).content == b"/echo/ []"

    assert calls == ["/echo/"]


def test_a_repeated_parameter_keeps_all_its_values_in_their_order(get):
    calls = []
    echo = echo_view(calls, params=("tier",))

    response = echo(get("/echo/?tier=b&x=1&tier=a"))

    assert calls == ["/echo/?tier=b&tier=a"]
    assert response.content == b"/echo/?tier=b&tier=a [('tier', ['b', 'a'])]"


def test_the_key_is_the_address_without_the_parameters_the_page_does_not_read(get):
    config = PageConfig(versions=(), daily=False, bypass=None, params=frozenset({"tier"}))
    calls = []
    echo = echo_view(calls, params=("tier",))
    request = get("/echo/?junk=1&tier=a")

    echo(request)

    # The request the view answered now names the address the page was stored under.
    assert request.get_full_path() == "/echo/?tier=a"
    assert page_key(request, config) == page_key(get("/echo/?tier=a"), config)


# --- A bounded number of stored pages -------------------------------------------------------------
def test_pages_beyond_the_windows_budget_are_served_but_not_stored(get, settings):
    settings.PUBLIC_PAGES_STORED_PER_WINDOW = 2
    calls = []
    echo = echo_view(calls, params=("n",))

    for n in (1, 2, 3):
        echo(get(f"/echo/?n={n}"))
    answers = [echo(get(f"/echo/?n={n}")).content for n in (1, 2, 3)]

    # The first two were stored; the third is rendered for each request, and still right.
    assert calls == ["/echo/?n=1", "/echo/?n=2", "/echo/?n=3", "/echo/?n=3"]
    assert answers == [f"/echo/?n={n} [('n', ['{n}'])]".encode() for n in (1, 2, 3)]


def test_a_purge_starts_the_count_again(get, settings):
    from mindspore_growth.public_cache import purge

    settings.PUBLIC_PAGES_STORED_PER_WINDOW = 1
    calls = []
    echo = echo_view(calls, params=("n",))
    echo(get("/echo/?n=1"))
    echo(get("/echo/?n=2"))  # over the budget: not stored

    purge()
    echo(get("/echo/?n=2"))
    echo(get("/echo/?n=2"))

    assert calls == ["/echo/?n=1", "/echo/?n=2", "/echo/?n=2"]


def test_a_cache_that_lost_the_count_stores_nothing(get, monkeypatch):
    calls = []
    echo = echo_view(calls)
    monkeypatch.setattr(cache, "incr", lambda key, delta=1: (_ for _ in ()).throw(ValueError(key)))

    echo(get("/echo/"))
    echo(get("/echo/"))

    assert calls == ["/echo/", "/echo/"]


# --- No page that needs its visitor's token -------------------------------------------------------
def test_a_page_with_a_form_for_anonymous_visitors_is_rendered_each_time_with_their_token(get):
    calls = []
    template = engines["django"].from_string(
        '<form method="post">{% csrf_token %}<button>Go</button></form>'
    )

    @public_page("test:version")
    def form_page(request):
        calls.append(1)
        return HttpResponse(template.render(request=request))

    first, second = get("/form/"), get("/form/")
    answers = [form_page(first), form_page(second)]

    assert len(calls) == 2  # not stored
    tokens = [TOKEN.search(answer.content.decode()).group(1) for answer in answers]
    assert tokens[0] != tokens[1] and "csrf-" not in "".join(tokens)
    # Each token is the visitor's own: the one their CSRF cookie is set to.
    assert first.META["CSRF_COOKIE"] != second.META["CSRF_COOKIE"]
