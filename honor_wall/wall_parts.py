"""The parts of the wall's page that change only with the wall: kept rendered, read together.

An address of /honor-wall/ the shared page cache has not stored yet (a link shared with a
tracking parameter, a page or a filter nobody asked for since the wall last changed) renders
only what is its own, the count and the pagination, around these parts: the people per tier,
the filter form and the cards. Each part is rendered without the request (nothing personal can
be in it) and stored under the wall's version and day, the programme's version (the tracks' and
tiers' names), the language and what else it shows; one round trip reads them all.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .caching import wall_cache_key

PART_SECONDS = 10 * 60  # parts also leave the cache this long after they were stored


@dataclass(frozen=True)
class Part:
    template: str
    shows: tuple  # what the part depends on besides the versions and the language
    context: Callable[[], dict]  # called only when the part is rendered


def rendered(parts: dict[str, Part]) -> dict[str, SafeString]:
    """Each part's HTML, from the cache or rendered now (and stored)."""
    versions = (wall_cache_key(), get_language())
    keys = {name: part_key(name, *versions, *part.shows) for name, part in parts.items()}
    stored = cache.get_many(list(keys.values()))
    html, new = {}, {}
    for name, part in parts.items():
        key = keys[name]
        if key not in stored:
            stored[key] = new[key] = render_to_string(part.template, part.context())
        html[name] = mark_safe(stored[key])  # noqa: S308 (our own templates' output)
    if new:
        cache.set_many(new, PART_SECONDS)
    return html


def part_key(name: str, *shows) -> str:
    digest = hashlib.sha256(repr(shows).encode()).hexdigest()[:32]
    return f"honor_wall:part:{name}:{digest}"
