from django.utils.functional import SimpleLazyObject

from .selectors import forge_links_of


def forge_links(request):
    """The signed-in person's linked forge accounts and their import state, read only by the
    pages that show them (``forges/panel.html``: the evidence and eligibility pages)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"forge_links": []}
    return {"forge_links": SimpleLazyObject(lambda: forge_links_of(user))}
