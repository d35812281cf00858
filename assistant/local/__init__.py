"""The local engine of the assistant: intent rules (assistant/local/intents.py), extractive answers
from the user's documents (rag.py) and answers written from tool results (answers.py)."""
from __future__ import annotations

from assistant import tools
from assistant.types import ChatReply, ChatTurn, Emit, ToolRequest, card_for, stream_text
from assistant.local import answers, intents, rag


def respond(turn: ChatTurn, emit: Emit) -> ChatReply:
    ko = turn.language == "ko"
    if turn.tool_result is not None:
        params = turn.pending.params if turn.pending and turn.pending.tool == turn.tool_result.get("tool") else {}
        text = answers.from_tool(turn.tool_result, params, language=turn.language, today=turn.today)
        stream_text(text, emit)
        return ChatReply(text=text, intent="tool_result")
    intent = intents.detect(turn.message, turn.today, turn.history)
    if intent.tool:
        request = ToolRequest(intent.tool, intent.params)
        if intent.tool in tools.TOOLS_RUN_BY_CLIENT and not turn.run_tools:
            return ChatReply(text=None, tool=request, intent=intent.kind)
        result = tools.run(turn.user, request.tool, request.params)
        card = card_for(result, request.params)
        emit("card", card)
        text = answers.from_tool(result, request.params, language=turn.language, today=turn.today)
        stream_text(text, emit)
        return ChatReply(text=text, cards=[card], tools_ran=[request], intent=intent.kind)
    if intent.kind in ("help", "greeting", "thanks"):
        text = answers.thanks_text(ko) if intent.kind == "thanks" else answers.help_text(ko)
        stream_text(text, emit)
        return ChatReply(text=text, intent=intent.kind)
    text, citations = rag.answer(turn.user, turn.message, turn.language)
    stream_text(text, emit)
    return ChatReply(text=text, citations=citations, intent="documents")
