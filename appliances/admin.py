"""Catalogue admin: every reference figure next to its source, with a change history."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from appliances.models import Category, ReferenceParameter, Symptom

SOURCE_HELP = _("Cite where each figure comes from, or write 'Estimate: ...' with the reasoning.")


class SymptomInline(admin.TabularInline):
    model = Symptom
    extra = 0
    fields = ["position", "slug", "name_nl", "name_en", "cost_factor", "keywords"]
    show_change_link = True


@admin.register(Category)
class CategoryAdmin(SimpleHistoryAdmin):
    list_display = [
        "slug",
        "name_nl",
        "name_en",
        "ords_category",
        "new_price_low_eur",
        "new_price_high_eur",
        "repair_cost_low_eur",
        "repair_cost_high_eur",
        "embodied_co2e_kg",
    ]
    list_filter = ["is_small_appliance", "ords_category"]
    search_fields = ["slug", "name_nl", "name_en", "aliases_nl", "aliases_en"]
    inlines = [SymptomInline]
    fieldsets = [
        (None, {"fields": ["slug", "name_nl", "name_en", "ords_category", "is_small_appliance"]}),
        (
            _("Everyday names"),
            {
                "fields": ["aliases_nl", "aliases_en"],
                "description": _(
                    "What people call it: synonyms, plurals, common misspellings and brand names "
                    "used as product words. The appliance field and the intake match them "
                    "(docs/intake.md, 'Appliance names')."
                ),
            },
        ),
        (
            _("New price"),
            {"fields": [("new_price_low_eur", "new_price_high_eur"), "new_price_source"]},
        ),
        (
            _("Lifetime"),
            {
                "fields": [
                    ("lifetime_weibull_shape", "lifetime_weibull_scale_years"),
                    "lifetime_source",
                ]
            },
        ),
        (
            _("Legal expected lifetime"),
            {"fields": ["legal_expected_lifetime_years", "legal_lifetime_source"]},
        ),
        (_("Embodied CO2e"), {"fields": ["embodied_co2e_kg", "embodied_co2e_source"]}),
        (_("Energy use"), {"fields": ["energy_kwh_per_year", "energy_source"]}),
        (_("Call-out fee"), {"fields": ["callout_fee_eur", "callout_fee_source"]}),
        (
            _("Repair cost"),
            {
                "fields": [("repair_cost_low_eur", "repair_cost_high_eur"), "repair_cost_source"],
                "description": SOURCE_HELP,
            },
        ),
    ]
    history_list_display = ["new_price_low_eur", "repair_cost_low_eur", "embodied_co2e_kg"]


@admin.register(Symptom)
class SymptomAdmin(SimpleHistoryAdmin):
    list_display = ["category", "slug", "name_nl", "name_en", "cost_factor", "position"]
    list_filter = ["category"]
    search_fields = ["slug", "name_nl", "name_en", "keywords"]
    list_select_related = ["category"]
    fieldsets = [
        (None, {"fields": ["category", "slug", "name_nl", "name_en", "position"]}),
        (_("Repair cost"), {"fields": ["cost_factor"]}),
        (_("Recognition"), {"fields": ["keywords"]}),
    ]
    history_list_display = ["cost_factor"]


@admin.register(ReferenceParameter)
class ReferenceParameterAdmin(SimpleHistoryAdmin):
    list_display = ["key", "value", "unit", "description"]
    search_fields = ["key", "description", "source"]
    fieldsets = [
        (None, {"fields": ["key", "description"]}),
        (
            _("Figure and source"),
            {"fields": [("value", "unit"), "source"], "description": SOURCE_HELP},
        ),
    ]
    history_list_display = ["value"]

    # The code reads each figure by its key (appliances/parameters.py): staff correct a value and
    # its source, but cannot add, rename or delete a figure.
    def get_readonly_fields(self, request, obj=None):
        return ["key"] if obj is not None else []

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
