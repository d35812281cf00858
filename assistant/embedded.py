"""The assistant under AI_ENGINE=embedded: the rules (assistant/local) find the intent, run the
tools and retrieve the passages; the packaged model writes the answer to a question about the
user's documents from those passages only. Its JSON is schema-checked, every quote it cites must
occur in the passage it names, and it has the time budget of ai.embedded_llm; otherwise the
rules' extractive answer is given. Either way an `author` event says which engine wrote it.
"""
from __future__ import annotations

import logging
import re

from ai.errors import AIError, LLMError
from ai.status import engine_label
from assistant.ai import ChatReply, ChatTurn, Citation, Emit, stream_text

logger = logging.getLogger(__name__)

ANSWER_SCHEMA = {
    "type": "object",
    "properties": {
        "answer": {"type": "string", "minLength": 2, "maxLength": 300},
        "citations": {"type": "array", "minItems": 1, "maxItems": 3, "items": {
            "type": "object",
            "properties": {"n": {"type": "integer", "minimum": 1, "maximum": 9},
                           "quote": {"type": "string", "minLength": 2, "maxLength": 80}},
            "required": ["n", "quote"]}},
    },
    "required": ["answer", "citations"],
}
MAX_TOKENS = 200
PASSAGE_CHARS = 350


def _squash(text: str) -> str:
    return " ".join((text or "").split())


def check_answer(data: dict, citations: list[Citation], language: str) -> list[Citation]:
    """The passages the model's answer really cites; raises LLMError when a citation is not real."""
    by_n = {c.n: c for c in citations}
    used = []
    for item in data["citations"]:
        passage = by_n.get(item["n"])
        if passage is None:
            raise LLMError("LLM_INVALID_RESPONSE", f"The answer cites passage [{item['n']}], which was not given.")
        if _squash(item["quote"]) not in _squash(passage.quote):
            raise LLMError("LLM_INVALID_RESPONSE", f"The answer's quote is not in passage [{item['n']}].")
        if passage not in used:
            used.append(passage)
    if (language == "ko") != bool(re.search(r"[가-힣]", data["answer"])):
        raise LLMError("LLM_INVALID_RESPONSE", "The answer is not in the user's language.")
    return used


def write_answer(message: str, citations: list[Citation], language: str) -> tuple[str, list[Citation]]:
    """(answer with [n] marks, the passages it cites) written by the embedded model."""
    from ai import llm

    passages = "\n".join(f"[{c.n}] {c.title}: {_squash(c.quote)[:PASSAGE_CHARS]}" for c in citations)
    messages = [
        {"role": "system", "content": (
            "Answer the job seeker's question in one to three sentences ("
            + ("Korean, 존댓말" if language == "ko" else "English") + ") using only the numbered passages from "
            "their own documents. Never invent facts. For each passage used give its number n and a short quote "
            "copied exactly from it.")},
        {"role": "user", "content": f"Passages:\n{passages}\n\nQuestion: {message}"},
    ]
    data = llm.chat_json(messages, schema=ANSWER_SCHEMA, name="answer", purpose="assistant_answer",
                         max_tokens=MAX_TOKENS, temperature=0.0)
    used = check_answer(data, citations, language)
    text = _squash(data["answer"])
    marks = " ".join(f"[{c.n}]" for c in used if f"[{c.n}]" not in text)
    return (f"{text} {marks}".strip(), used)


def respond(turn: ChatTurn, emit: Emit) -> ChatReply:
    from assistant import local
    from assistant.local import intents, rag

    intent = intents.detect(turn.message, turn.today, turn.history) if turn.tool_result is None else None
    if intent is None or intent.tool or intent.kind in ("help", "greeting", "thanks"):
        emit("author", {"engine": "local", "label": engine_label("local")})
        return local.respond(turn, emit)
    text, citations = rag.answer(turn.user, turn.message, turn.language)
    if citations:  # the rules found passages to answer from: the model writes the answer
        try:
            answer, used = write_answer(turn.message, citations, turn.language)
        except AIError as exc:
            logger.warning("embedded model's answer not used (%s: %s); the rules answer", exc.code, exc.message)
        else:
            emit("author", {"engine": "embedded", "label": engine_label("embedded")})
            stream_text(answer, emit)
            return ChatReply(text=answer, citations=used, engine="embedded", intent="documents")
    emit("author", {"engine": "local", "label": engine_label("local")})
    stream_text(text, emit)
    return ChatReply(text=text, citations=citations, intent="documents")
