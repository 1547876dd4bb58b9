from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenefitsConfig(AppConfig):
    name = "benefits"
    verbose_name = _("Benefits")

    def ready(self):
        # Connect the receivers: the honor wall's certification signals, the personal data
        # export's request for this app's section, account deletion.
        from . import receivers  # noqa: F401
