from django.urls import path

from . import views

app_name = "benefits"
urlpatterns = [
    path("me/benefits/", views.mine, name="mine"),
    path("me/benefits/<int:pk>/claim/", views.claim, name="claim"),
    path("me/benefits/<int:pk>/decline/", views.decline, name="decline"),
    path("benefits/", views.offers, name="offers"),
    path("benefits/offers/<int:pk>/", views.fulfilment, name="fulfilment"),
    path("benefits/offers/<int:pk>/export.csv", views.export_csv, name="export"),
    path("benefits/grants/<int:pk>/ship/", views.ship, name="ship"),
]
