from django.contrib import admin

from assistant.models import ChatMessage, ChatRoom


class ChatMessageInline(admin.TabularInline):
    model = ChatMessage
    extra = 0
    fields = ["role", "content", "tool_used", "engine", "created_at"]
    readonly_fields = fields


@admin.register(ChatRoom)
class ChatRoomAdmin(admin.ModelAdmin):
    list_display = ["id", "owner", "title", "client_room_id", "updated_at"]
    search_fields = ["title", "client_room_id", "owner__email", "owner__username"]
    raw_id_fields = ["owner"]
    inlines = [ChatMessageInline]
