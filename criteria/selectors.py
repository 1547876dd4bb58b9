"""Reads of the programme: tiers and their current rule sets, as the engine wants them."""

from django.db.models import OuterRef, QuerySet, Subquery

from . import engine
from .models import RuleSet, Tier, Track


def latest_rulesets() -> QuerySet[RuleSet]:
    """The newest version of each tier's rules."""
    newest = RuleSet.objects.filter(tier=OuterRef("tier")).order_by("-version").values("pk")[:1]
    return RuleSet.objects.filter(pk=Subquery(newest)).select_related("tier")


def current_rulesets() -> dict[str, engine.RuleSet]:
    """Every tier's current rules by tier slug, in one query."""
    return {row.tier.slug: row.engine_ruleset for row in latest_rulesets()}


def certifiable_tiers() -> QuerySet[Tier]:
    """Tiers awarded by application, in ladder order."""
    return (
        Tier.objects.filter(certifiable=True)
        .select_related("track")
        .order_by("track__order", "rank")
    )


def programme_rules() -> list[tuple[Track, list[tuple[Tier, RuleSet | None]]]]:
    """Each track with its tiers and each tier's current published rules (three queries)."""
    published = {row.tier_id: row for row in latest_rulesets()}
    tiers = Tier.objects.select_related("track", "prerequisite").order_by("track__order", "rank")
    by_track: dict[int, list[tuple[Tier, RuleSet | None]]] = {}
    for tier in tiers:
        by_track.setdefault(tier.track_id, []).append((tier, published.get(tier.pk)))
    return [(track, by_track.get(track.pk, [])) for track in Track.objects.order_by("order")]
