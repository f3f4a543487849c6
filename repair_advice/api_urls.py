from django.urls import path

from repair_advice import apis

urlpatterns = [
    path("verdicts/", apis.VerdictCreateApi.as_view(), name="api-verdict-create"),
    path("verdicts/<uuid:verdict_id>/", apis.VerdictDetailApi.as_view(), name="api-verdict-detail"),
    path("stats/", apis.StatsApi.as_view(), name="api-stats"),
]
