from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenefitsConfig(AppConfig):
    name = "benefits"
    verbose_name = _("Benefits")

    def ready(self):
        from applications.profiles import register_personal_data

        from . import receivers  # noqa: F401  (reacts to the honor wall's signals)
        from .selectors import personal_benefits

        register_personal_data("benefits", personal_benefits)
