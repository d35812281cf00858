from django.contrib import admin

from ai.models import LLMUsage


@admin.register(LLMUsage)
class LLMUsageAdmin(admin.ModelAdmin):
    """Read-only: rows are written by the AI layer itself."""

    list_display = ("created_at", "capability", "engine", "model", "purpose", "total_tokens", "latency_ms",
                    "error_code")
    list_filter = ("capability", "engine", "model")
    search_fields = ("purpose", "model", "error_code")
    readonly_fields = [f.name for f in LLMUsage._meta.fields]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
