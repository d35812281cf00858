"""The interview's AI tasks: typed inputs and outputs, prompts and dispatch. Each task has a
`local` engine (the rules in interviews/local/) and a model-server engine (ai.providers);
ai.fallback decides which answers. The packaged `embedded` model is asked only for what a small
model does well: it words the rules' follow-up around the candidate's own phrase and writes the
report's summary (schema-checked, its quote checked against the answers, within a time budget);
planning and evaluation stay with the rules under it.

- `next_question`: the first question from the posting, the resume and the cover letter's
  invited questions; then a follow-up on what the last answer left out (numbers, own role,
  result, reasons) or on a technology it named, otherwise a new competency. Never a repeat.
- `plan_questions`: five questions at once for seed 002 sessions.
- `evaluate_answer`: a rubric score (relevance, STAR structure, specificity, length, fluency)
  and feedback that quotes the answer.
- `write_report`: total score, grade, patterns across answers and a learning guide.

The openai engine asks for JSON that matches a schema and checks what comes back (no repeated
question, quotes that really occur in the answer); the local rules supply its hints.
"""
from __future__ import annotations

import logging
import re

from django.utils.translation import gettext_lazy as _

import ai
from ai import fallback
from ai.nlp import korean
from interviews.local import analysis, evaluation, questions, report
from interviews.types import (
    MAX_TURNS, AnsweredTurn, Evaluation, InterviewContext, MaxQuestionsReached, PastTurn, Question, Report, Retriever,
)

logger = logging.getLogger(__name__)


# ============================================================================ shared helpers

def answer_facts(answer: str, language: str) -> analysis.AnswerFacts:
    """What an answer contains (numbers, own role, result, method, skills); public for other apps' rules."""
    return analysis.analyse(answer, language)


# ============================================================================ next question

def next_question(ctx: InterviewContext, history: list[PastTurn], *, retrieve: Retriever | None = None) -> Question:
    if len(history) >= MAX_TURNS:
        raise MaxQuestionsReached
    if ai.engine() == "embedded":  # the rules choose the question; the model only words a follow-up
        rules = questions.local_next_question(ctx, history, retrieve=retrieve)
        return fallback.run("interview_question", lambda: _embedded_next_question(ctx, history, rules),
                            lambda: rules)
    return fallback.run("interview_question", lambda: _openai_next_question(ctx, history, retrieve),
                        lambda: questions.local_next_question(ctx, history, retrieve=retrieve))


QUESTION_SCHEMA = {
    "type": "object",
    "properties": {
        "question": {"type": "string", "minLength": 8, "maxLength": 600},
        "is_followup": {"type": "boolean"},
        "followup_reason": {"type": "string", "enum": ["method", "numbers", "role", "result", "reasons", "skill", "none"]},
        "competency": {"type": "string", "maxLength": 60},
        "skill": {"type": "string", "maxLength": 60},
    },
    "required": ["question", "is_followup", "followup_reason", "competency"],
}


def _passages_block(passages: list[dict]) -> str:
    return "\n".join(f"- [{p.get('doc_type', 'document')}] {analysis.shorten(p.get('text', ''), 300)}"
                     for p in passages) or "(none)"


def _context_block(ctx: InterviewContext) -> str:
    return "\n".join([
        f"Interview type: {ctx.interview_type}. Language of every question: "
        f"{'Korean (존댓말)' if ctx.language == 'ko' else 'English'}.",
        f"Position: {ctx.position or '(not given)'}; company: {ctx.company or '(not given)'}.",
        f"Posting requirements: {'; '.join(ctx.requirements[:8]) or '(none)'}",
        f"Required skills: {', '.join(ctx.required_skills) or '(none)'}; preferred: "
        f"{', '.join(ctx.preferred_skills) or '(none)'}",
        f"Resume (excerpt): {ctx.resume_text[:1500] or '(none)'}",
        f"Cover letter (excerpt): {ctx.cover_letter_text[:1500] or '(none)'}",
        f"Questions the cover letter invites: {'; '.join(ctx.invited_questions[:5]) or '(none)'}",
    ])


