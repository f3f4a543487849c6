from django.contrib import admin

from reuse.models import LocationStaff, ReuseCheck, ReuseModelVersion, ReuseOutcome


@admin.register(LocationStaff)
class LocationStaffAdmin(admin.ModelAdmin):
    list_display = ["user", "location", "created_at"]
    list_filter = ["location"]
    raw_id_fields = ["user"]


@admin.register(ReuseCheck)
class ReuseCheckAdmin(admin.ModelAdmin):
    list_display = ["created_at", "location", "category", "condition", "potential", "destination"]
    list_filter = ["location", "destination", "potential", "condition"]
    date_hierarchy = "created_at"

    def has_change_permission(self, request, obj=None):
        return False  # a check records what staff were told; it is not edited afterwards


@admin.register(ReuseOutcome)
class ReuseOutcomeAdmin(admin.ModelAdmin):
    list_display = ["reported_on", "partner", "record_id", "category", "result", "price_eur"]
    list_filter = ["partner", "result", "origin"]
    search_fields = ["record_id"]


@admin.register(ReuseModelVersion)
class ReuseModelVersionAdmin(admin.ModelAdmin):
    list_display = ["version", "created_at", "is_active", "gate_passed", "note"]
    readonly_fields = [f.name for f in ReuseModelVersion._meta.fields]

    def has_add_permission(self, request):
        return False  # versions come from training only
