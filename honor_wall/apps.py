from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HonorWallConfig(AppConfig):
    name = "honor_wall"
    verbose_name = _("Wall of Honor")

    def ready(self):
        # Connect this app's receivers on its own models (the wall's listing and cache
        # version, the holdings table below it) and register its system checks.
        from . import caching, checks, holdings, listing  # noqa: F401
