"""Typed inputs and outputs of the assistant's chat turn, shared by its engines (assistant.local's
rules, assistant.embedded, assistant.ai's model server), which assistant.ai re-exports; and how a
reply reaches the page: `Emit` events, the typing effect, tool cards, citation links."""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Callable

from django.urls import reverse

from ai.nlp.text import detect_language

Emit = Callable[[str, Any], None]


@dataclass
class Citation:
    n: int
    document_pk: int
    document_id: str
    title: str
    doc_type: str
    page: int | None
    chunk_id: int
    quote: str
    url: str = ""  # where the passage can be read: the document's page, or the interview's result

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class ToolRequest:
    tool: str
    params: dict
    call_id: str = ""

    def public(self) -> dict:
        return {"tool": self.tool, "params": self.params}


@dataclass
class ChatTurn:
    user: Any
    message: str
    history: list[dict]  # [{"role": "user"|"assistant", "content": str}]
    today: date
    tool_result: dict | None = None  # the client's result for `pending`
    pending: ToolRequest | None = None  # the tool the room is waiting on
    run_tools: bool = False  # our page: the server runs tools itself
    language: str = ""

    def __post_init__(self) -> None:
        if not self.language:
            basis = self.message or " ".join(m.get("content", "") for m in self.history[-2:] if m.get("role") == "user")
            self.language = detect_language(basis) if basis.strip() else "ko"


@dataclass
class ChatReply:
    text: str | None
    tool: ToolRequest | None = None
    citations: list[Citation] = field(default_factory=list)
    cards: list[dict] = field(default_factory=list)
    tools_ran: list[ToolRequest] = field(default_factory=list)
    engine: str = "local"
    intent: str = ""
    fallback_reason: str = ""  # the AI error code when the model server failed before its first word


def stream_text(text: str, emit: Emit, *, size: int = 12) -> None:
    """The typing effect for text that is ready at once: word-aligned pieces of about `size` characters."""
    piece = ""
    for part in re.findall(r"\S+\s*|\s+", text):
        piece += part
        if len(piece) >= size:
            emit("token", piece)
            piece = ""
    if piece:
        emit("token", piece)


def card_for(result: dict, params: dict) -> dict:
    """What the page shows for a tool the server ran."""
    return {"tool": result.get("tool"), "params": params, "success": bool(result.get("success")),
            "data": result.get("data"), "error": result.get("error", "")}


def citation_url(doc_type: str, pk: int, page: int | None) -> str:
    if doc_type == "interview":
        return reverse("interviews:result", args=[pk])
    return reverse("documents:detail", args=[pk]) + (f"#page-{page}" if page else "")
