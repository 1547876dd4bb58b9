"""The wall's totals without counting its entries: ``WallTally`` rows, changed by
``honor_wall.listing`` in the same transaction as the entries they count.

A person counts under every filter the wall offers that one of their badges matches: the whole
wall, a track, a tier (with its track), a year of award, a track and a year, a tier and a year.
Each is kept as (filter, last day listed) → people, the day being that of the latest matching
certification's end: a total is the sum of one filter's rows whose day has not passed, so an
expiry overnight needs no write, and the sum reads a few hundred rows at most (one per day a
certification can still end on), however many people the wall lists.

A search (``?q=``) has no total here: ``selectors.wall_count`` counts it.
"""

import datetime
from collections import Counter
from collections.abc import Iterable

from django.db import connection
from django.db.models import OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from criteria.models import Tier, Track

from .models import WallTally

# The ``until`` of a certification that never expires.
NEVER = datetime.date.max

# One row of ``WallEntry.tallied``: [track, tier, year, until as ISO date]; 0 is "any".
Row = tuple[int, int, int, str]


def _filters(track: int, tier: int, year: int) -> tuple[tuple[int, int, int], ...]:
    """Every filter of the wall one badge (of ``tier`` in ``track``, awarded in ``year``)
    matches. A tier always comes with its track: that is how the wall's tier filter is asked
    with or without a track (``wall_total``)."""
    return (
        (0, 0, 0),
        (track, 0, 0),
        (0, 0, year),
        (track, 0, year),
        (track, tier, 0),
        (track, tier, year),
    )


def tallies(certifications) -> list[list]:
    """The totals an entry listing ``certifications`` (each with its ``tier`` loaded) counts
    in: each filter they match, with the last day of the latest certification matching it.
    Sorted, as ``WallEntry.tallied`` stores them (JSON lists)."""
    until: dict[tuple[int, int, int], datetime.date] = {}
    for certification in certifications:
        end = certification.expires_on or NEVER
        tier = certification.tier
        for key in _filters(tier.track_id, tier.pk, certification.awarded_on.year):
            if key not in until or end > until[key]:
                until[key] = end
    return sorted([*key, end.isoformat()] for key, end in until.items())


def _row(row) -> Row:
    track, tier, year, until = row
    return (int(track), int(tier), int(year), str(until))


def tally_change(*, removed: Iterable, added: Iterable) -> None:
    """Take the ``removed`` rows (an entry's old ``tallied``) away from the totals and add the
    ``added`` ones, in one statement.

    An upsert that adds to what is there: two transactions changing the same total wait for
    each other instead of overwriting each other's change, and they take the rows' locks in one
    order (sorted), so neither waits for the other in a circle.
    """
    delta: Counter[Row] = Counter()
    for row in removed:
        delta[_row(row)] -= 1
    for row in added:
        delta[_row(row)] += 1
    changes = sorted((row, n) for row, n in delta.items() if n)
    if not changes:
        return
    quote = connection.ops.quote_name
    table = quote(WallTally._meta.db_table)
    columns = ", ".join(quote(name) for name in ("tier", "track", "year", "until", "people"))
    key = ", ".join(quote(name) for name in ("tier", "track", "year", "until"))
    people = quote("people")
    params = []
    for (track, tier, year, until), n in changes:
        day = connection.ops.adapt_datefield_value(datetime.date.fromisoformat(until))
        params += [tier, track, year, day, n]
    values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(changes))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) VALUES {values} "  # noqa: S608 (names, not data)
            f"ON CONFLICT ({key}) DO UPDATE SET {people} = {table}.{people} + EXCLUDED.{people}",
            params,
        )


def tally_rebuild(tallied: Iterable[list]) -> None:
    """Replace every total with those of the entries' ``tallied`` rows (``wall_rebuild``)."""
    counts = Counter(_row(row) for rows in tallied for row in rows)
    WallTally.objects.all().delete()
    WallTally.objects.bulk_create(
        (
            WallTally(
                track=track,
                tier=tier,
                year=year,
                until=datetime.date.fromisoformat(until),
                people=n,
            )
            for (track, tier, year, until), n in sorted(counts.items())
        ),
        batch_size=2000,
    )


def _live(today: datetime.date) -> Q:
    return Q(until__gte=today)


def wall_total(*, track: str = "", tier: str = "", year: int | None = None) -> int:
    """How many people the wall lists today under its filters (the slugs and year as its form
    reads them; none: the whole wall). One query, whatever the wall's size. A slug that names
    nothing, or a tier outside the track asked for, lists nobody, as on the wall."""
    rows = WallTally.objects.filter(_live(timezone.localdate()), year=year or 0)
    if tier:
        rows = rows.filter(tier=Subquery(Tier.objects.filter(slug=tier).values("pk")[:1]))
    else:
        rows = rows.filter(tier=0)
    if track:
        rows = rows.filter(track=Subquery(Track.objects.filter(slug=track).values("pk")[:1]))
    elif not tier:
        rows = rows.filter(track=0)
    return rows.aggregate(people=Sum("people"))["people"] or 0


def tier_year_totals() -> list[tuple[int, int, int]]:
    """How many people the wall lists today per tier and year of award, as (tier id, year,
    people): one query over the totals, whatever the wall's size. A person holds at most one
    live certification of a tier, so these are also the wall's certifications."""
    return list(
        WallTally.objects.filter(_live(timezone.localdate()))
        .exclude(tier=0)
        .exclude(year=0)
        .values("tier", "year")
        .annotate(n=Sum("people"))
        .filter(n__gt=0)
        .values_list("tier", "year", "n")
        .order_by("tier", "year")
    )


def tier_total():
    """An expression for ``Tier`` rows: how many people the wall lists today with that tier."""
    people = (
        WallTally.objects.filter(_live(timezone.localdate()), tier=OuterRef("pk"), year=0)
        .values("tier")
        .annotate(n=Sum("people"))
        .values("n")
    )
    return Coalesce(Subquery(people), 0)
