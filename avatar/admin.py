from django.contrib import admin

from avatar.models import AvatarMessage, AvatarSession


class MessageInline(admin.TabularInline):
    model = AvatarMessage
    extra = 0
    fields = ("role", "kind", "text", "interrupted", "offset", "latency")
    readonly_fields = fields


@admin.register(AvatarSession)
class AvatarSessionAdmin(admin.ModelAdmin):
    list_display = ("session_id", "owner", "user_id", "status", "language", "created_at")
    list_filter = ("status", "language", "interview_type")
    search_fields = ("session_id", "user_id", "owner__username")
    inlines = [MessageInline]
