from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("me/accounts/", views.linked_accounts, name="linked"),
    path("me/accounts/<int:pk>/unlink/", views.unlink, name="unlink"),
]
