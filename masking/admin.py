from django.contrib import admin

from masking.models import MaskedFile


@admin.register(MaskedFile)
class MaskedFileAdmin(admin.ModelAdmin):
    """Staff see what was found and how it went, not the files themselves (they stay private)."""

    list_display = ("id", "owner", "title", "file_type", "mode", "status", "engine", "item_count", "seconds", "created_at")
    list_filter = ("status", "file_type", "mode", "engine")
    search_fields = ("title", "owner__username")
    exclude = ("items", "reviewed_boxes")
    readonly_fields = [field.name for field in MaskedFile._meta.fields if field.name not in ("items", "reviewed_boxes")]

    @admin.display(description="items")
    def item_count(self, obj: MaskedFile) -> int:
        return len(obj.items or [])

    def has_add_permission(self, request) -> bool:
        return False
