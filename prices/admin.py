from django.contrib import admin

from prices.models import PriceRecord


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
        "record_id",
    ]
    list_filter = ["category", "outcome", "origin", "repaired_on"]
    search_fields = [
        "record_id",
        "brand",
        "postcode",
        "repairer",
        "category__slug",
        "symptom__slug",
    ]
    list_select_related = ["category", "symptom"]
    raw_id_fields = ["category", "symptom"]
    readonly_fields = ["created_at", "updated_at"]
    date_hierarchy = "repaired_on"
    list_per_page = 100
