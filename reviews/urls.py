from django.urls import path

from . import views

app_name = "reviews"
urlpatterns = [
    path("reviews/", views.queue, name="queue"),
    path("reviews/conflicts/", views.conflicts, name="conflicts"),
    path("reviews/conflicts/<int:pk>/withdraw/", views.conflict_withdraw, name="conflict_withdraw"),
    path("reviews/workload/", views.workload, name="workload"),
    path("reviews/<int:pk>/", views.review, name="review"),
    path("reviews/<int:pk>/claim/", views.claim, name="claim"),
    path("reviews/<int:pk>/release/", views.release, name="release"),
    path("reviews/<int:pk>/decide/", views.decide, name="decide"),
    path("reviews/<int:pk>/note/", views.note, name="note"),
    path("reviews/<int:pk>/reassign/", views.reassign, name="reassign"),
    path(
        "reviews/<int:pk>/evidence/<int:evidence_pk>/judge/",
        views.judge_evidence,
        name="judge_evidence",
    ),
    path(
        "reviews/<int:pk>/evidence/<int:evidence_pk>/file/",
        views.evidence_file,
        name="evidence_file",
    ),
    path("reviews/<int:pk>/trail/", views.trail, name="trail"),
]
