from django.contrib import admin

from explainer.models import Explanation


@admin.register(Explanation)
class ExplanationAdmin(admin.ModelAdmin):
    """Staff may read and delete shared explanations (a deleted one is written afresh)."""

    list_display = ["key", "language", "source", "llm_model", "created_at"]
    list_filter = ["language", "source"]
    readonly_fields = ["key", "language", "text", "source", "llm_model", "created_at"]

    def has_add_permission(self, request):
        return False
