from django.urls import path

from . import views

app_name = "forges"
urlpatterns = [
    path("me/evidence/refresh/", views.refresh, name="refresh"),
]
