"""Loading the seed programme (``criteria.programme``) into the database, and reading it as
engine rule sets without one. Idempotent: a second load finds everything equal and publishes no
new version."""

from typing import Any

from .engine import RuleSet
from .programme import TIERS, TRACKS
from .publishing import publish_if_changed


def load_seed_programme(apps) -> None:
    """Create or update the seed's tracks, tiers, groups and items and publish their rules.

    Idempotent: a second load finds everything equal and publishes no new version.
    """
    Track = apps.get_model("criteria", "Track")
    Tier = apps.get_model("criteria", "Tier")
    Group = apps.get_model("criteria", "RequirementGroup")
    Item = apps.get_model("criteria", "RequirementItem")
    RuleSet = apps.get_model("criteria", "RuleSet")

    tracks = {}
    for data in TRACKS:
        tracks[data["slug"]], _ = Track.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "order": data["order"],
                "name_en": data["name"]["en"],
                "name_zh": data["name"]["zh"],
                "description_en": data["description"]["en"],
                "description_zh": data["description"]["zh"],
            },
        )
    tiers = {}
    for data in TIERS:
        tier, _ = Tier.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "track": tracks[data["track"]],
                "rank": data["rank"],
                "certifiable": data.get("certifiable", True),
                "approvals_required": data.get("approvals_required", 1),
                "prerequisite": tiers.get(data.get("prerequisite")),
                "name_en": data["name"]["en"],
                "name_zh": data["name"]["zh"],
                "description_en": data["description"]["en"],
                "description_zh": data["description"]["zh"],
            },
        )
        tiers[tier.slug] = tier
        for group_order, group_data in enumerate(data["groups"], start=1):
            group, _ = Group.objects.update_or_create(
                tier=tier,
                key=group_data["key"],
                defaults={
                    "title_en": group_data["title"]["en"],
                    "title_zh": group_data["title"]["zh"],
                    "min_items": group_data.get("min_items", 1),
                    "optional": group_data.get("optional", False),
                    "order": group_order,
                },
            )
            for item_order, item_data in enumerate(group_data["items"], start=1):
                Item.objects.update_or_create(
                    group=group,
                    key=item_data["key"],
                    defaults={
                        "title_en": item_data["title"]["en"],
                        "title_zh": item_data["title"]["zh"],
                        "explanation_en": item_data["explanation"]["en"],
                        "explanation_zh": item_data["explanation"]["zh"],
                        "rule": item_data["rule"],
                        "order": item_order,
                    },
                )
        publish_if_changed(tier, RuleSet)


def _texts(data: dict[str, str]) -> dict[str, str]:
    return {"en": data["en"], "zh-hans": data["zh"]}


def seed_definition(data: dict[str, Any]) -> dict[str, Any]:
    """A seed tier as the definition a published rule set stores (same shape as
    ``ruleset_definition``), without touching the database."""
    return {
        "tier": data["slug"],
        "name": _texts(data["name"]),
        "groups": [
            {
                "key": group["key"],
                "title": _texts(group["title"]),
                "min_items": group.get("min_items", 1),
                "optional": group.get("optional", False),
                "items": [
                    {
                        "key": item["key"],
                        "title": _texts(item["title"]),
                        "explanation": _texts(item["explanation"]),
                        "rule": item["rule"],
                    }
                    for item in group["items"]
                ],
            }
            for group in data["groups"]
        ],
    }


def seed_rulesets():
    """The seed's rules as engine rule sets (version 1), for tests and benchmarks."""
    return {
        data["slug"]: RuleSet.from_definition(seed_definition(data), version=1) for data in TIERS
    }
