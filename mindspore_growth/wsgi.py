import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mindspore_growth.settings")
application = get_wsgi_application()

from mindspore_growth.apps import warn_if_debug_by_default  # noqa: E402 (needs the settings)

warn_if_debug_by_default()
