from django import template

from criteria.engine import localize
from criteria.rule_types import describe_rule

register = template.Library()


@register.filter(name="localize")
def localize_filter(texts):
    """``{"en": …, "zh-hans": …}`` in the active language."""
    return localize(texts or {})


@register.filter
def rule_text(rule, tier_names=None):
    """A rule in plain words; ``tier_names`` maps slugs to names for tier rules."""
    names = tier_names or {}
    return describe_rule(rule, lambda slug: names.get(slug, slug))
