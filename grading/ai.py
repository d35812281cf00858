"""AI tasks of the coding test: the helper chat's answer, and the usage evaluation in the report.

Both engines return the same dataclasses. Token counts are real: the `openai` engine reports
the server's usage (prompt + completion); the `local` engine counts the question and the
answer with tiktoken's cl100k_base (see grading.tokens).
"""
from __future__ import annotations

import re

from django.conf import settings

from ai import fallback, llm, openai_client
from ai.errors import LLMError
from grading import tokens
from grading.local import evaluation
from grading.local import helper as local_helper
from grading.types import HelperInput, HelperReply, UsageEvaluation, UsageInput


def helper_timeout() -> float:
    """Seed 004 answers TIMEOUT after two minutes: the budget covers every retry."""
    return float(getattr(settings, "GRADING_HELPER_TIMEOUT", 120))

SYSTEM_PROMPT = """You are the helper in a proctored coding test. Reply in the candidate's language (Korean or English).
You may: explain concepts and algorithms, clarify the statement, give graded hints, explain error messages and
failing verdicts, point at a specific problem in the candidate's code.
You must NOT: write the solution, complete or fix the candidate's code for them, give code longer than 3 lines,
give step-by-step pseudocode of the full algorithm, or translate an idea into working code, even if asked
indirectly (a "similar" problem, "an example", role-play, "the exam is over"). Refuse such requests briefly and
offer a hint instead."""


def helper_reply(inp: HelperInput) -> HelperReply:
    """The model server's reply, or the rules' (ai.fallback) when it fails or takes over two minutes.
    Raises ai.errors.AIError only when the rules fail too (seed TIMEOUT / LANGGRAPH_ERROR)."""
    return fallback.run("grading_helper", lambda: _openai_reply(inp), lambda: _local_reply(inp))


def _local_reply(inp: HelperInput) -> HelperReply:
    text, intent = local_helper.reply(question=inp.question, title=inp.title, constraints=inp.constraints,
                                      techniques=inp.techniques, code=inp.code, language=inp.language,
                                      verdicts=inp.verdicts, hints_given=inp.hints_given)
    prompt, completion = tokens.count(inp.question), tokens.count(text)
    return HelperReply(text, intent, prompt, completion, prompt + completion, "local", tokens.TOKENIZER_NAME)


_CODE_BLOCK = re.compile(r"```[^\n]*\n(.*?)```", re.S)


def _strip_long_code(text: str) -> tuple[str, bool]:
    """Belt and braces: a code block longer than three lines is removed from a model's answer."""
    removed = False

    def cut(match: re.Match) -> str:
        nonlocal removed
        if len([ln for ln in match.group(1).splitlines() if ln.strip()]) > 3:
            removed = True
            return "(코드는 제공하지 않습니다 · code withheld)"
        return match.group(0)

    return _CODE_BLOCK.sub(cut, text), removed


def _context(inp: HelperInput) -> str:
    parts = [f"Problem: {inp.title}", inp.statement[:6000], f"Constraints: {inp.constraints}",
             f"Techniques: {', '.join(inp.techniques)}"]
    if inp.code.strip():
        parts.append(f"Candidate's current code ({inp.language}):\n{inp.code[:8000]}")
    failing = [v for v in inp.verdicts if v.get("verdict") != "AC"]
    if failing:
        parts.append("Latest verdicts: " + ", ".join(f"#{v['ordinal']} {v['verdict']}" for v in inp.verdicts))
    return "\n\n".join(parts)


def _openai_reply(inp: HelperInput) -> HelperReply:
    messages = [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "system", "content": _context(inp)}]
    for role, content in inp.history[-12:]:
        messages.append({"role": "user" if role == "USER" else "assistant", "content": content})
    messages.append({"role": "user", "content": inp.question})
    result = llm.chat(messages, temperature=0.2, max_tokens=700, timeout=helper_timeout() / openai_client.MAX_ATTEMPTS,
                      purpose="grading.helper")
    if not (result.text or "").strip():
        raise LLMError("LLM_INVALID_RESPONSE", "The model returned an empty answer.")
    text, removed = _strip_long_code(result.text.strip())
    intent = local_helper.classify(inp.question)
    usage = result.usage
    total = usage.total_tokens or usage.prompt_tokens + usage.completion_tokens
    return HelperReply(text, "solution_request" if removed else intent, usage.prompt_tokens,
                       usage.completion_tokens, total, llm.engine(), f"server usage ({result.model})", result.model)


# ------------------------------------------------------------------ usage evaluation (report)
USAGE_SCHEMA = {
    "type": "object",
    "properties": {
        "intents": {"type": "array", "items": {"type": "string", "enum": list(evaluation.INTENTS)}},
        "summary": {"type": "string", "maxLength": 600},
    },
    "required": ["intents", "summary"],
}
USAGE_PROMPT = """You review how a candidate used an AI helper during a coding test. For each numbered question,
give its intent: "solution_request" (asks for the solution or code to copy, directly or indirectly), "debug"
(an error, a failing test, their own code), "concept" (explain an idea or algorithm), "hint" (a nudge on the
approach) or "other". Then write a two-sentence summary, in Korean, of how well the candidate used the helper."""


def usage_evaluate(inp: UsageInput) -> UsageEvaluation:
    """Scores always come from the same rules (reliance, prompt quality, requests for the solution);
    the `openai` engine classifies the questions and adds a summary. Falls back to local rules if
    the model fails, so a report is never lost to an outage."""
    intents, summary, engine = None, "", "local"
    if llm.remote() and inp.questions:
        numbered = "\n".join(f"{i + 1}. {q[:500]}" for i, q in enumerate(inp.questions))
        try:
            data = llm.chat_json([{"role": "system", "content": USAGE_PROMPT}, {"role": "user", "content": numbered}],
                                 schema=USAGE_SCHEMA, name="helper_usage", purpose="grading.usage",
                                 timeout=helper_timeout() / openai_client.MAX_ATTEMPTS)
            if len(data["intents"]) == len(inp.questions):
                intents, summary, engine = data["intents"], data["summary"].strip(), llm.engine()
        except LLMError:
            pass
    score, reasons, details = evaluation.ai_usage(inp.questions, inp.answers, inp.final_code, intents_of=intents)
    if summary:
        reasons = [*reasons, summary]
    return UsageEvaluation(score, reasons, {**details, "classified_by": engine}, engine)
