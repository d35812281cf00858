"""The assistant under AI_ENGINE=embedded: the rules (assistant/local) find the intent, run the
tools and retrieve the passages; the packaged model writes the answer to a question about the
user's documents from those passages only. Its JSON is schema-checked, the sentences it quotes
(its grammar allows only the passages' own sentences) are checked against the passages and decide
the citations, and it has the time budget of ai.embedded_llm; otherwise ai.fallback gives the
rules' extractive answer (engine "local" with fallback_reason). Either way an `author` event says
which engine wrote it.
"""
from __future__ import annotations

import re

from ai import fallback
from ai.errors import LLMError
from ai.nlp.text import split_sentences
from ai.status import engine_label
from assistant import local
from assistant.local import intents, rag
from assistant.types import ChatReply, ChatTurn, Citation, Emit, stream_text

MAX_TOKENS = 200
PASSAGE_CHARS = 350
QUOTE_CHARS = 90
MAX_QUOTES = 12


def _squash(text: str) -> str:
    return " ".join((text or "").split())


def quotable(citations: list[Citation]) -> list[str]:
    """The sentences of the passages, as the model may quote them (its grammar allows only these)."""
    out: list[str] = []
    for c in citations:
        for sentence in split_sentences(_squash(c.quote)[:PASSAGE_CHARS]):
            sentence = sentence.strip()[:QUOTE_CHARS].strip()
            if len(sentence) >= 4 and sentence not in out:
                out.append(sentence)
    return out[:MAX_QUOTES]


def answer_schema(quotes: list[str]) -> dict:
    return {
        "type": "object",
        "properties": {
            "answer": {"type": "string", "minLength": 2, "maxLength": 300},
            "quotes": {"type": "array", "minItems": 1, "maxItems": 2, "items": {"type": "string", "enum": quotes}},
        },
        "required": ["answer", "quotes"],
    }


def check_answer(data: dict, citations: list[Citation], language: str) -> list[Citation]:
    """The passages the answer's quotes come from; raises LLMError when a quote is in none of them
    or the answer is not in the user's language."""
    used = []
    for quote in data["quotes"]:
        passage = next((c for c in citations if _squash(quote) in _squash(c.quote)), None)
        if passage is None:
            raise LLMError("LLM_INVALID_RESPONSE", "The answer quotes words that are in none of the passages.")
        if passage not in used:
            used.append(passage)
    if (language == "ko") != bool(re.search(r"[가-힣]", data["answer"])):
        raise LLMError("LLM_INVALID_RESPONSE", "The answer is not in the user's language.")
    return used


def write_answer(message: str, citations: list[Citation], language: str) -> tuple[str, list[Citation]]:
    """(answer with [n] marks, the passages it cites) written by the embedded model."""
    from ai import llm

    quotes = quotable(citations)
    if not quotes:
        raise LLMError("LLM_INVALID_RESPONSE", "The passages have no sentence to quote.")
    passages = "\n".join(f"[{c.n}] {c.title}: {_squash(c.quote)[:PASSAGE_CHARS]}" for c in citations)
    messages = [
        {"role": "system", "content": (
            "Answer the job seeker's question in one to three sentences ("
            + ("Korean, 존댓말" if language == "ko" else "English") + ") using only the passages from their own "
            "documents. Never invent facts. In quotes, give the passage sentences your answer rests on.")},
        {"role": "user", "content": f"Passages:\n{passages}\n\nQuestion: {message}"},
    ]
    data = llm.chat_json(messages, schema=answer_schema(quotes), name="answer", purpose="assistant_answer",
                         max_tokens=MAX_TOKENS, temperature=0.0)
    used = check_answer(data, citations, language)
    text = _squash(data["answer"])
    marks = " ".join(f"[{c.n}]" for c in used if f"[{c.n}]" not in text)
    return (f"{text} {marks}".strip(), used)


def respond(turn: ChatTurn, emit: Emit) -> ChatReply:
    intent = intents.detect(turn.message, turn.today, turn.history) if turn.tool_result is None else None
    if intent is None or intent.tool or intent.kind in ("help", "greeting", "thanks"):
        emit("author", {"engine": "local", "label": engine_label("local")})
        return local.respond(turn, emit)
    text, citations = rag.answer(turn.user, turn.message, turn.language)

    def rules() -> ChatReply:
        emit("author", {"engine": "local", "label": engine_label("local")})
        stream_text(text, emit)
        return ChatReply(text=text, citations=citations, intent="documents")

    if not citations:  # nothing to answer from: the rules say so, the model is not asked
        return rules()

    def model() -> ChatReply:  # nothing reaches the user before the model's answer has passed its checks
        answer, used = write_answer(turn.message, citations, turn.language)
        emit("author", {"engine": "embedded", "label": engine_label("embedded")})
        stream_text(answer, emit)
        return ChatReply(text=answer, citations=used, engine="embedded", intent="documents")

    return fallback.run("assistant_answer", model, rules)
