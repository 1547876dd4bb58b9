from django.urls import path

from . import views

app_name = "applications"
urlpatterns = [
    path("apply/", views.apply, name="apply"),
    path("apply/<slug:tier_slug>/", views.application_new, name="application_new"),
    path("me/", views.dashboard, name="dashboard"),
    path("me/start/", views.start, name="start"),
    path("me/signed-in/", views.after_login, name="after_login"),
    path("me/applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("me/applications/<int:pk>/edit/", views.application_edit, name="application_edit"),
    path(
        "me/applications/<int:pk>/withdraw/",
        views.application_withdraw,
        name="application_withdraw",
    ),
    path("me/evidence/", views.evidence_list, name="evidence_list"),
    path("me/evidence/new/", views.evidence_create, name="evidence_create"),
    path("me/evidence/<int:pk>/edit/", views.evidence_edit, name="evidence_edit"),
    path("me/evidence/<int:pk>/delete/", views.evidence_delete, name="evidence_delete"),
    path("evidence/<int:pk>/file/", views.evidence_file, name="evidence_file"),
    path("me/profile/", views.profile_edit, name="profile"),
    path("me/data.json", views.personal_data, name="personal_data"),
    path("me/delete/", views.account_delete, name="account_delete"),
    path("people/<slug:handle>/avatar.png", views.avatar, name="avatar"),
]
