from django.urls import path

from repair_advice import views

urlpatterns = [
    path("", views.landing, name="landing"),
    path("advies/", views.advice, name="advice"),
    path("advies/<uuid:verdict_id>/", views.verdict_detail, name="verdict-detail"),
]
