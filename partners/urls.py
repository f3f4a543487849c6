from django.urls import path

from partners import apis, views

urlpatterns = [
    path("widget.js", views.widget_js, name="widget-js"),
    path("widget/<str:public_key>/", views.widget_advice, name="widget-advice"),
    path("widget/<str:public_key>/allowed/", views.widget_allowed, name="widget-allowed"),
    path(
        "widget/<str:public_key>/verdict/<uuid:verdict_id>/",
        views.widget_verdict,
        name="widget-verdict",
    ),
    path(
        "widget/<str:public_key>/verdict/<uuid:verdict_id>/lead/",
        views.widget_lead,
        name="widget-lead",
    ),
    path(
        "widget/<str:public_key>/verdict/<uuid:verdict_id>/lead/sent/",
        views.widget_lead_sent,
        name="widget-lead-sent",
    ),
    # The lead e-mail's link: the shop records what came of one lead, without logging in.
    path("partner/aanvraag/<str:token>/", views.lead_outcome, name="lead-outcome"),
    path(
        "api/v1/partner/price-records/",
        apis.PriceRecordsApi.as_view(),
        name="api-partner-price-records",
    ),
    path(
        "api/v1/partner/leads/<int:lead_id>/outcome/",
        apis.LeadOutcomeApi.as_view(),
        name="api-partner-lead-outcome",
    ),
]
