from django.urls import path

from explainer import apis

urlpatterns = [
    path(
        "verdicts/<uuid:verdict_id>/explanation/",
        apis.VerdictExplanationApi.as_view(),
        name="api-verdict-explanation",
    ),
]
