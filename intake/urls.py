from django.urls import path

from intake import apis

urlpatterns = [
    path("intake/", apis.IntakeApi.as_view(), name="api-intake"),
    path(
        "symptom-suggestions/",
        apis.SymptomSuggestionsApi.as_view(),
        name="api-symptom-suggestions",
    ),
]
