"""``{% personal "includes/navbar.html" %}``: a part of a public page that belongs to whoever
asks (``mindspore_growth.public_cache``)."""

from django import template
from django.utils.safestring import mark_safe

from mindspore_growth.public_cache import personal_part

register = template.Library()


@register.simple_tag(takes_context=True)
def personal(context, template_name):
    # Both halves are template output (escaped there) and a literal name from a template.
    return mark_safe(personal_part(context, template_name))  # noqa: S308