def _openai_next_question(ctx: InterviewContext, history: list[PastTurn], retrieve: Retriever | None) -> Question:
    from ai import llm
    local = questions.local_next_question(ctx, history, retrieve=retrieve)  # hints and grounding for the model
    passages = local.grounding or questions.ground(ctx, retrieve, (history[-1].answer if history else ctx.posting_summary()))
    transcript = "\n".join(f"Q{t.order}: {t.question}\nA{t.order}: {t.answer or '(no answer)'}" for t in history)
    hints = []
    if history and history[-1].answer:
        facts = analysis.analyse(history[-1].answer, ctx.language)
        hints.append(f"The last answer lacks: {', '.join(facts.gaps(ctx.interview_type)) or 'nothing obvious'}; "
                     f"technologies it names: {', '.join(s['name'] for s in facts.skills) or 'none'}.")
    messages = [
        {"role": "system", "content": (
            "You are an experienced interviewer running a five-question mock interview. Ask exactly one "
            "question. If the last answer leaves out measurable results, the candidate's own role, the "
            "outcome or the reasons, or names a technology worth probing, ask a follow-up about that "
            "(is_followup=true); otherwise move to a new competency. Ground questions in the candidate's "
            "documents. Never repeat an earlier question.")},
        {"role": "user", "content": "\n\n".join([
            _context_block(ctx),
            f"Passages from the candidate's documents:\n{_passages_block(passages)}",
            f"Interview so far (question {len(history) + 1} of {MAX_TURNS} comes next):\n{transcript or '(none)'}",
            *hints,
        ])},
    ]
    data = llm.chat_json(messages, schema=QUESTION_SCHEMA, name="interview_question", purpose="interview_question")
    text = " ".join(str(data["question"]).split())
    if analysis.normalise_question(text) in questions.asked(history):
        logger.warning("model repeated an earlier question; using the local engine's question instead")
        local.reason = str(_("The model repeated an earlier question; the rule-based question was used."))
        return local
    reason = data.get("followup_reason") or "none"
    is_followup = bool(data.get("is_followup")) and bool(history)
    kind = f"followup:{reason}" if is_followup and reason != "none" else ("opening" if not history else "competency")
    return Question(text=text, is_followup=is_followup, kind=kind, competency=str(data.get("competency") or "")[:60],
                    skill=str(data.get("skill") or "")[:60], grounding=passages, engine=ai.engine(),
                    reason=local.reason if local.kind == kind else "")


# ---------------------------------------------------------------------------- embedded engine
# The rules decide what to ask (which gap, which technology); the small packaged model only words
# the follow-up around the candidate's own phrase. Short prompts and outputs: ~16 tokens/s on 2 cores.

PHRASE_SCHEMA = {
    "type": "object",
    "properties": {
        "quote": {"type": "string", "minLength": 2, "maxLength": 40},
        "question": {"type": "string", "minLength": 8, "maxLength": 160},
    },
    "required": ["quote", "question"],
}
GAP_ASK = {"method": "what exactly they did and how", "numbers": "a measurable result (a number)",
           "role": "what they did themselves", "result": "what the outcome was",
           "reasons": "why they chose that", "skill": "how they used the technology {skill}"}
EMBEDDED_MAX_TOKENS = 120


def _squash(text: str) -> str:
    return " ".join((text or "").split())


def check_phrased(text: str, quote: str, source: str, lang: str) -> str:
    """'' when a model-written question is usable; otherwise what is wrong with it."""
    if _squash(quote) not in _squash(source):
        return "its quote does not occur in the answer"
    if lang == "ko" and not re.search(r"[가-힣]", text):
        return "it is not in Korean"
    if lang == "en" and re.search(r"[가-힣]", text):
        return "it is not in English"
    if lang == "ko" and korean.particle_errors(text):
        return "wrong particles: " + ", ".join(korean.particle_errors(text)[:3])
    if not text.rstrip().endswith(("?", "까", "요", "세요.")):
        return "it is not a question"
    return ""


