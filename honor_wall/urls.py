from django.urls import path
from django.views.decorators.http import require_safe

from . import views
from .caching import wall_page

app_name = "honor_wall"
urlpatterns = [
    path("honor-wall/", views.wall, name="wall"),
    path("honor-wall/feed.atom", wall_page()(require_safe(views.WallFeed())), name="feed"),
    path("honor-wall/<slug:handle>/", views.profile, name="profile"),
    path("verify/<uuid:public_id>/", views.verify, name="verify"),
    path("verify/<uuid:public_id>.json", views.credential_json, name="credential"),
    path("verify/<uuid:public_id>.jwt", views.credential_jwt, name="credential_jwt"),
    path("verify/<uuid:public_id>/badge.png", views.baked_png, name="baked_png"),
    path("verify/<uuid:public_id>/badge.svg", views.baked_svg, name="baked_svg"),
    path("credentials/status/revocation", views.status_list, name="status_list"),
    path(".well-known/jwks.json", views.jwks, name="jwks"),
    path(".well-known/jwks/<str:thumbprint>.json", views.jwk, name="jwk"),
    path("me/certifications/", views.my_certifications, name="mine"),
    path("me/certifications/<uuid:public_id>/renew/", views.renew, name="renew"),
    path("certifications/import/", views.imports, name="imports"),
    path("certifications/import/<int:pk>/", views.import_detail, name="import_detail"),
    path("certifications/import/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("issuer/", views.issuer, name="issuer"),
    path("verify/<uuid:public_id>/certificate/", views.certificate, name="certificate"),
    path(
        "verify/<uuid:public_id>/certificate.pdf",
        views.certificate_download,
        name="certificate_pdf",
    ),
    path("verify/<uuid:public_id>/revoke/", views.revoke, name="revoke"),
    path("verify/<uuid:public_id>/reissue/", views.reissue, name="reissue"),
    path("badges/<slug:slug>.svg", views.badge_svg, name="badge_svg"),
    path("badges/<slug:slug>.png", views.badge_png, name="badge_png"),
]
