from django.urls import path

from . import views

app_name = "criteria"
urlpatterns = [
    path("programme/", views.programme, name="programme"),
]
