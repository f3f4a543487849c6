from django.urls import path

from explainer import apis

urlpatterns = [
    path(
        "symptom-suggestions/",
        apis.SymptomSuggestionsApi.as_view(),
        name="api-symptom-suggestions",
    ),
]
