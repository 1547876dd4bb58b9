from allauth.socialaccount.adapter import get_adapter
from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def forge_providers(context) -> list:
    """The configured forges, in the order of INSTALLED_APPS (Gitee first, where MindSpore
    lives); allauth's ``get_providers`` sorts them by name, which puts GitHub first."""
    return get_adapter().list_providers(context["request"])
