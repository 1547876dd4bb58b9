from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HonorWallConfig(AppConfig):
    name = "honor_wall"
    verbose_name = _("Wall of Honor")

    def ready(self):
        # The applications app sits below this one and cannot import it; it asks through a hook.
        from applications.holdings import set_held_tiers_provider

        from . import caching, checks, listing  # noqa: F401  (connect receivers, register checks)
        from .selectors import held_tier_slugs

        set_held_tiers_provider(held_tier_slugs)
