"""Control-room pages, included under the admin path (settings.ADMIN_URL + "controlroom/").

Like the admin around them, they follow the request's language (docs/languages.md)."""

from django.urls import path

from controlroom import views

app_name = "controlroom"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("csv/<slug:chart>/", views.dashboard_csv, name="dashboard-csv"),
    path("prices/import/", views.price_import, name="price-import"),
    path("prices/import/confirm/", views.price_import_confirm, name="price-import-confirm"),
    path("models/", views.model_compare, name="model-compare"),
    path("models/retrain/", views.retrain, name="retrain"),
    path("models/retrain/<slug:task_id>/", views.retrain_progress, name="retrain-progress"),
    path(
        "models/retrain/<slug:task_id>/status.json",
        views.retrain_status,
        name="retrain-status",
    ),
    path("models/<uuid:version_id>/promote/", views.model_promote, name="model-promote"),
    path("models/<uuid:version_id>/rollback/", views.model_rollback, name="model-rollback"),
]