def phrase_followup(ctx: InterviewContext, answer: str, question: Question) -> Question:
    """The rules' follow-up worded by the embedded model; raises LLMError when it is not usable."""
    from ai import llm
    from ai.errors import LLMError

    lang = questions.lang_code(ctx)
    gap = question.kind.split(":", 1)[1]
    ask = GAP_ASK.get(gap, GAP_ASK["method"]).format(skill=question.skill)
    messages = [
        {"role": "system", "content": (
            "You are a friendly job interviewer. Write ONE short follow-up question ("
            + ("polite Korean, 존댓말" if lang == "ko" else "English") + f") that asks {ask}. Start from a short "
            "phrase copied exactly from the candidate's answer (give it as quote). At most two sentences.")},
        {"role": "user", "content": f"Answer: {analysis.shorten(answer, 400)}\nRule-based draft: {question.text}"},
    ]
    data = llm.chat_json(messages, schema=PHRASE_SCHEMA, name="followup", purpose="interview_followup_phrase",
                         max_tokens=EMBEDDED_MAX_TOKENS, temperature=0.0)
    text = _squash(data["question"])
    problem = check_phrased(text, data["quote"], answer, lang)
    if problem:
        raise LLMError("LLM_INVALID_RESPONSE", f"The model's follow-up was not used: {problem}.")
    return Question(text=text, is_followup=True, kind=question.kind, competency=question.competency,
                    skill=question.skill, reason=question.reason, grounding=question.grounding, engine=ai.engine())


def _embedded_next_question(ctx: InterviewContext, history: list[PastTurn], rules: Question) -> Question:
    """`rules`' follow-up worded by the embedded model; other questions come from the rules' bank as
    they are (labelled local: the model was not asked). Raises LLMError when the wording is unusable."""
    from ai.errors import LLMError
    if not (rules.is_followup and history and history[-1].answer.strip()):
        return rules
    phrased = phrase_followup(ctx, history[-1].answer, rules)
    if analysis.normalise_question(phrased.text) in questions.asked(history):
        raise LLMError("LLM_INVALID_RESPONSE", "The model's follow-up repeats an earlier question.")
    return phrased


# ============================================================================ five at once (seed 002)

PLAN_SCHEMA = {
    "type": "object",
    "properties": {"questions": {"type": "array", "items": {"type": "string", "minLength": 8, "maxLength": 600},
                                 "minItems": 5, "maxItems": 5}},
    "required": ["questions"],
}


def plan_questions(ctx: InterviewContext, *, retrieve: Retriever | None = None, count: int = MAX_TURNS) -> list[Question]:
    """Questions asked up front (no answers yet, so no follow-ups): opening, then competencies."""
    history: list[PastTurn] = []
    planned: list[Question] = []
    for order in range(1, count + 1):
        question = questions.local_next_question(ctx, history, retrieve=retrieve)
        planned.append(question)
        history.append(PastTurn(order=order, question=question.text, kind=question.kind,
                                competency=question.competency, skill=question.skill))
    return fallback.run("interview_plan", lambda: _openai_plan(ctx, planned), lambda: planned)


def _openai_plan(ctx: InterviewContext, planned: list[Question]) -> list[Question]:
    from ai import llm

    messages = [
        {"role": "system", "content": (
            "You are an experienced interviewer. Write the five questions of a mock interview, from an "
            "opening question to deeper ones, each about a different competency, in the requested language.")},
        {"role": "user", "content": _context_block(ctx) + "\n\nPassages from the candidate's documents:\n"
         + _passages_block([p for q in planned for p in q.grounding][:5])},
    ]
    data = llm.chat_json(messages, schema=PLAN_SCHEMA, name="interview_plan", purpose="interview_plan")
    seen: set[str] = set()
    out: list[Question] = []
    for text, local in zip(data["questions"], planned):
        text = " ".join(str(text).split())
        key = analysis.normalise_question(text)
        if key in seen:  # a duplicate from the model is replaced by the rule-based question
            out.append(local)
            seen.add(analysis.normalise_question(local.text))
            continue
        seen.add(key)
        out.append(Question(text=text, kind=local.kind, competency=local.competency, grounding=local.grounding,
                            engine=ai.engine()))
    return out


