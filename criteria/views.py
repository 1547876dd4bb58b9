from django.shortcuts import render
from django.views.decorators.http import require_safe

from mindspore_growth.public_cache import public_page

from .caching import PROGRAMME_VERSION_KEY
from .selectors import programme_rules


@public_page(PROGRAMME_VERSION_KEY)
@require_safe
def programme(request):
    """The programme's tracks, tiers and current rules, rendered from the published data."""
    tracks = programme_rules()
    tier_names = {tier.slug: tier.name for _track, tiers in tracks for tier, _rules in tiers}
    return render(request, "criteria/programme.html", {"tracks": tracks, "tier_names": tier_names})
