"""A tier's rules as a rule-set definition, and publishing it as a new version when it changed.

Works with the live models and with a migration's historical ones (passed in).
"""

from typing import Any


def ruleset_definition(tier) -> dict[str, Any]:
    """The engine's view of ``tier``'s groups and items now (works with migration models too)."""
    return {
        "tier": tier.slug,
        "name": {"en": tier.name_en, "zh-hans": tier.name_zh},
        "groups": [
            {
                "key": group.key,
                "title": {"en": group.title_en, "zh-hans": group.title_zh},
                "min_items": group.min_items,
                "optional": group.optional,
                "items": [
                    {
                        "key": item.key,
                        "title": {"en": item.title_en, "zh-hans": item.title_zh},
                        "explanation": {"en": item.explanation_en, "zh-hans": item.explanation_zh},
                        "rule": item.rule,
                    }
                    for item in group.items.order_by("order", "pk")
                ],
            }
            for group in tier.groups.order_by("order", "pk")
        ],
    }


def publish_if_changed(tier, ruleset_model, actor=None):
    """Store ``tier``'s current rules as a new version unless the latest one already says the
    same. Returns ``(ruleset, created)``."""
    definition = ruleset_definition(tier)
    latest = ruleset_model.objects.filter(tier=tier).order_by("-version").first()
    if latest is not None and latest.definition == definition:
        return latest, False
    ruleset = ruleset_model.objects.create(
        tier=tier,
        version=(latest.version + 1) if latest else 1,
        definition=definition,
        created_by=actor,
    )
    return ruleset, True
