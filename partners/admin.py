from django.contrib import admin, messages
from django.utils.html import format_html

from partners.models import Lead, Partner
from partners.services import partner_locate, partner_rotate_api_token, partner_rotate_public_key


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "is_repair_cafe", "postcode", "public_key", "is_active"]
    list_filter = ["kind", "is_repair_cafe", "is_active"]
    search_fields = ["name", "contact_email", "postcode", "public_key"]
    filter_horizontal = ["categories"]
    readonly_fields = ["api_token_prefix", "created_at", "embed_snippet"]
    actions = ["rotate_widget_key", "rotate_api_token"]

    @admin.display(description="Embed snippet")
    def embed_snippet(self, partner):
        if not partner.pk:
            return "-"
        return format_html(
            '<code>&lt;script src="https://OUR-HOST/widget.js" data-key="{}" async&gt;'
            "&lt;/script&gt;</code>",
            partner.public_key,
        )

    def save_model(self, request, obj, form, change):
        if change and "postcode" in form.changed_data and "latitude" not in form.changed_data:
            obj.latitude = obj.longitude = None  # re-place it at the new postcode
        partner_locate(partner=obj)
        super().save_model(request, obj, form, change)

    # permissions=["change"]: only roles that may change partners (Administrators) get the actions.
    @admin.action(description="Rotate widget key (old embeds stop working)", permissions=["change"])
    def rotate_widget_key(self, request, queryset):
        for partner in queryset:
            key = partner_rotate_public_key(partner=partner)
            self.message_user(request, f"{partner.name}: new widget key {key}", messages.SUCCESS)

    @admin.action(description="Rotate API token (shown once)", permissions=["change"])
    def rotate_api_token(self, request, queryset):
        for partner in queryset:
            token = partner_rotate_api_token(partner=partner)
            self.message_user(
                request,
                f"{partner.name}: new API token {token} (copy it now; it is not shown again)",
                messages.WARNING,
            )


@admin.register(Lead)
class LeadAdmin(admin.ModelAdmin):
    list_display = ["created_at", "partner", "name", "email", "phone", "outcome", "emailed_at"]
    list_filter = ["partner", "outcome"]
    search_fields = ["name", "email", "phone"]
    date_hierarchy = "created_at"
    raw_id_fields = ["verdict", "price_record"]
    readonly_fields = ["consent_at", "created_at", "emailed_at", "outcome_reported_at"]
