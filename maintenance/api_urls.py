from django.urls import path

from maintenance import apis

urlpatterns = [
    path(
        "partner/passports/",
        apis.PassportBatchApi.as_view(),
        name="api-partner-passports",
    ),
    path(
        "partner/passports/labels.pdf",
        apis.PassportLabelsApi.as_view(),
        name="api-partner-passport-labels",
    ),
    path(
        "partner/passports/stats/",
        apis.PassportStatsApi.as_view(),
        name="api-partner-passport-stats",
    ),
    path(
        "passports/<slug:token>/questions/",
        apis.PassportQuestionApi.as_view(),
        name="api-passport-questions",
    ),
]
