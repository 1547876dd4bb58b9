from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from . import selectors


class PublicPagesSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return ["home", "criteria:programme", "honor_wall:wall"]

    def location(self, item):
        return reverse(item)


class WallProfilesSitemap(Sitemap):
    """Profiles of people on the wall: the wall's own selector, so consent is respected."""

    changefreq = "monthly"
    limit = 5000

    def items(self):
        return selectors.wall_people().prefetch_related(None).only("handle").order_by("pk")

    def location(self, entry):
        return reverse("honor_wall:profile", args=[entry.handle])
