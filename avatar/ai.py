"""The avatar's own AI task: the spoken acknowledgement before the next question.

Questions, follow-ups and evaluations are the mock-interview brain's (interviews.ai via
interviews.services); this module only adds the short reaction the interviewer speaks first,
streamed so speech can begin while the next question is still being chosen.
Engines: `local` (avatar/local/lines.py rules) and `openai` (ai.llm.stream, one sentence).
"""
from __future__ import annotations

import logging
from typing import Iterator

import ai
from ai import providers
from ai.errors import AIError
from avatar.local import lines
from avatar.types import AckInput, AckPiece

logger = logging.getLogger(__name__)
LANGUAGE_NAMES = {"ko": "Korean", "en": "English", "ja": "Japanese"}


def acknowledgement_stream(inp: AckInput) -> Iterator[AckPiece]:
    """Text pieces of one sentence; the local rules give it whole, the openai engine token by token."""
    if providers.serves("avatar_ack"):
        from ai import llm

        messages = [
            {"role": "system", "content": (
                "You are a warm, professional job interviewer speaking aloud. React to the candidate's "
                "last answer in ONE short sentence (at most 20 words) that names something specific they "
                "said. Do not ask a question. Write in " + LANGUAGE_NAMES.get(inp.language, "Korean") + ".")},
            {"role": "user", "content": f"Question: {inp.question}\nAnswer: {inp.answer}"
             + ("\n(The candidate interrupted you to answer.)" if inp.interrupted else "")},
        ]
        produced = False
        try:
            for event in llm.stream(messages, temperature=0.4, max_tokens=80, purpose="avatar_ack"):
                if event.kind == "delta" and event.text:
                    produced = True
                    yield AckPiece(event.text, ai.engine())
            if produced:
                return
        except AIError as exc:
            if produced:
                return  # what was said stands; the question follows
            logger.warning("acknowledgement stream failed (%s); using the local line", exc.code)
    yield AckPiece(lines.acknowledgement(inp.answer, inp.language), "local")
