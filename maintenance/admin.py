"""Admin: staff edit the maintenance tasks and second-life locations; the rest is browsable."""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from maintenance.models import (
    Appliance,
    FollowUp,
    FollowUpRequest,
    LogEntry,
    MaintenanceTask,
    Reminder,
    ReminderSubscription,
    RetailerPassports,
    SecondLifeLocation,
)
from maintenance.selectors import retailer_passport_stats
from partners.models import Partner


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written by people or tasks: staff look, but do not change them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(MaintenanceTask)
class MaintenanceTaskAdmin(admin.ModelAdmin):
    list_display = ["slug", "category", "interval_days", "title_en", "position"]
    list_filter = ["category"]
    search_fields = ["slug", "title_nl", "title_en", "source"]
    list_editable = ["interval_days", "position"]


@admin.register(SecondLifeLocation)
class SecondLifeLocationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality", "is_demo"]
    list_filter = ["kind", "is_demo"]
    search_fields = ["name", "municipality", "address", "postcode"]
    # A website typed without a scheme is https (Django 6's default; silences its warning).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class LogEntryInline(admin.TabularInline):
    model = LogEntry
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "task", "done_on", "note", "cost_eur", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Appliance)
class ApplianceAdmin(ReadOnlyAdmin):
    list_display = [
        "id", "category", "brand", "model_name", "purchase_date", "issued_by", "label_scans",
        "created_at",
    ]  # fmt: skip
    list_filter = ["category", "issued_by"]
    search_fields = ["brand", "model_name", "issue_batch"]
    exclude = ["token"]  # the token is the private link: not shown, even to staff
    inlines = [LogEntryInline]


@admin.register(LogEntry)
class LogEntryAdmin(ReadOnlyAdmin):
    list_display = ["appliance", "kind", "task", "done_on", "cost_eur"]
    list_filter = ["kind"]


@admin.register(ReminderSubscription)
class ReminderSubscriptionAdmin(ReadOnlyAdmin):
    list_display = ["appliance", "created_at", "confirmed_at", "unsubscribed_at"]
    exclude = ["email"]  # the address is used for reminders only


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ["appliance", "task", "due_date", "claimed_at", "sent_at"]
    list_filter = ["due_date"]


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyAdmin):
    list_display = ["verdict", "choice", "price_eur", "worked", "created_at"]
    list_filter = ["choice", "worked"]


@admin.register(FollowUpRequest)
class FollowUpRequestAdmin(ReadOnlyAdmin):
    list_display = ["verdict", "send_after", "sent_at", "unsubscribed_at"]
    exclude = ["email"]


@admin.register(RetailerPassports)
class RetailerPassportsAdmin(ReadOnlyAdmin):
    """Per retailer: passports issued, scanned, reminders on and maintenance marked done."""

    list_display = [
        "name", "issued", "scanned", "label_scans", "reminders_subscribed",
        "maintenance_marked_done",
    ]  # fmt: skip
    fields = ["name", "issued", "scanned", "label_scans", "reminders_subscribed",
              "maintenance_marked_done"]  # fmt: skip
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).filter(kind=Partner.Kind.RETAILER)

    def has_delete_permission(self, request, obj=None):
        return False

    def _stat(self, partner, name: str) -> int:
        cache = getattr(partner, "_passport_stats", None)
        if cache is None:
            cache = partner._passport_stats = retailer_passport_stats(partner=partner)
        return cache[name]

    @admin.display(description=_("issued"))
    def issued(self, partner):
        return self._stat(partner, "issued")

    @admin.display(description=_("scanned (passports)"))
    def scanned(self, partner):
        return self._stat(partner, "scanned")

    @admin.display(description=_("label scans"))
    def label_scans(self, partner):
        return self._stat(partner, "label_scans")

    @admin.display(description=_("reminders on (confirmed)"))
    def reminders_subscribed(self, partner):
        return self._stat(partner, "reminders_subscribed")

    @admin.display(description=_("maintenance marked done (passports)"))
    def maintenance_marked_done(self, partner):
        return self._stat(partner, "maintenance_marked_done")
