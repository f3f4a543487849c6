from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common.csv_export import csv_response
from prices.models import PriceRecord
from prices.services import price_records_confirm, price_records_reject
from prices.validation import COLUMNS

# The import's columns under the import's names, then where each record came from (columns an
# import does not take: drop them to re-import an export).
EXPORT_COLUMNS = [
    {"category": "category__slug", "symptom": "symptom__slug"}.get(column, column)
    for column in COLUMNS
] + ["origin", "partner__name", "created_at"]
EXPORT_HEADER = [*COLUMNS, "origin", "partner", "created_at"]


def _export(queryset):
    rows = queryset.order_by("-repaired_on", "-id").values_list(*EXPORT_COLUMNS)
    return csv_response(
        filename="price-records.csv",
        header=EXPORT_HEADER,
        rows=rows.iterator(chunk_size=2000),
    )


@admin.register(PriceRecord)
class PriceRecordAdmin(admin.ModelAdmin):
    list_display = [
        "repaired_on",
        "category",
        "symptom",
        "brand",
        "total_eur",
        "outcome",
        "postcode",
        "origin",
        "partner",
        "record_id",
        "trusted",
        "needs_review",
    ]
    list_filter = [
        "needs_review", "trusted", "category", "partner", "outcome", "origin", "repaired_on",
        "created_at",
    ]  # fmt: skip
    search_fields = [
        "record_id",
        "brand",
        "postcode",
        "repairer",
        "category__slug",
        "symptom__slug",
    ]
    list_select_related = ["category", "symptom", "partner"]
    raw_id_fields = ["category", "symptom"]
    readonly_fields = [
        "source_key", "needs_review", "reviewed_by", "reviewed_at", "created_at", "updated_at",
    ]  # fmt: skip
    date_hierarchy = "repaired_on"
    list_per_page = 100
    actions = ["export_csv", "confirm_price", "reject_price"]
    change_list_template = "admin/prices/pricerecord/change_list.html"

    @admin.action(description=_("Export selected price records as CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        return _export(queryset)

    @admin.action(description=_("Confirm price: it is right, train on it"), permissions=["change"])
    def confirm_price(self, request, queryset):
        """Data stewards (change permission) vouch for prices flagged as far outside the band."""
        count = price_records_confirm(records=queryset, user=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d flagged price confirmed; it is trained on now.",
                "%(count)d flagged prices confirmed; they are trained on now.",
                count,
            )
            % {"count": count},
        )

    @admin.action(description=_("Reject price: keep it out of training"), permissions=["change"])
    def reject_price(self, request, queryset):
        count = price_records_reject(records=queryset, user=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d flagged price rejected; it stays out of training.",
                "%(count)d flagged prices rejected; they stay out of training.",
                count,
            )
            % {"count": count},
        )

    def get_urls(self):
        export = path(
            "export/",
            self.admin_site.admin_view(self.export_filtered_view),
            name="prices_pricerecord_export",
        )
        return [export, *super().get_urls()]

    def export_filtered_view(self, request):
        """The changelist's filtered and searched records as CSV (same query string)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        changelist = self.get_changelist_instance(request)
        return _export(changelist.get_queryset(request))
