from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForgesConfig(AppConfig):
    name = "forges"
    verbose_name = _("Forges")
