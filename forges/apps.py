from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForgesConfig(AppConfig):
    name = "forges"
    verbose_name = _("Forges")

    def ready(self):
        from . import receivers  # noqa: F401  (an import follows linking or signing up)
