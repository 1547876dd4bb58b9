from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.sitemaps.views import index, sitemap
from django.urls import include, path
from django.views.decorators.http import require_safe
from django.views.generic import RedirectView
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView

from honor_wall.caching import wall_page
from honor_wall.sitemaps import PublicPagesSitemap, WallProfilesSitemap

from . import views

SITEMAPS = {"pages": PublicPagesSitemap, "people": WallProfilesSitemap}

# The admin signs in through allauth, so its second factor and rate limits apply there too.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    # allauth's own list of linked accounts gives way to ours (accounts.views).
    path(
        "accounts/3rdparty/",
        RedirectView.as_view(pattern_name="accounts:linked"),
        name="socialaccount_connections",
    ),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("", include("criteria.urls")),
    path("", include("applications.urls")),
    path("", include("reviews.urls")),
    path("", include("honor_wall.urls")),
    path("", include("benefits.urls")),
    path("", include("forges.urls")),
    path("", include("insights.urls")),
    path("api/v1/", include("honor_wall.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # An index of the sections, each paginated (``?p=``): a sitemap holds at most a limit of
    # addresses, and the wall's profiles outgrow it.
    path(
        "sitemap.xml",
        wall_page()(require_safe(index)),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        wall_page(params=("p",))(require_safe(sitemap)),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
]

# Under /api/ a page that does not exist (an unknown path, a malformed id) answers JSON too.
handler404 = "mindspore_growth.views.not_found"
