"""Control-room pages, included under the admin path (settings.ADMIN_URL + "controlroom/")."""

import functools

from django.urls import path
from django.utils import translation

from controlroom import views

app_name = "controlroom"


def _in_english(view):
    """The control room's own texts (pages, charts, messages, script) exist in English only, so
    its screens are English throughout, the admin chrome around them too, not half Dutch."""

    @functools.wraps(view)
    def english_view(request, *args, **kwargs):
        with translation.override("en"):
            request.LANGUAGE_CODE = "en"
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        response.headers["Content-Language"] = "en"
        return response

    return english_view


urlpatterns = [
    path("", _in_english(views.dashboard), name="dashboard"),
    path("csv/<slug:chart>/", _in_english(views.dashboard_csv), name="dashboard-csv"),
    path("prices/import/", _in_english(views.price_import), name="price-import"),
    path(
        "prices/import/confirm/",
        _in_english(views.price_import_confirm),
        name="price-import-confirm",
    ),
    path("models/", _in_english(views.model_compare), name="model-compare"),
    path("models/retrain/", _in_english(views.retrain), name="retrain"),
    path(
        "models/retrain/<slug:task_id>/",
        _in_english(views.retrain_progress),
        name="retrain-progress",
    ),
    path(
        "models/retrain/<slug:task_id>/status.json",
        _in_english(views.retrain_status),
        name="retrain-status",
    ),
    path(
        "models/<uuid:version_id>/promote/", _in_english(views.model_promote), name="model-promote"
    ),
    path(
        "models/<uuid:version_id>/rollback/",
        _in_english(views.model_rollback),
        name="model-rollback",
    ),
]
