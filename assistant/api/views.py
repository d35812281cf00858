"""Seed 000 §5 `POST /ai/chat` (SSE) and the assistant page's own streaming endpoint.

Stream: `event: start` {engine, room_id}, `event: token` {text} pieces (the typing effect),
`event: card` for a tool the server ran (page only), `event: citations` {citations: [...]} when
the answer quotes the user's documents, then `event: complete` whose data is exactly the
documented body (`chat_response` or `tool_required`). Errors before the stream are plain JSON
in the seed 000 envelope; after it started they arrive as `event: error` with that envelope.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Mapping

from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.views import APIView

import ai
from ai.errors import AIError
from assistant import selectors, services
from assistant.tools import TOOL_NAMES
from core.errors import ApiError, seed000_body
from core.parsers import SMALL_BODY_BYTES, BoundedJSONParser
from core.sse import StreamNegotiation, openapi_event_stream, sse_response

logger = logging.getLogger(__name__)

MAX_MESSAGE = 4000
MAX_HISTORY = 50
MAX_HISTORY_CONTENT = 8000
MAX_LABEL = 200

CHAT_EXAMPLE = {"message": "chat_response", "data": {"success": True, "response": "이력서 작성 팁을 알려드릴게요...",
                                                      "tool_used": None}}
CITATION_EXAMPLE = {"n": 1, "document_pk": 7, "document_id": "resume_001", "title": "이력서", "doc_type": "resume",
                    "page": 1, "chunk_id": 42, "quote": "결제 시스템 개발 3년", "url": "/documents/7"}
TOOL_EXAMPLE = {"message": "tool_required", "data": {"success": True, "response": None, "tool_used": {
    "tool": "get_schedule", "params": {"start_date": "2026-01-06", "end_date": "2026-01-12"}}}}


class ChatBodyParser(BoundedJSONParser):
    limit = 4 * SMALL_BODY_BYTES


def _invalid(detail: str) -> ApiError:
    return ApiError(400, "invalid_request", detail, number=4000)


def _missing(names: list[str]) -> ApiError:
    return ApiError(400, "missing_required_field", f"Missing: {', '.join(names)}", number=4003)


def _text(value, name: str, limit: int) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise _invalid(f"{name} must be a string.")
    value = str(value)
    if "\x00" in value:
        raise _invalid(f"{name} contains a NUL character.")
    if len(value) > limit:
        raise _invalid(f"{name} is longer than {limit} characters.")
    return value.strip()


def _history(value) -> list[dict] | None:
    if value is None:
        return None
    if not isinstance(value, list) or len(value) > MAX_HISTORY:
        raise _invalid(f"history must be a list of at most {MAX_HISTORY} messages.")
    out = []
    for item in value:
        if not isinstance(item, Mapping) or item.get("role") not in ("user", "assistant"):
            raise _invalid('Each history item is {"role": "user"|"assistant", "content": "..."}.')
        content = _text(item.get("content"), "history content", MAX_HISTORY_CONTENT)
        if content:
            out.append({"role": item["role"], "content": content})
    return out


def _tool_result(value) -> dict | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise _invalid("tool_result must be an object.")
    tool = value.get("tool")
    if not isinstance(tool, str) or tool not in TOOL_NAMES:
        raise _invalid(f"tool_result.tool must be one of: {', '.join(TOOL_NAMES)}.")
    if "\\u0000" in json.dumps(value, default=str):
        raise _invalid("tool_result contains a NUL character.")
    success = value.get("success", True)
    if not isinstance(success, bool):
        raise _invalid("tool_result.success must be true or false.")
    return {**dict(value), "tool": tool, "success": success}


def stream_error(exc: BaseException) -> tuple[str, dict]:
    if isinstance(exc, AIError):
        logger.warning("chat stream failed: %s %s", exc.code, exc.message)
        return "error", seed000_body("ai_service_unavailable", 5031)
    logger.exception("chat stream failed")
    return "error", seed000_body("internal_server_error", 5000)


def chat_stream(*, room, user, message: str, history, tool_result, run_tools: bool):
    engine = ai.engine()

    def produce(stream):
        stream.send("start", {"engine": engine, "room_id": room.client_room_id or room.pk})

        def emit(kind: str, data) -> None:
            if kind == "token":
                stream.send("token", {"text": data})
            else:
                stream.send(kind, data)

        outcome = services.chat_turn(room=room, user=user, message=message, history=history,
                                     tool_result=tool_result, run_tools=run_tools, emit=emit)
        if outcome.citations:
            stream.send("citations", {"citations": outcome.citations})
        stream.send("complete", outcome.body)

    response = sse_response(produce, on_error=stream_error)
    response["X-AI-Engine"] = engine
    return response


class ChatView(APIView):
    parser_classes = [ChatBodyParser]
    content_negotiation_class = StreamNegotiation

    @extend_schema(
        tags=["seed 000 · assistant"], summary="Chat: RAG over my documents + agent tools (seed 000 §5, SSE)",
        description=(
            "`room_id` and `user_id` are the client's labels: the room belongs to the authenticated caller "
            "(the same label from another account is another room). `message` is required unless `tool_result` "
            "is given. Without `history` the room's stored conversation is used; a sent `history` is used as is. "
            "Document questions are answered from the caller's own documents (hybrid search) with [n] citations "
            "(document and page, also sent as an `event: citations` frame); when the documents do not say, the "
            "answer says so. Schedule, interview-history and match-report questions end with `tool_required` "
            "(tools: get_schedule{start_date,end_date}, add_schedule{title,date,time}, get_interview_history"
            "{limit}, get_match_report{posting_id}); send the result back as `tool_result` {tool, success, data} "
            "in the same room and the answer is written from it. Stream frames: start, token {text}, citations, "
            "complete (the documented body). Errors: 400 missing_required_field 4003, invalid_request 4000; "
            "after the stream started, `event: error` with ai_service_unavailable 5031 or internal_server_error 5000."),
        request=inline_serializer("ChatRequest", {
            "room_id": serializers.CharField(), "user_id": serializers.CharField(),
            "message": serializers.CharField(required=False),
            "history": serializers.ListField(child=serializers.DictField(), required=False),
            "tool_result": serializers.DictField(required=False)}),
        responses={(200, "text/event-stream"): openapi_event_stream(
            "`start` {engine, room_id}, `author` {engine, label} when the engine is known, `token` {text} "
            "pieces, `citations` when the answer quotes the caller's documents, then `complete` whose data is "
            "the documented body: `chat_response`, or `tool_required` e.g. "
            + json.dumps(TOOL_EXAMPLE, ensure_ascii=False),
            [("start", {"engine": "local", "room_id": "room_001"}), ("author", {"engine": "local", "label": "local"}),
             ("token", {"text": "이력서 작성 팁을 "}), ("token", {"text": "알려드릴게요... [1]"}),
             ("citations", {"citations": [CITATION_EXAMPLE]}), ("complete", CHAT_EXAMPLE)]),
            400: OpenApiResponse(description="missing_required_field 4003, invalid_request 4000")},
    )
    def post(self, request):
        data = request.data
        if not isinstance(data, Mapping):
            raise _invalid("The request body must be a JSON object.")
        room_id = _text(data.get("room_id"), "room_id", MAX_LABEL)
        user_id = _text(data.get("user_id"), "user_id", MAX_LABEL)
        message = _text(data.get("message"), "message", MAX_MESSAGE)
        tool_result = _tool_result(data.get("tool_result"))
        missing = [name for name, value in (("room_id", room_id), ("user_id", user_id)) if not value]
        if not message and tool_result is None:
            missing.append("message")
        if missing:
            raise _missing(missing)
        history = _history(data.get("history"))
        room = services.room_for_label(owner=request.user, room_id=room_id, client_user_id=user_id)
        return chat_stream(room=room, user=request.user, message=message, history=history, tool_result=tool_result,
                           run_tools=False)


class RoomMessageView(APIView):
    """The assistant page: the server runs tools itself and shows them as cards."""

    parser_classes = [ChatBodyParser]
    content_negotiation_class = StreamNegotiation

    @extend_schema(tags=["assistant page"], summary="Send a message in one of my rooms (SSE; tools run on the server)",
                   request=inline_serializer("RoomMessageRequest", {"message": serializers.CharField()}),
                   responses={(200, "text/event-stream"): openapi_event_stream(
                       "Like `POST /ai/chat`, with `card` frames for the tools the server ran.",
                       [("start", {"engine": "local", "room_id": 1}), ("author", {"engine": "local", "label": "local"}),
                        ("token", {"text": "다음 주 일정입니다."}), ("citations", {"citations": [CITATION_EXAMPLE]}),
                        ("card", {"tool": "get_schedule", "params": {"start_date": "2026-01-05", "end_date": "2026-01-11"},
                                  "success": True, "data": [], "error": ""}),
                        ("complete", CHAT_EXAMPLE)])})
    def post(self, request, pk: int):
        room = selectors.room_or_404(request.user, pk)
        data = request.data if isinstance(request.data, Mapping) else None
        if data is None:
            raise _invalid("The request body must be a JSON object.")
        message = _text(data.get("message"), "message", MAX_MESSAGE)
        if not message:
            raise _missing(["message"])
        return chat_stream(room=room, user=request.user, message=message, history=None, tool_result=None,
                           run_tools=True)
