from django.urls import path

from maintenance import retailer_views, views

app_name = "maintenance"

urlpatterns = [
    path("apparaat/nieuw/", views.appliance_new, name="appliance-new"),
    path("apparaat/<slug:token>/", views.appliance_detail, name="appliance-detail"),
    path("apparaat/<slug:token>/logboek/", views.appliance_log_add, name="appliance-log-add"),
    path(
        "apparaat/<slug:token>/herinneringen/",
        views.appliance_reminders_subscribe,
        name="appliance-reminders",
    ),
    path("apparaat/<slug:token>/vraag/", views.appliance_question, name="appliance-question"),
    path("winkel/", retailer_views.retailer_sign_in, name="retailer-sign-in"),
    path("winkel/uitloggen/", retailer_views.retailer_sign_out, name="retailer-sign-out"),
    path("winkel/paspoorten/", retailer_views.retailer_passports_page, name="retailer-passports"),
    path("winkel/paspoorten/etiketten.pdf", retailer_views.retailer_labels, name="retailer-labels"),
    path("apparaat/<slug:token>/qr.svg", views.appliance_qr, {"fmt": "svg"}, name="qr-svg"),
    path("apparaat/<slug:token>/qr.png", views.appliance_qr, {"fmt": "png"}, name="qr-png"),
    path("apparaat/<slug:token>/qr.pdf", views.appliance_qr, {"fmt": "pdf"}, name="qr-pdf"),
    path("apparaat/<slug:token>/etiketten.pdf", views.appliance_labels, name="labels-pdf"),
    path("apparaat/<slug:token>/onderhoud.ics", views.appliance_calendar, name="calendar"),
    path(
        "herinneringen/bevestigen/<str:signed>/",
        views.reminders_confirm_view,
        name="reminders-confirm",
    ),
    path("afmelden/<str:signed>/", views.unsubscribe, name="unsubscribe"),
    path("advies/<uuid:verdict_id>/vervolg/", views.follow_up, name="follow-up"),
    path(
        "advies/<uuid:verdict_id>/vervolg/bedankt/",
        views.follow_up_thanks,
        name="follow-up-thanks",
    ),
    path(
        "advies/<uuid:verdict_id>/vervolg/email/",
        views.follow_up_request,
        name="follow-up-request",
    ),
]
