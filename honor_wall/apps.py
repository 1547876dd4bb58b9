from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HonorWallConfig(AppConfig):
    name = "honor_wall"
    verbose_name = _("Wall of Honor")
