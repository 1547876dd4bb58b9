from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CriteriaConfig(AppConfig):
    name = "criteria"
    verbose_name = _("Criteria")

    def ready(self):
        from . import caching  # noqa: F401  (the programme's version follows its saves)
