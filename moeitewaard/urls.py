from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView

from common import api_errors
from controlroom.views import public_statistics
from moeitewaard import apidocs, health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        apidocs.redoc_csp(SpectacularRedocView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
    path("api/docs/redoc.js", apidocs.redoc_bundle, name="api-docs-redoc"),
    path("api/v1/", include("appliances.urls")),
    path("api/v1/", include("repair_advice.api_urls")),
    path("api/v1/", include("explainer.api_urls")),
    path("api/v1/", include("intake.urls")),
    path("api/v1/", include("maintenance.api_urls")),
    path("", include("partners.urls")),
    path("", include("maintenance.urls")),
    path("", include("reuse.api_urls")),
    path("hergebruik/", include("reuse.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("statistieken/", public_statistics, name="public-statistics"),
    path(f"{settings.ADMIN_URL}controlroom/", include("controlroom.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("repair_advice.urls")),
    # Last: /api/ paths that no view above matched get a JSON 404. Only paths ending in "/", so
    # that APPEND_SLASH still redirects /api/v1/verdicts to /api/v1/verdicts/.
    re_path(r"^api/(?:.*/)?$", api_errors.api_not_found),
]
