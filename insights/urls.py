from django.urls import path

from . import views

app_name = "insights"
urlpatterns = [
    path("insights/", views.dashboard, name="dashboard"),
    path("insights/<slug:key>.csv", views.chart_csv, name="csv"),
    path("programme/figures/", views.figures, name="figures"),
    path("programme/figures/fragment/", views.figures_fragment, name="figures_fragment"),
    path("programme/figures/<slug:key>.csv", views.figures_csv, name="figures_csv"),
]