def fallback_questions(ctx: InterviewContext) -> list[Question]:
    """Seed 002's documented fallback: fixed questions, used when generation fails or times out."""
    return questions.fallback_questions(ctx)


# ============================================================================ answer evaluation

EVALUATION_SCHEMA = {
    "type": "object",
    "properties": {
        "score": {"type": "integer", "minimum": 0, "maximum": 100},
        "feedback": {"type": "string", "minLength": 1},
        "keywords": {"type": "array", "items": {"type": "string"}, "maxItems": 8},
        "strengths": {"type": "array", "items": {"type": "string"}, "maxItems": 5},
        "improvements": {"type": "array", "items": {"type": "string"}, "maxItems": 5},
        "evidence": {"type": "array", "maxItems": 5, "items": {
            "type": "object", "properties": {"quote": {"type": "string"}, "note": {"type": "string"}},
            "required": ["quote", "note"]}},
    },
    "required": ["score", "feedback", "keywords", "strengths", "improvements", "evidence"],
}


def _quote_in(quote: str, answer: str) -> bool:
    squash = lambda s: re.sub(r"\s+", " ", s).strip().strip("“”\"'‘’.…").lower()  # noqa: E731
    q = squash(quote)
    return len(q) >= 4 and q in squash(answer)


def evaluate_answer(ctx: InterviewContext, question: str, answer: str, *, delivery: dict | None = None) -> Evaluation:
    local = evaluation.local_evaluate(ctx, question, answer, delivery=delivery)
    if not (answer or "").strip():
        return local
    return fallback.run("interview_evaluation", lambda: _openai_evaluate(ctx, question, answer, local), lambda: local)


def _openai_evaluate(ctx: InterviewContext, question: str, answer: str, local: Evaluation) -> Evaluation:
    from ai import llm

    messages = [
        {"role": "system", "content": (
            "You evaluate one answer in a mock job interview. Score 0-100 for relevance, structure "
            "(situation, task, action, result), specificity (numbers, named technologies, reasons), "
            "length and fluency. Feedback must quote the answer word for word in `evidence`. Write in "
            + ("Korean." if ctx.language == "ko" else "English."))},
        {"role": "user", "content": "\n\n".join([
            _context_block(ctx), f"Question: {question}", f"Answer: {answer}",
            f"Rule-based rubric for reference: {local.rubric} (score {local.score}).",
        ])},
    ]
    data = llm.chat_json(messages, schema=EVALUATION_SCHEMA, name="answer_evaluation", purpose="interview_evaluation")
    evidence = [e for e in data["evidence"] if _quote_in(e.get("quote", ""), answer)]
    dropped = len(data["evidence"]) - len(evidence)
    if dropped:
        logger.info("dropped %d evidence quotes that do not occur in the answer", dropped)
    return Evaluation(
        score=int(data["score"]), feedback=str(data["feedback"]).strip(),
        keywords=[str(k) for k in data["keywords"]][:8], strengths=[str(s) for s in data["strengths"]][:5],
        improvements=[str(s) for s in data["improvements"]][:5], evidence=evidence or local.evidence,
        rubric={**local.rubric, "model_score": int(data["score"])}, engine=ai.engine(),
    )


# ============================================================================ final report

REPORT_SCHEMA = {
    "type": "object",
    "properties": {
        "total_feedback": {"type": "string", "minLength": 1},
        "strength_patterns": {"type": "array", "items": {"type": "string"}, "maxItems": 5},
        "weakness_patterns": {"type": "array", "items": {"type": "string"}, "maxItems": 5},
        "learning_guide": {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 6},
        "turn_feedback": {"type": "array", "items": {
            "type": "object", "properties": {"turn": {"type": "integer"}, "feedback": {"type": "string"}},
            "required": ["turn", "feedback"]}},
    },
    "required": ["total_feedback", "strength_patterns", "weakness_patterns", "learning_guide", "turn_feedback"],
}


def write_report(ctx: InterviewContext, turns: list[AnsweredTurn]) -> Report:
    local = report.local_report(ctx, turns)
    remote = _embedded_summary if ai.engine() == "embedded" else _openai_report
    return fallback.run("interview_report", lambda: remote(ctx, turns, local), lambda: local)


