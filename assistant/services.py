"""Writes for the assistant: rooms, and one chat turn (persist, answer, persist the answer).

`chat_turn` is shared by the seed 000 surface (`POST /ai/chat`: tools the client owns come back
as `tool_required`) and our page (`run_tools=True`: the server runs them and shows cards).
History is the room's own messages unless the client sends `history`, which is used as given.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from django.db import IntegrityError, transaction
from django.utils import timezone

from assistant import ai as assistant_ai
from assistant.models import ChatMessage, ChatRoom
from calendarparse.services import user_today

TITLE_CHARS = 60


@dataclass
class ChatOutcome:
    body: dict  # the documented final body (chat_response or tool_required)
    citations: list[dict] = field(default_factory=list)
    cards: list[dict] = field(default_factory=list)
    engine: str = "local"
    message_id: int | None = None


def room_for_label(*, owner, room_id: str, client_user_id: str = "") -> ChatRoom:
    """The caller's room with the client's `room_id` (created on first use). Another user's room
    with the same label is a different room: labels never cross owners."""
    room = ChatRoom.objects.filter(owner=owner, client_room_id=room_id).first()
    if room is None:
        try:
            with transaction.atomic():
                room = ChatRoom.objects.create(owner=owner, client_room_id=room_id, client_user_id=client_user_id[:200])
        except IntegrityError:  # the same label created by a concurrent first call
            room = ChatRoom.objects.get(owner=owner, client_room_id=room_id)
    elif client_user_id and room.client_user_id != client_user_id:
        ChatRoom.objects.filter(pk=room.pk).update(client_user_id=client_user_id[:200])
    return room


def room_create(*, owner, title: str = "") -> ChatRoom:
    return ChatRoom.objects.create(owner=owner, title=title[:200])


def room_delete(*, room: ChatRoom) -> None:
    room.delete()


def room_history(room: ChatRoom, limit: int = assistant_ai.HISTORY_MESSAGES) -> list[dict]:
    """The room's conversation as chat messages (user and assistant text only), oldest first."""
    rows = list(room.messages.filter(role__in=[ChatMessage.Role.USER, ChatMessage.Role.ASSISTANT])
                .exclude(content="").order_by("-created_at", "-id")[:limit])
    return [{"role": m.role, "content": m.content} for m in reversed(rows)]


def pending_tool(room: ChatRoom) -> assistant_ai.ToolRequest | None:
    """The tool the room's last assistant message asked the client to run, if it is still open."""
    last = room.messages.exclude(role=ChatMessage.Role.USER).order_by("-created_at", "-id").first()
    if last is None or last.role != ChatMessage.Role.ASSISTANT or not last.tool_used:
        return None
    used = last.tool_used
    return assistant_ai.ToolRequest(str(used.get("tool", "")), dict(used.get("params") or {}), str(used.get("call_id", "")))


def chat_turn(*, room: ChatRoom, user, message: str, history: list[dict] | None, tool_result: dict | None,
              run_tools: bool, emit: Callable[[str, Any], None]) -> ChatOutcome:
    """Answer one turn. `emit(kind, data)` receives "token" text pieces and "card" tool results as
    they happen; the returned outcome carries the documented final body."""
    pending = pending_tool(room)
    context = history if history is not None else room_history(room)
    if message:
        ChatMessage.objects.create(room=room, role=ChatMessage.Role.USER, content=message)
        if not room.title:
            room.title = " ".join(message.split())[:TITLE_CHARS]
    if tool_result is not None:
        ChatMessage.objects.create(room=room, role=ChatMessage.Role.TOOL, tool_result=tool_result,
                                   content=str(tool_result.get("tool", ""))[:100])
    turn = assistant_ai.ChatTurn(user=user, message=message, history=context, today=user_today(user),
                                 tool_result=tool_result, pending=pending, run_tools=run_tools)
    reply = assistant_ai.respond(turn, emit)
    citations = [c.as_dict() for c in reply.citations]
    record = ChatMessage.objects.create(
        room=room, role=ChatMessage.Role.ASSISTANT, content=reply.text or "",
        tool_used={**reply.tool.public(), "call_id": reply.tool.call_id} if reply.tool else None,
        citations=citations, cards=reply.cards, engine=reply.engine)
    room.updated_at = timezone.now()
    room.save(update_fields=["title", "updated_at"])
    if reply.tool is not None:
        body = {"message": "tool_required", "data": {"success": True, "response": None,
                                                      "tool_used": reply.tool.public()}}
    else:
        ran = reply.tools_ran[-1].public() if reply.tools_ran and run_tools else None
        body = {"message": "chat_response", "data": {"success": True, "response": reply.text or "",
                                                      "tool_used": ran}}
    return ChatOutcome(body=body, citations=citations, cards=reply.cards, engine=reply.engine, message_id=record.pk)
