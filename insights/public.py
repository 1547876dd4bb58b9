"""Public programme figures, from the wall's own listing only: people who consented and hold a
valid certification, exactly those the Wall of Honor shows, and nothing the wall does not."""

from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import gettext as _

from honor_wall.caching import wall_cache_key
from honor_wall.tally import tier_year_totals, wall_total

from .charts import Chart, Series
from .selectors import certifiable_tiers

CACHE_SECONDS = 24 * 60 * 60


def _numbers() -> dict:
    """Counts by tier id and year, from the wall's totals (``honor_wall.tally``: a sum over a few
    rows, not a scan of the wall), cached under the wall's version: any change the wall shows (a
    certification, a consent, an expiry at midnight) makes a new key."""
    key = f"insights:figures:{wall_cache_key()}"
    numbers = cache.get(key)
    if numbers is None:
        numbers = {
            "people": wall_total(),
            "per_tier_year": [list(row) for row in tier_year_totals()],
        }
        cache.set(key, numbers, CACHE_SECONDS)
    return numbers


def public_figures() -> dict:
    """The two public charts (and the headline count) in the active language."""
    numbers = _numbers()
    tiers = certifiable_tiers()
    tracks = {tier.track_id: tier.track for tier in tiers}
    track_of = {tier.pk: tier.track_id for tier in tiers}
    per_tier, counts = {}, {}
    for tier_id, year, n in numbers["per_tier_year"]:
        per_tier[tier_id] = per_tier.get(tier_id, 0) + n
        key = (year, track_of.get(tier_id))
        counts[key] = counts.get(key, 0) + n
    wall = reverse("honor_wall:wall")
    per_tier = Chart(
        key="people_per_tier",
        title=_("Certified people per tier"),
        kind="hbar",
        category_label=_("Tier"),
        categories=[tier.name for tier in tiers],
        series=[Series(_("People"), [per_tier.get(tier.pk, 0) for tier in tiers])],
        axis_names=[_("people")],
        links=[f"{wall}?tier={tier.slug}" for tier in tiers],
    )
    years = sorted({year for year, _track in counts})
    running, cumulative = 0, []
    for year in years:
        running += sum(counts.get((year, track), 0) for track in tracks)
        cumulative.append(running)
    growth = Chart(
        key="growth",
        title=_("Certifications on the wall by year awarded"),
        kind="bar",
        category_label=_("Year"),
        categories=[str(year) for year in years],
        series=[
            *(
                Series(track.name, [counts.get((year, pk), 0) for year in years], stack="tracks")
                for pk, track in tracks.items()
            ),
            Series(_("All years so far"), cumulative, type="line"),
        ],
        description=_("Valid certifications of the people on the wall."),
        axis_names=[_("certifications")],
        links=[f"{wall}?year={year}" for year in years],
    )
    return {
        "people": numbers["people"],
        "charts": [per_tier, growth],
    }
