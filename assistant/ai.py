"""The assistant's AI task: answer one chat turn, from the user's documents (RAG) and tools.

`respond()` takes a `ChatTurn` and returns a `ChatReply`: either text (with the passages it
cites) or a tool the client must run (`tool`). Text is streamed through `emit("token", text)`
as it is produced; a tool the server ran is shown through `emit("card", card)`. Engines:
`local` (intent rules in assistant/local), `openai` (tool calling over ai.llm.stream, with
the retrieved passages in the system prompt) and `embedded` (assistant/embedded.py: the rules,
with answers about documents written by the packaged model).
"""
from __future__ import annotations

import json
import re

import ai
from ai import fallback
from assistant import embedded, local, tools
from assistant.local import rag
from assistant.types import ChatReply, ChatTurn, Citation, Emit, ToolRequest, card_for, citation_url

MAX_TOOL_ROUNDS = 3
HISTORY_MESSAGES = 20


def respond(turn: ChatTurn, emit: Emit) -> ChatReply:
    if ai.engine() == "embedded":  # the rules lead; the packaged model writes answers about documents
        return embedded.respond(turn, emit)
    emitted: list[str] = []

    def tracked(kind: str, data) -> None:
        emitted.append(kind)
        emit(kind, data)

    return fallback.run("assistant_chat", lambda: _openai_respond(turn, tracked), lambda: local.respond(turn, emit),
                        committed=lambda: bool(emitted))


# --------------------------------------------------------------------------- openai engine
SYSTEM = """You are the assistant of an interview-preparation service for job seekers.
Answer in the user's language ({language}). Today is {today} ({weekday}); the time zone is Asia/Seoul.
Facts about the user come only from the numbered passages of their own documents below, or from tool
results. Cite passages as [n] right after the sentence that uses them. When the passages do not contain
the answer, say plainly that their documents do not mention it; never invent experience, numbers or
dates. Use the tools for the hiring calendar (get_schedule, add_schedule), past mock interviews
(get_interview_history) and match reports (get_match_report); resolve relative dates ("this week",
"next Friday") to YYYY-MM-DD yourself.

Passages from the user's documents:
{passages}"""
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def passages_for(turn: ChatTurn, query: str, k: int = 5) -> list[Citation]:
    return rag.retrieve(turn.user, query, k=k)


def _system(turn: ChatTurn, citations: list[Citation]) -> str:
    lines = [f"[{c.n}] {c.title} ({c.doc_type}{', p.' + str(c.page) if c.page else ''}): {c.quote}" for c in citations]
    return SYSTEM.format(language="Korean" if turn.language == "ko" else "English", today=turn.today.isoformat(),
                         weekday=WEEKDAYS[turn.today.weekday()], passages="\n".join(lines) or "(none found)")


def _openai_respond(turn: ChatTurn, emit: Emit) -> ChatReply:
    from ai import llm

    query = turn.message or " ".join(m.get("content", "") for m in turn.history[-1:] if m.get("role") == "user")
    citations = passages_for(turn, query) if query.strip() else []
    messages: list[dict] = [{"role": "system", "content": _system(turn, citations)}]
    messages += [{"role": m["role"], "content": m["content"]} for m in turn.history[-HISTORY_MESSAGES:]]
    if turn.tool_result is not None:
        pending = turn.pending or ToolRequest(str(turn.tool_result.get("tool", "")), {}, "call_client")
        call_id = pending.call_id or "call_client"
        messages.append({"role": "assistant", "content": None, "tool_calls": [{
            "id": call_id, "type": "function",
            "function": {"name": pending.tool, "arguments": json.dumps(pending.params, ensure_ascii=False)}}]})
        messages.append({"role": "tool", "tool_call_id": call_id,
                         "content": json.dumps(turn.tool_result, ensure_ascii=False)[:12000]})
    if turn.message:
        messages.append({"role": "user", "content": turn.message})
    reply = ChatReply(text=None, engine=ai.engine())
    for _round in range(MAX_TOOL_ROUNDS + 1):
        done = None
        for event in llm.stream(messages, tools=tools.DEFINITIONS, purpose="assistant_chat"):
            if event.kind == "delta":
                emit("token", event.text)
            else:
                done = event
        if done is None or not done.tool_calls:
            reply.text = (done.text if done else "").strip()
            break
        call = done.tool_calls[0]
        request = ToolRequest(call.name, dict(call.arguments), call.id)
        if call.name in tools.TOOLS_RUN_BY_CLIENT and not turn.run_tools:
            reply.tool = request
            return reply
        result = tools.run(turn.user, call.name, call.arguments)
        reply.tools_ran.append(request)
        if call.name == "search_documents" and result.get("success"):
            found = _citations_from_search(result["data"], start=len(citations) + 1)
            citations.extend(found)
            result = {**result, "data": [{"n": c.n, "title": c.title, "page": c.page, "text": c.quote} for c in found]}
        else:
            card = card_for(result, call.arguments)
            reply.cards.append(card)
            emit("card", card)
        messages.append({"role": "assistant", "content": done.text or None,
                         "tool_calls": [call.as_message_part()]})
        messages.append({"role": "tool", "tool_call_id": call.id,
                         "content": json.dumps(result, ensure_ascii=False, default=str)[:12000]})
    cited = {int(n) for n in re.findall(r"\[(\d{1,2})\]", reply.text or "")}
    reply.citations = [c for c in citations if c.n in cited]
    return reply


def _citations_from_search(items: list[dict], *, start: int) -> list[Citation]:
    return [Citation(n=start + i, document_pk=item["document_pk"], document_id=item["document_id"], title=item["title"],
                     doc_type=item["doc_type"], page=item["page"], chunk_id=item["chunk_id"], quote=item["text"][:600],
                     url=citation_url(item["doc_type"], item["document_pk"], item["page"]))
            for i, item in enumerate(items)]
