from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` in a template, or None."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def get_field(form, name):
    """The bound field ``name`` of ``form`` (for fields added per kind)."""
    return form[name]