SUMMARY_SCHEMA = {
    "type": "object",
    "properties": {
        "quote": {"type": "string", "minLength": 2, "maxLength": 40},
        "summary": {"type": "string", "minLength": 20, "maxLength": 320},
    },
    "required": ["quote", "summary"],
}


def _embedded_summary(ctx: InterviewContext, turns: list[AnsweredTurn], local: Report) -> Report:
    """The local report with its overall feedback written by the embedded model (raises LLMError)."""
    from ai import llm
    from ai.errors import LLMError

    lang = questions.lang_code(ctx)
    answered = [t for t in turns if t.answer.strip()]
    if not answered:
        return local
    lines = [f"A{t.order} (score {t.evaluation.get('score', '?')}): {analysis.shorten(t.answer, 160)}" for t in answered]
    messages = [
        {"role": "system", "content": (
            "You summarise a mock job interview for the candidate in two or three sentences ("
            + ("polite Korean, 존댓말" if lang == "ko" else "English") + "): the main strength, the main thing "
            "to improve, one concrete next step. Use only the facts given. quote: a short phrase copied exactly "
            "from one answer.")},
        {"role": "user", "content": "\n".join([*lines, f"Overall score: {local.total_score} ({local.grade})",
                                               "Strengths: " + "; ".join(local.strength_patterns[:2]),
                                               "Weaknesses: " + "; ".join(local.weakness_patterns[:2])])},
    ]
    data = llm.chat_json(messages, schema=SUMMARY_SCHEMA, name="report_summary", purpose="interview_report_summary",
                         max_tokens=2 * EMBEDDED_MAX_TOKENS, temperature=0.0)
    summary = _squash(data["summary"])
    if not any(_squash(data["quote"]) in _squash(t.answer) for t in answered):
        raise LLMError("LLM_INVALID_RESPONSE", "The model's summary quotes words the candidate did not say.")
    if (lang == "ko") != bool(re.search(r"[가-힣]", summary)) or (lang == "ko" and korean.particle_errors(summary)):
        raise LLMError("LLM_INVALID_RESPONSE", "The model's summary is not clean text in the session's language.")
    return Report(local.total_score, local.grade, local.strength_patterns, local.weakness_patterns,
                  local.learning_guide, summary, local.turn_feedback, local.delivery_summary, ai.engine())


def _openai_report(ctx: InterviewContext, turns: list[AnsweredTurn], local: Report) -> Report:
    from ai import llm

    transcript = "\n\n".join(
        f"[Q{t.order}] {t.question}\n[A{t.order}] {t.answer or '(no answer)'}\n"
        f"[score] {t.evaluation.get('score')} — {t.evaluation.get('feedback', '')}" for t in turns)
    messages = [
        {"role": "system", "content": (
            "You write the final report of a mock interview: overall feedback, strength and weakness "
            "patterns across the answers, a concrete learning guide and one feedback paragraph per turn. "
            "Write in " + ("Korean." if ctx.language == "ko" else "English."))},
        {"role": "user", "content": _context_block(ctx) + "\n\n" + transcript
         + f"\n\nDelivery measured from the recordings: {local.delivery_summary or 'no audio'}"},
    ]
    data = llm.chat_json(messages, schema=REPORT_SCHEMA, name="interview_report", purpose="interview_report")
    orders = {t.order for t in turns if t.answer.strip()}
    turn_feedback = dict(local.turn_feedback)
    for item in data["turn_feedback"]:
        if item.get("turn") in orders and str(item.get("feedback") or "").strip():
            turn_feedback[item["turn"]] = str(item["feedback"]).strip()
    # The score stays the mean of the per-answer scores so the report agrees with the answers.
    return Report(local.total_score, local.grade, [str(s) for s in data["strength_patterns"]][:5] or local.strength_patterns,
                  [str(s) for s in data["weakness_patterns"]][:5] or local.weakness_patterns,
                  [str(s) for s in data["learning_guide"]][:6], str(data["total_feedback"]).strip(), turn_feedback,
                  local.delivery_summary, ai.engine())
