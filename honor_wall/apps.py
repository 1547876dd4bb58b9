from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HonorWallConfig(AppConfig):
    name = "honor_wall"
    verbose_name = _("Wall of Honor")

    def ready(self):
        # Connect this app's receivers on its own models (the wall's listing and cache
        # version, the holdings table below it), on allauth's (imported certifications attach
        # to the address confirmed) and register its system checks.
        from . import caching, checks, holdings, invitations, listing  # noqa: F401
