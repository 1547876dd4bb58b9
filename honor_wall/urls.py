from django.urls import path  # noqa: F401

app_name = "honor_wall"
urlpatterns: list = []
