from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "insights"
    verbose_name = _("Programme insight")

    def ready(self):
        from . import receivers  # noqa: F401  (refresh the rollups after changes below us commit)
