"""Verdicts in the admin: read-only, to browse and filter what the service advised."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from repair_advice.models import Verdict


@admin.register(Verdict)
class VerdictAdmin(admin.ModelAdmin):
    """Only what the person entered and what the model answered; no contact details (those
    live with leads and follow-up requests, behind their own permissions)."""

    list_display = [
        "created_at",
        "category",
        "outcome",
        "confidence",
        "age_years",
        "brand",
        "model_version",
        "language",
    ]
    list_filter = ["outcome", "category", "model_version", "language", "created_at"]
    date_hierarchy = "created_at"
    search_fields = ["id", "brand", "category__slug"]
    list_select_related = ["category", "model_version"]
    fieldsets = [
        (
            _("What the person told us"),
            {
                "fields": [
                    "category",
                    "symptom_slugs",
                    "age_years",
                    "brand",
                    "purchase_price_eur",
                    "repair_quote_eur",
                    "description",
                    "postcode",
                    "language",
                ]
            },
        ),
        (
            _("What the model answered"),
            {"fields": ["outcome", "confidence", "model_version", "facts", "created_at"]},
        ),
        (
            _("Explanation"),
            {"fields": ["explanation_status", "explanation_source", "explanation_text"]},
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        return [field for fieldset in self.fieldsets for field in fieldset[1]["fields"]]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
