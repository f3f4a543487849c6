from django.contrib.auth import views as auth_views
from django.urls import path

from reuse import views

app_name = "reuse"

urlpatterns = [
    path("", views.check_new, name="check"),
    path("inloggen/", views.ReuseLoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(next_page="reuse:login"), name="logout"),
    path("check/<uuid:check_id>/", views.check_detail, name="check-detail"),
    path("checks/", views.check_list, name="check-list"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard.csv", views.dashboard_csv, name="dashboard-csv"),
    path("uitkomsten/", views.outcome_import, name="outcome-import"),
    path("model/hertrainen/", views.retrain, name="retrain"),
]
