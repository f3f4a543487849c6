"""Model versions in the admin: read-only records; lifecycle actions live in the control room
(confirmation page and a recorded reason for every promotion or rollback)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ml.models import ModelVersion


@admin.register(ModelVersion)
class ModelVersionAdmin(admin.ModelAdmin):
    list_display = [
        "label",
        "status",
        "created_at",
        "activated_at",
        "success_brier",
        "cost_pinball",
        "actions_link",
    ]
    list_filter = ["status"]
    search_fields = ["label", "status_reason"]
    ordering = ["-created_at"]

    @admin.display(description=_("success Brier"))
    def success_brier(self, version):
        value = ((version.metrics or {}).get("success") or {}).get("model", {}).get("brier")
        return "-" if value is None else f"{value:.4f}"

    @admin.display(description=_("cost pinball"))
    def cost_pinball(self, version):
        value = ((version.metrics or {}).get("cost") or {}).get("model", {}).get("pinball_mean")
        return "-" if value is None else f"{value:.2f}"

    @admin.display(description=_("Lifecycle"))
    def actions_link(self, version):
        return format_html(
            '<a href="{}">{}</a>', reverse("controlroom:model-compare"), _("compare / promote")
        )

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in ModelVersion._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
