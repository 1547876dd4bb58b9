from urllib.parse import urlsplit

from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def sync_site_with_site_url(sender, using="default", **kwargs):
    """The sites framework names the host and the site in feeds: keep them SITE_URL's and
    SITE_NAME's, whatever the deployment, instead of Django's "example.com"."""
    from django.contrib.sites.models import Site

    domain = urlsplit(settings.SITE_URL).netloc or "localhost"
    Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID, defaults={"domain": domain, "name": settings.SITE_NAME}
    )


class AccountsConfig(AppConfig):
    name = "accounts"
    # allauth's email addresses are "Accounts" in the admin already; ours are the users.
    verbose_name = _("Users")

    def ready(self):
        from . import (
            access,
            checks,  # noqa: F401  (registers the forge settings checks)
            user_cache,
        )

        access.connect_signals(self.get_model("User"))
        user_cache.connect_signals(self.get_model("User"))

        post_migrate.connect(sync_site_with_site_url, sender=self, dispatch_uid="sync-site")
