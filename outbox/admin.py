from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from outbox.models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Read-only: staff see what waits or failed, and may send a given-up message again."""

    list_display = ("id", "kind", "created_at", "attempts", "next_attempt_at", "sent_at",
                    "given_up_at")  # fmt: skip
    list_filter = ("kind", ("sent_at", admin.EmptyFieldListFilter),
                   ("given_up_at", admin.EmptyFieldListFilter))  # fmt: skip
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]
    actions = ["retry_now"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send again at the next run"), permissions=["retry"])
    def retry_now(self, request, queryset):
        count = queryset.filter(sent_at__isnull=True).update(
            given_up_at=None, attempts=0, next_attempt_at=timezone.now()
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d message will be sent at the next run.",
                "%(count)d messages will be sent at the next run.",
                count,
            )
            % {"count": count},
        )

    def has_retry_permission(self, request):
        return request.user.is_superuser
