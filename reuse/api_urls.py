from django.urls import path

from reuse import apis

urlpatterns = [
    path(
        "api/v1/partner/reuse-outcomes/",
        apis.ReuseOutcomesApi.as_view(),
        name="api-partner-reuse-outcomes",
    ),
]
