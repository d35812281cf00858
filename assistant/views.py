"""The assistant page: rooms on the left, the conversation in the middle, my documents beside it.
Messages are sent to `assistant:room-messages` (SSE through fetch); see static/assistant/chat.js."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

import ai
from assistant import selectors, services
from documents.selectors import documents_for


@login_required
@require_GET
def chat_home(request):
    room = selectors.rooms_for(request.user).first()
    if room is None:
        room = services.room_create(owner=request.user)
    return redirect("assistant:room", pk=room.pk)


@login_required
@require_POST
def room_new(request):
    room = services.room_create(owner=request.user)
    return redirect("assistant:room", pk=room.pk)


@login_required
@require_GET
def room_detail(request, pk: int):
    room = selectors.room_or_404(request.user, pk)
    return render(request, "assistant/chat.html", {
        "room": room, "rooms": selectors.rooms_for(request.user)[:30], "chat_messages": selectors.messages_of(room),
        "documents": list(documents_for(request.user)[:30]), "engine": ai.engine(),
        "examples": ["이번 주 일정 알려줘", "내 이력서에서 Kafka 경험은?", "지난 모의면접 피드백 정리해줘"],
    })


@login_required
@require_POST
def room_delete(request, pk: int):
    room = selectors.room_or_404(request.user, pk)
    services.room_delete(room=room)
    return redirect("assistant:chat")
