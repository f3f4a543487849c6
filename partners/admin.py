from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from partners.models import Lead, Partner
from partners.permissions import LEAD_CONTACT_PERMISSION
from partners.services import partner_locate, partner_rotate_api_token, partner_rotate_public_key


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "is_repair_cafe", "postcode", "public_key", "is_active"]
    list_filter = ["kind", "is_repair_cafe", "is_active"]
    search_fields = ["name", "contact_email", "postcode", "public_key"]
    filter_horizontal = ["categories"]
    readonly_fields = ["api_token_prefix", "created_at", "embed_snippet"]
    actions = ["rotate_widget_key", "rotate_api_token"]

    @admin.display(description=_("Embed snippet"))
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
    @admin.action(
        description=_("Rotate widget key (old embeds stop working)"), permissions=["change"]
    )
    def rotate_widget_key(self, request, queryset):
        for partner in queryset:
            key = partner_rotate_public_key(partner=partner)
            self.message_user(
                request,
                _("%(partner)s: new widget key %(key)s") % {"partner": partner.name, "key": key},
                messages.SUCCESS,
            )

    @admin.action(description=_("Rotate API token (shown once)"), permissions=["change"])
    def rotate_api_token(self, request, queryset):
        for partner in queryset:
            token = partner_rotate_api_token(partner=partner)
            self.message_user(
                request,
                _("%(partner)s: new API token %(token)s (copy it now; it is not shown again)")
                % {"partner": partner.name, "token": token},
                messages.WARNING,
            )


CONTACT_FIELDS = ("name", "email", "phone")


def _masked(value: str) -> str:
    """The first character only: enough to tell leads apart in a list, not to contact anyone."""
    return f"{value[0]}•••" if value else "-"


@admin.register(Lead)
class LeadAdmin(admin.ModelAdmin):
    """Leads for every staff role that may view them; names, e-mails and phones only for
    those with their own permission (partners.permissions.LEAD_CONTACT_PERMISSION), masked for the
    rest, and not searchable by them either (a search would reveal them one letter at a time)."""

    list_display = ["created_at", "partner", "name", "email", "phone", "outcome", "emailed_at"]
    list_filter = ["partner", "outcome"]
    search_fields = ["name", "email", "phone"]
    date_hierarchy = "created_at"
    raw_id_fields = ["verdict", "price_record"]
    readonly_fields = ["consent_at", "created_at", "emailed_at", "outcome_reported_at"]

    @staticmethod
    def _reveals(request) -> bool:
        return request.user.has_perm(LEAD_CONTACT_PERMISSION)

    def get_list_display(self, request):
        if self._reveals(request):
            return self.list_display
        return [
            f"{field}_masked" if field in CONTACT_FIELDS else field for field in self.list_display
        ]

    def get_search_fields(self, request):
        return self.search_fields if self._reveals(request) else []

    def get_exclude(self, request, obj=None):
        return None if self._reveals(request) else CONTACT_FIELDS

    def get_readonly_fields(self, request, obj=None):
        readonly = list(self.readonly_fields)
        if not self._reveals(request):
            readonly += [f"{field}_masked" for field in CONTACT_FIELDS]
        return readonly

    def has_add_permission(self, request):
        # A lead is made by the person in the widget; a form without contact fields cannot make one.
        return self._reveals(request) and super().has_add_permission(request)

    @admin.display(description=_("name"))
    def name_masked(self, lead):
        return _masked(lead.name)

    @admin.display(description=_("email"))
    def email_masked(self, lead):
        return _masked(lead.email)

    @admin.display(description=_("phone"))
    def phone_masked(self, lead):
        return _masked(lead.phone)
