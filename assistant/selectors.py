"""Reads for the assistant, narrowed to one user."""
from __future__ import annotations

from core.selectors import owned_or_404
from assistant.models import ChatMessage, ChatRoom


def rooms_for(user):
    return ChatRoom.objects.filter(owner=user).order_by("-updated_at", "-id")


def room_or_404(user, pk) -> ChatRoom:
    return owned_or_404(ChatRoom, user, pk=pk)


def messages_of(room: ChatRoom) -> list[ChatMessage]:
    return list(room.messages.exclude(role=ChatMessage.Role.TOOL).order_by("created_at", "id"))
