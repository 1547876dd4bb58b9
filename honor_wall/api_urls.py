from django.urls import path

from . import api

urlpatterns = [
    path("honor-wall/", api.WallList.as_view(), name="api-honor-wall"),
    path(
        "certifications/<uuid:public_id>/",
        api.CertificationDetail.as_view(),
        name="api-certification",
    ),
]
