"""Reads of the programme: tiers and their current rule sets, as the engine wants them."""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

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


def tracks() -> QuerySet[Track]:
    """The tracks in their order (the wall's filter)."""
    return Track.objects.order_by("order", "pk")


def programme_rules() -> list[tuple[Track, list[tuple[Tier, RuleSet | None]]]]:
    """Each track with its tiers and each tier's current published rules (three queries)."""
    published = {row.tier_id: row for row in latest_rulesets()}
    tiers = Tier.objects.select_related("track", "prerequisite").order_by("track__order", "rank")
    by_track: dict[int, list[tuple[Tier, RuleSet | None]]] = {}
    for tier in tiers:
        by_track.setdefault(tier.track_id, []).append((tier, published.get(tier.pk)))
    return [(track, by_track.get(track.pk, [])) for track in Track.objects.order_by("order")]


@dataclass(frozen=True)
class KindUse:
    """One requirement item that counts evidence of a kind, in one tier's current rules."""

    tier: Tier
    group_title: str
    item_title: str


def _kinds_in(rule: Mapping[str, Any]) -> Iterator[str]:
    if "kind" in rule:
        yield rule["kind"]
    for part in rule.get("rules", ()):
        yield from _kinds_in(part)


def kind_uses() -> dict[str, list[KindUse]]:
    """For each evidence kind, the requirement items of the current rules that count it, in
    ladder order (one query). Titles are in the active language."""
    rows = (
        latest_rulesets().select_related("tier__track").order_by("tier__track__order", "tier__rank")
    )
    uses: dict[str, list[KindUse]] = {}
    for row in rows:
        for group in row.engine_ruleset.groups:
            for item in group.items:
                for kind in dict.fromkeys(_kinds_in(item.rule)):
                    uses.setdefault(kind, []).append(
                        KindUse(row.tier, engine.localize(group.title), engine.localize(item.title))
                    )
    return uses
