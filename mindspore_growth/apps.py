import logging

from django.apps import AppConfig
from django.conf import settings

logger = logging.getLogger(__name__)


class MindSporeGrowthConfig(AppConfig):
    name = "mindspore_growth"
    verbose_name = "MindSpore Growth"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deploy checks)


def warn_if_debug_by_default() -> None:
    """Called where a server starts (wsgi, asgi): commands keep their output clean."""
    if settings.DEBUG_BY_DEFAULT:
        logger.warning(
            "DEBUG is not set, so this is the development set-up (DEBUG on). "
            "In production set DEBUG=false."
        )
