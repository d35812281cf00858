"""The interview's AI tasks, each with a `local` and an `openai` engine (settings.AI_ENGINE);
under `embedded` the packaged model rephrases the rules' follow-ups and writes the report's summary
(schema-checked, its quote checked against the answer, within a time budget, the rules otherwise).

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
import math
import re
from dataclasses import asdict, dataclass, field
from typing import Callable

from django.utils.translation import gettext_lazy as _

import ai
from ai.nlp import korean
from interviews import analysis, bank

logger = logging.getLogger(__name__)

MAX_TURNS = 5
# Skill dictionary groups that are not technologies to drill into.
NON_TECH_GROUPS = {"soft_skills", "business", "marketing", "healthcare"}
Retriever = Callable[[str], list[dict]]  # query -> passages [{"text", "score", "doc_type", ...}]


# ============================================================================ inputs and outputs

@dataclass
class InterviewContext:
    interview_type: str = "technical"  # "personality" | "technical"
    language: str = "ko"
    position: str = ""
    company: str = ""
    posting_text: str = ""
    requirements: list[str] = field(default_factory=list)
    responsibilities: list[str] = field(default_factory=list)
    required_skills: list[str] = field(default_factory=list)
    preferred_skills: list[str] = field(default_factory=list)
    resume_text: str = ""
    cover_letter_text: str = ""
    invited_questions: list[str] = field(default_factory=list)  # the cover letter's expected questions

    def __post_init__(self):
        # The position is a title, never body text pasted into the title field ("백엔드 개발자. 자격요건: …").
        self.position = clean_position(self.position)

    @property
    def position_label(self) -> str:
        if self.position:
            return self.position
        return "지원 직무" if self.language == "ko" else "this"

    def posting_summary(self) -> str:
        parts = [self.position, self.company, *self.requirements[:6], *self.responsibilities[:4],
                 ", ".join(self.required_skills + self.preferred_skills)]
        summary = " ".join(p for p in parts if p)
        return summary or self.posting_text[:1500]


@dataclass
class PastTurn:
    order: int
    question: str
    answer: str = ""
    kind: str = ""
    competency: str = ""
    skill: str = ""
    is_followup: bool = False


@dataclass
class Question:
    text: str
    is_followup: bool = False
    kind: str = "competency"  # opening | invited | posting_skill | competency | followup:<gap> | followup:skill
    competency: str = ""
    skill: str = ""
    reason: str = ""  # why this question, in the session language (shown on the result page)
    grounding: list[dict] = field(default_factory=list)
    engine: str = "local"
    ground_query: str = ""  # retrieval is run only for the candidate that gets asked


class MaxQuestionsReached(Exception):
    pass


# ============================================================================ shared helpers

def engine() -> str:
    return ai.engine()


def clean_position(position: str) -> str:
    position = " ".join((position or "").split())
    if not position:
        return ""
    if len(position) <= 40 and not re.search(r"[:：\n]|[.。!?]\s", position):
        return position.rstrip(".。")
    from postings.local import role_title

    return role_title(position)


def ko_text(text: str) -> str:
    """Korean text with every particle marker (을(를), (이)라고, (으)로서 …) resolved."""
    return korean.resolve(text)


# Without a position the templates are reworded rather than filled with a placeholder noun.
NO_POSITION = [("{position} 직무", "지원 직무"), ("{position}(으)로서", "이 직무에서"), ("{position} 업무", "지원 직무 업무"),
               ("the {position} role", "this role"), ("as a {position}", "in this role")]


def _fmt(template: str, ctx: InterviewContext, **values: str) -> str:
    if not ctx.position.strip():
        for placeholder, wording in NO_POSITION:
            template = template.replace(placeholder, wording)
    company = ctx.company.strip()
    return ko_text(template.format(
        position=ctx.position_label, company=f"{company} " if company else "",
        company_en=f" at {company}" if company else "", **values,
    ))


def _lang(ctx_or_lang) -> str:
    language = ctx_or_lang if isinstance(ctx_or_lang, str) else ctx_or_lang.language
    return "en" if language == "en" else "ko"


def passage_quote(passage: dict, query: str, limit: int = 44) -> str:
    """The sentence of a passage that shares most words with the query, shortened."""
    from ai.nlp.text import stems

    wanted = set(stems(query))
    best, best_hits = "", -1
    for sentence in analysis.split_sentences(passage.get("text", "")):
        if len(sentence) < 6:
            continue
        hits = len(wanted & set(stems(sentence)))
        if hits > best_hits:
            best, best_hits = sentence, hits
    return analysis.shorten(best, limit) if best else ""


def _ground(ctx: InterviewContext, retrieve: Retriever | None, query: str, min_score: float = 0.0) -> list[dict]:
    if retrieve is None or not query.strip():
        return []
    try:
        passages = retrieve(query)
    except Exception:  # noqa: BLE001 - retrieval only enriches a question; it must never block it
        logger.exception("passage retrieval failed")
        return []
    return [p for p in passages if float(p.get("score") or 0) >= min_score][:3]


def _grounded_text(ctx: InterviewContext, question: str, passages: list[dict], query: str) -> str:
    """Prefix a question with a quote from the user's own document when one fits."""
    from ai.nlp.text import stems

    if not passages:
        return question
    top = passages[0]
    quote = passage_quote(top, query)
    if not quote or not (set(stems(query)) & set(stems(quote))):
        return question
    kind = top.get("doc_type") or "other"
    if kind == "job_posting":
        return question  # quoting the posting back is not about the candidate
    prefix = bank.GROUNDED_PREFIX.get(kind, bank.GROUNDED_PREFIX["other"])[_lang(ctx)]
    return ko_text(prefix.format(quote=quote)) + question


def _asked(history: list[PastTurn]) -> set[str]:
    return {analysis.normalise_question(t.question) for t in history}


def _skills_discussed(history: list[PastTurn]) -> set[str]:
    return {t.skill.lower() for t in history if t.skill}


def _trailing_followups(history: list[PastTurn]) -> int:
    count = 0
    for turn in reversed(history):
        if not turn.is_followup:
            break
        count += 1
    return count


# ============================================================================ next question

def next_question(ctx: InterviewContext, history: list[PastTurn], *, retrieve: Retriever | None = None) -> Question:
    if len(history) >= MAX_TURNS:
        raise MaxQuestionsReached
    if engine() == "openai":
        return _openai_next_question(ctx, history, retrieve)
    if engine() == "embedded":
        return _embedded_next_question(ctx, history, retrieve)
    return local_next_question(ctx, history, retrieve=retrieve)


GAP_REASON = {
    "method": {"ko": "직전 답변에서 무엇을 어떻게 했는지가 드러나지 않았습니다.", "en": "The last answer did not say what was actually done."},
    "numbers": {"ko": "직전 답변에 성과를 보여 주는 수치가 없습니다.", "en": "The last answer gave no measurable result."},
    "role": {"ko": "직전 답변에서 본인의 역할이 드러나지 않았습니다.", "en": "The last answer did not say what you did yourself."},
    "result": {"ko": "직전 답변에 결과가 빠져 있습니다.", "en": "The last answer left out the outcome."},
    "reasons": {"ko": "직전 답변에 선택의 이유가 없습니다.", "en": "The last answer did not explain why."},
}
CORE_GAPS = ("method", "role", "result", "numbers")


def followup_gaps(answer: str, language: str, interview_type: str = "technical") -> list[str]:
    """What a follow-up would ask about, most important first; empty for a non-answer.
    The answer's evaluation lists its improvements in this same order."""
    facts = analysis.analyse(answer, language)
    return facts.gaps(interview_type) if facts.substantive else []


def followup_text(gap: str, facts: analysis.AnswerFacts, lang: str) -> str:
    quote = analysis.quote_for_gap(facts, gap)
    template = bank.FOLLOWUP[gap][lang]
    if gap == "method" and facts.has_role:
        template = bank.FOLLOWUP_METHOD_OWN[lang]
    return ko_text(template.format(quote=quote))


def followup_candidates(ctx: InterviewContext, history: list[PastTurn]) -> list[Question]:
    """Follow-ups on the last answer, most useful first (empty when a new topic is due): what it
    left out (how, who, what came of it, how much), then a technology it named, then why.
    At most two follow-ups deep on one topic; a non-answer moves on."""
    if not history or not history[-1].answer.strip():
        return []
    if _trailing_followups(history) >= 2:  # two follow-ups in a row: time for a new topic
        return []
    lang = _lang(ctx)
    last = history[-1]
    facts = analysis.analyse(last.answer, ctx.language)
    if not facts.substantive:
        return []
    recent_kinds = {t.kind for t in history[-2:]}
    gaps: list[Question] = []
    for gap in facts.gaps(ctx.interview_type):
        if f"followup:{gap}" in recent_kinds:
            continue  # asked just now; pressing again on the same gap helps nobody
        gaps.append(Question(
            text=followup_text(gap, facts, lang), is_followup=True, kind=f"followup:{gap}",
            competency=last.competency or "followup", skill=last.skill, reason=GAP_REASON[gap][lang],
        ))
    skill_questions = []
    if ctx.interview_type == "technical":
        discussed = _skills_discussed(history[:-1]) | {
            t.skill.lower() for t in history if t.kind == "followup:skill"}
        for skill in facts.skills:
            name = skill["name"]
            if name.lower() in discussed or skill.get("group") in NON_TECH_GROUPS:
                continue
            template = bank.SKILL_DEEP_DIVE.get(name.lower()) or bank.GROUP_DEEP_DIVE.get(
                skill.get("group") or "", bank.GROUP_DEEP_DIVE["default"])
            text = ko_text(template[lang].format(skill=name))
            reason = (ko_text(f"직전 답변에서 언급한 {name}을(를) 깊이 확인합니다.") if lang == "ko"
                      else f"Going deeper on {name}, which the last answer named.")
            skill_questions.append(Question(text=text, is_followup=True, kind="followup:skill",
                                            competency=last.competency or "followup", skill=name, reason=reason))
    core = [q for q in gaps if q.kind.split(":")[1] in CORE_GAPS]
    rest = [q for q in gaps if q.kind.split(":")[1] not in CORE_GAPS]
    return core + skill_questions + rest


def opening_candidates(ctx: InterviewContext, retrieve: Retriever | None) -> list[Question]:
    lang = _lang(ctx)
    out: list[Question] = []
    for invited in ctx.invited_questions[:2]:
        if invited.strip():
            out.append(Question(text=invited.strip(), kind="invited", competency="invited",
                                reason="자기소개서 피드백의 예상 질문입니다." if lang == "ko"
                                else "A question your cover letter invites."))
    # The requirement the user's documents speak to most strongly opens a technical interview.
    best = None
    for requirement in ctx.requirements[:6]:
        passages = _ground(ctx, retrieve, requirement)
        score = float(passages[0].get("score") or 0) if passages else 0.0
        if best is None or score > best[0]:
            best = (score, requirement, passages)
    if best is not None:
        _, requirement, passages = best
        text = _fmt(bank.REQUIREMENT_OPENING[lang], ctx, requirement=analysis.shorten(requirement, 60))
        question = Question(text=text, kind="opening", competency="opening", grounding=passages,
                            reason="공고의 자격요건과 지원자 문서를 연결한 첫 질문입니다." if lang == "ko"
                            else "Opens with a requirement of the posting, tied to your documents.")
        if ctx.interview_type == "technical":
            out.insert(0, question)
        else:
            out.append(question)
    query = " ".join([ctx.position, *ctx.required_skills[:3]]) or ctx.resume_text[:200]
    generic = _fmt(bank.OPENING[ctx.interview_type if ctx.interview_type in bank.OPENING else "technical"][lang], ctx)
    out.append(Question(text=generic, kind="opening", competency="opening", ground_query=query,
                        reason="면접을 여는 질문입니다." if lang == "ko" else "The opening question."))
    return out


COMPETENCY_QUERIES = {
    "motivation": "지원 동기 관심 목표 motivation", "collaboration": "협업 팀 프로젝트 역할 team collaboration",
    "conflict": "갈등 의견 조율 disagreement", "failure": "실패 어려움 문제 failure",
    "growth": "학습 공부 자격증 성장 learning", "pressure": "마감 일정 우선순위 deadline",
    "ownership": "주도 개선 제안 initiative", "principles": "원칙 품질 윤리 principle",
    "customer": "사용자 고객 개선 user customer", "career": "목표 성장 커리어 career",
    "project": "프로젝트 개발 구현 설계 project", "troubleshooting": "장애 버그 해결 원인 incident bug",
    "performance": "성능 최적화 개선 응답 시간 performance", "design_tradeoff": "설계 선택 비교 아키텍처 design",
    "testing": "테스트 코드 리뷰 품질 test review", "data_modeling": "데이터베이스 스키마 모델링 database schema",
    "security": "보안 인증 개인정보 security", "learning_tech": "새로운 기술 학습 도입 learned",
    "collaboration_tech": "기획 협업 커뮤니케이션 stakeholder",
}


def competency_candidates(ctx: InterviewContext, history: list[PastTurn], retrieve: Retriever | None) -> list[Question]:
    lang = _lang(ctx)
    used = {t.competency for t in history}
    discussed = " ".join(t.question for t in history).lower()
    out: list[Question] = []
    if ctx.interview_type == "technical":
        for skill in ctx.required_skills + ctx.preferred_skills:
            if skill.lower() in discussed or skill.lower() in _skills_discussed(history):
                continue
            out.append(Question(text=ko_text(bank.POSTING_SKILL[lang].format(skill=skill)), kind="posting_skill",
                                competency="posting_skill", skill=skill, ground_query=skill,
                                reason=f"공고가 요구하는 {skill} 역량을 확인합니다." if lang == "ko"
                                else f"The posting asks for {skill}."))
            if len(out) >= 2:
                break
    for invited in ctx.invited_questions:
        if invited.strip():
            out.append(Question(text=invited.strip(), kind="invited", competency="invited",
                                reason="자기소개서 피드백의 예상 질문입니다." if lang == "ko"
                                else "A question your cover letter invites."))
    competencies = bank.TECHNICAL if ctx.interview_type == "technical" else bank.PERSONALITY
    for key, templates in competencies:
        if key in used:
            continue
        out.append(Question(text=_fmt(templates[lang], ctx), kind="competency", competency=key,
                            ground_query=COMPETENCY_QUERIES.get(key, key),
                            reason=(f"새로운 역량({bank.competency_label(key, lang)})을 확인합니다." if lang == "ko"
                                    else f"A new competency: {bank.competency_label(key, lang)}.")))
    # The other interview type's bank is the last resort so a long session never runs dry.
    other = bank.PERSONALITY if ctx.interview_type == "technical" else bank.TECHNICAL
    for key, templates in other:
        if key not in used:
            out.append(Question(text=_fmt(templates[lang], ctx), kind="competency", competency=key,
                                reason=bank.competency_label(key, lang)))
    return out


def local_next_question(ctx: InterviewContext, history: list[PastTurn], *,
                        retrieve: Retriever | None = None) -> Question:
    asked = _asked(history)
    if not history:
        candidates = opening_candidates(ctx, retrieve)
    else:
        candidates = followup_candidates(ctx, history) + competency_candidates(ctx, history, retrieve)
    for candidate in candidates:
        if candidate.ground_query and not candidate.grounding:
            candidate.grounding = _ground(ctx, retrieve, candidate.ground_query)
            candidate.text = _grounded_text(ctx, candidate.text, candidate.grounding, candidate.ground_query)
        candidate.text = ko_text(candidate.text)  # a marker left by any template is resolved here
        if analysis.normalise_question(candidate.text) not in asked:
            candidate.engine = "local"
            return candidate
    # Every template was used (only possible with odd histories): number the fallback to stay unique.
    lang = _lang(ctx)
    for n, template in enumerate(bank.FALLBACK[lang], start=1):
        text = _fmt(template, ctx)
        if analysis.normalise_question(text) not in asked:
            return Question(text=text, kind="competency", competency=f"fallback{n}", engine="local")
    raise MaxQuestionsReached


# ---------------------------------------------------------------------------- openai engine

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

    local = local_next_question(ctx, history, retrieve=retrieve)  # hints and grounding for the model
    passages = local.grounding or _ground(ctx, retrieve, (history[-1].answer if history else ctx.posting_summary()))
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
    if analysis.normalise_question(text) in _asked(history):
        logger.warning("model repeated an earlier question; using the local engine's question instead")
        local.reason = str(_("The model repeated an earlier question; the rule-based question was used."))
        return local
    reason = data.get("followup_reason") or "none"
    is_followup = bool(data.get("is_followup")) and bool(history)
    kind = f"followup:{reason}" if is_followup and reason != "none" else ("opening" if not history else "competency")
    return Question(text=text, is_followup=is_followup, kind=kind, competency=str(data.get("competency") or "")[:60],
                    skill=str(data.get("skill") or "")[:60], grounding=passages, engine="openai",
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
    """The rules' follow-up worded by the embedded model; raises LLMError (the caller keeps the rules')."""
    from ai import llm
    from ai.errors import LLMError

    lang = _lang(ctx)
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
                    skill=question.skill, reason=question.reason, grounding=question.grounding, engine="embedded")


def _embedded_next_question(ctx: InterviewContext, history: list[PastTurn], retrieve: Retriever | None) -> Question:
    from ai.errors import AIError

    question = local_next_question(ctx, history, retrieve=retrieve)
    if not (question.is_followup and history and history[-1].answer.strip()):
        return question  # opening and new-topic questions come from the rules' bank as they are
    try:
        phrased = phrase_followup(ctx, history[-1].answer, question)
    except AIError as exc:
        logger.warning("embedded model's follow-up not used (%s: %s); the rules' question is asked", exc.code, exc.message)
        return question
    if analysis.normalise_question(phrased.text) in _asked(history):
        return question
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
        question = local_next_question(ctx, history, retrieve=retrieve)
        planned.append(question)
        history.append(PastTurn(order=order, question=question.text, kind=question.kind,
                                competency=question.competency, skill=question.skill))
    if engine() != "openai":
        return planned
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
                            engine="openai"))
    return out


def fallback_questions(ctx: InterviewContext) -> list[Question]:
    """Seed 002's documented fallback: fixed questions, used when generation fails or times out."""
    return [Question(text=_fmt(t, ctx), kind="fallback", competency="fallback", engine="fallback")
            for t in bank.FALLBACK[_lang(ctx)]]


# ============================================================================ answer evaluation

WEIGHTS = {"relevance": 20, "structure": 25, "specificity": 25, "length": 15, "fluency": 15}
LENGTH_BANDS = {"ko": (30, 150), "en": (45, 220)}  # words (eojeol for Korean) of a 1–2 minute answer


def _clamp(value: float, lo: float = 0.0, hi: float = 1.0) -> float:
    return max(lo, min(hi, value))


def relevance(question: str, answer: str, posting: str = "") -> tuple[float, dict]:
    """Embedding similarity of the answer (whole, and its closest sentence) to the question and
    the posting, and the share of the question's content words the answer uses; any strong
    signal counts, since hashing vectors only see shared words and character n-grams."""
    from ai import embeddings
    from ai.nlp.text import stems

    sentences = [x for x in analysis.split_sentences(answer) if len(x) >= 8][:30]
    texts = [question, posting or "", answer, *sentences]
    vectors = embeddings.embed([t or " " for t in texts], engine="hashing")  # thresholds below are set on it
    q_vec, p_vec, answer_vecs = vectors[0], vectors[1], vectors[2:]
    sim_q = max(embeddings.cosine(q_vec, v) for v in answer_vecs)
    sim_p = max(embeddings.cosine(p_vec, v) for v in answer_vecs) if posting.strip() else 0.0
    q_words = {w for w in stems(question) if len(w) > 1}
    a_words = set(stems(answer))
    overlap = len(q_words & a_words) / len(q_words) if q_words else 0.0
    value = _clamp(max((sim_q - 0.03) / 0.27, 0.8 * (sim_p - 0.03) / 0.27, overlap / 0.4))
    return value, {"similarity_question": round(sim_q, 3), "similarity_posting": round(sim_p, 3),
                   "word_overlap": round(overlap, 3)}


def count_fillers(text: str, language: str) -> dict[str, int]:
    from ai.nlp import fillers

    return {k: int(v) for k, v in fillers.count_fillers(text or "", language).items() if v}


def _keywords(answer: str, facts: analysis.AnswerFacts, limit: int = 6) -> list[str]:
    """Named technologies first, then terms the answer keeps returning to."""
    from ai.nlp.keywords import extract_keywords

    out = [s["name"] for s in facts.skills][:4]
    seen = {k.lower() for k in out}
    extra = []
    for item in extract_keywords(answer or "", 12):
        term = item.term
        if term.lower() in seen or len(term) < 2:
            continue
        (out if (item.skill or item.count >= 2) else extra).append(term)
        seen.add(term.lower())
    return (out + extra)[:limit] if len(out) < 3 else out[:limit]


@dataclass
class Evaluation:
    score: int
    feedback: str
    keywords: list[str]
    strengths: list[str]
    improvements: list[str]
    evidence: list[dict]  # [{"quote": "…", "note": "…"}] — every quote occurs in the answer
    rubric: dict
    engine: str = "local"

    def as_dict(self) -> dict:
        return asdict(self)


def local_evaluate(ctx: InterviewContext, question: str, answer: str, *, delivery: dict | None = None) -> Evaluation:
    lang = _lang(ctx)
    answer = (answer or "").strip()
    if not answer:
        text = "답변이 없어 평가할 수 없습니다." if lang == "ko" else "There was no answer to evaluate."
        return Evaluation(0, text, [], [], [text], [], {k: 0 for k in WEIGHTS})
    facts = analysis.analyse(answer, ctx.language)
    rel, rel_detail = relevance(question, answer, ctx.posting_summary())
    structure = sum(facts.star.values()) / 4
    specificity = _clamp((0.4 if facts.numbers else 0) + (0.1 if len(facts.numbers) >= 2 else 0)
                         + (0.25 if facts.skills else 0) + (0.1 if len(facts.skills) >= 2 else 0)
                         + (0.15 if facts.has_reasons else 0) + (0.1 if facts.has_role else 0))
    low, high = LENGTH_BANDS[lang]
    if facts.words < low:
        length = _clamp((facts.words - 3) / (low - 3))
    elif facts.words > high:
        length = _clamp(1 - 0.4 * (facts.words - high) / high, 0.5)
    else:
        length = 1.0
    fillers = (delivery or {}).get("fillers") or count_fillers(answer, lang)
    filler_total = sum(fillers.values())
    rate = 100 * filler_total / max(1, facts.words)
    # Fluency needs enough words to show; a two-line answer does not earn full marks for it.
    fluency = _clamp(1 - rate / 10 - 0.08 * len(facts.hedges)) * min(1.0, facts.words / low)
    parts = {"relevance": rel, "structure": structure, "specificity": specificity, "length": length,
             "fluency": fluency}
    score = round(sum(WEIGHTS[k] * v for k, v in parts.items()))
    if facts.words < 5:  # a very short answer cannot be good however well its few words match
        score = min(score, 20)

    strengths, improvements, evidence = [], [], []
    ko = lang == "ko"
    if not facts.substantive:
        improvements.append("답변이 거의 없어 평가할 내용이 부족합니다. 모르는 주제라도 관련 경험이나 접근 방법을 설명해 보세요." if ko
                            else "There is too little in the answer to assess. Even on an unfamiliar topic, describe a related experience or how you would approach it.")
        if facts.hedges:
            improvements.append(f"‘{facts.hedges[0]}’처럼 자신 없는 표현으로 답을 끝내지 마세요." if ko
                                else f"Do not end on a hedge such as “{facts.hedges[0]}”.")
        rubric = {k: round(v * WEIGHTS[k]) for k, v in parts.items()}
        rubric["details"] = {**rel_detail, "words": facts.words, "numbers": len(facts.numbers), "star": facts.star,
                             "fillers": filler_total}
        return Evaluation(int(_clamp(score, 0, 100)), improvements[0], _keywords(answer, facts), [], improvements,
                          [], rubric, "local")

    def cite(pattern, note) -> str | None:
        quote = analysis.quote_sentence(facts, pattern)
        if quote:
            evidence.append({"quote": quote, "note": note})
        return quote

    # What the answer leaves out, in the order the next follow-up asks about it, so the first
    # improvement and the next question are about the same thing.
    gaps = facts.gaps(ctx.interview_type)
    gap_notes: dict[str, str] = {}
    if facts.numbers:
        quote = cite(analysis.NUMBERS, "수치로 제시한 성과" if ko else "measurable result")
        strengths.append(f"성과를 수치로 제시했습니다: “{quote}”" if ko else f"You quantified the result: “{quote}”")
    else:
        quote = analysis.quote_for_gap(facts, "numbers")
        gap_notes["numbers"] = (f"“{quote}” 부분에 전후를 비교할 수 있는 숫자(시간, 비율, 사용자 수)를 더하세요." if ko
                                else f"Add a number to “{quote}” (time, percentage, users) so the impact can be compared.")
    if not facts.has_method:
        quote = analysis.quote_for_gap(facts, "method")
        gap_notes["method"] = (f"“{quote}”만으로는 무엇을 어떻게 했는지 알 수 없습니다. 사용한 방법과 순서를 구체적으로 말하세요." if ko
                               else f"“{quote}” does not say what was actually done: name the method and the steps.")
    if facts.has_role:
        quote = cite(analysis.ROLE, "본인의 역할" if ko else "your own role")
        strengths.append(f"본인의 역할이 분명합니다: “{quote}”" if ko else f"Your own role is clear: “{quote}”")
    else:
        quote = analysis.quote_for_gap(facts, "role")
        gap_notes["role"] = (f"“{quote}”에서 팀이 아닌 본인이 직접 한 일을 ‘제가 ~했습니다’로 밝혀 주세요." if ko
                             else f"In “{quote}”, say what you did yourself (“I …”), not only what the team did.")
    if facts.has_result:
        quote = cite(analysis.RESULT if analysis.RESULT.search(answer) else analysis.CHANGE, "결과" if ko else "outcome")
        if quote and structure >= 0.75:
            strengths.append(f"상황-과제-행동-결과(STAR) 흐름이 갖춰져 있고 결과로 마무리했습니다: “{quote}”" if ko
                             else f"The answer follows situation–task–action–result and ends on the outcome: “{quote}”")
    else:
        quote = analysis.quote_for_gap(facts, "result")
        gap_notes["result"] = (f"“{quote}” 이후 무엇이 달라졌는지, 결과와 배운 점으로 답변을 마무리하세요." if ko
                               else f"After “{quote}”, finish with what changed and what you learned.")
    if facts.has_reasons:
        quote = cite(analysis.REASONS, "판단의 근거" if ko else "reasoning")
        strengths.append(f"선택의 이유를 설명했습니다: “{quote}”" if ko else f"You explained why: “{quote}”")
    elif ctx.interview_type == "technical":
        quote = analysis.quote_for_gap(facts, "reasons")
        gap_notes["reasons"] = (ko_text(f"“{quote}”(이)라고 했는데, 그렇게 한 이유와 검토한 대안을 함께 말하면 설득력이 커집니다.") if ko
                                else f"After “{quote}”, explain why you did it that way and which alternatives you weighed.")
    improvements.extend(gap_notes[g] for g in gaps if g in gap_notes)
    if facts.skills:
        names = ", ".join(s["name"] for s in facts.skills[:4])
        strengths.append(f"구체적인 기술을 근거로 들었습니다: {names}" if ko else f"You named concrete technologies: {names}")
    if rel >= 0.6:
        strengths.append("질문의 핵심에 맞춰 답했습니다." if ko else "You answered the question that was asked.")
    elif rel < 0.35:
        improvements.append("질문과 답변의 거리가 있습니다. 첫 문장에서 질문에 바로 답한 뒤 경험을 덧붙이세요." if ko
                            else "The answer drifts from the question: answer it directly in the first sentence, then add the example.")
    if facts.words < low:
        improvements.append(f"답변이 짧습니다({facts.words}단어). 상황·행동·결과를 모두 담아 1분 안팎으로 답해 보세요." if ko
                            else f"The answer is short ({facts.words} words). Cover situation, action and result in about a minute.")
    elif facts.words > high * 1.3:
        improvements.append(f"답변이 깁니다({facts.words}단어). 핵심 한 가지에 집중해 2분 안에 마무리하세요." if ko
                            else f"The answer is long ({facts.words} words). Focus on one point and finish within two minutes.")
    if filler_total >= 3 or rate >= 4:
        listed = ", ".join(f"‘{k}’ {v}회" if ko else f"“{k}” ×{v}" for k, v in sorted(fillers.items(), key=lambda kv: -kv[1])[:3])
        improvements.append(f"군말이 {filler_total}회 나왔습니다({listed}). 말을 고를 때는 잠시 멈추는 편이 낫습니다." if ko
                            else f"{filler_total} filler words ({listed}). A short silence sounds better than a filler.")
    if facts.hedges:
        quote = cite(analysis.HEDGES, "자신 없는 표현" if ko else "hedging")
        improvements.append(f"‘{facts.hedges[0]}’ 같은 표현은 자신감이 없어 보입니다: “{quote}”" if ko
                            else f"Hedges such as “{facts.hedges[0]}” undercut your point: “{quote}”")

    keywords = _keywords(answer, facts)
    if strengths and improvements:
        feedback = (f"{strengths[0]} 다만 {improvements[0]}" if ko else f"{strengths[0]} Next time: {improvements[0]}")
    elif strengths:
        feedback = (f"{strengths[0]} 구조와 근거가 갖춰진 좋은 답변입니다." if ko
                    else f"{strengths[0]} A well-built, well-supported answer.")
    else:
        feedback = (f"근거와 구조를 보완해야 하는 답변입니다({score}점). 가장 먼저: {improvements[0]}" if ko
                    else f"This answer needs more substance ({score} points). First: {improvements[0]}")
    rubric = {k: round(v * WEIGHTS[k]) for k, v in parts.items()}
    rubric["details"] = {**rel_detail, "words": facts.words, "numbers": len(facts.numbers),
                         "star": facts.star, "fillers": filler_total, "gaps": gaps}
    return Evaluation(int(_clamp(score, 0, 100)), feedback, keywords, strengths[:4], improvements[:4], evidence[:5],
                      rubric, "local")


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
    local = local_evaluate(ctx, question, answer, delivery=delivery)
    if engine() != "openai" or not (answer or "").strip():
        return local
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
        rubric={**local.rubric, "model_score": int(data["score"])}, engine="openai",
    )


# ============================================================================ final report

GRADES = [(90, "A+"), (85, "A"), (80, "A-"), (75, "B+"), (70, "B"), (65, "C+"), (60, "C"), (50, "D")]


def grade_for(score: float) -> str:
    for cutoff, grade in GRADES:
        if score >= cutoff:
            return grade
    return "F"


@dataclass
class AnsweredTurn:
    order: int
    question: str
    answer: str
    evaluation: dict
    delivery: dict | None = None
    competency: str = ""


@dataclass
class Report:
    total_score: int
    grade: str
    strength_patterns: list[str]
    weakness_patterns: list[str]
    learning_guide: list[str]
    total_feedback: str
    turn_feedback: dict[int, str]
    delivery_summary: dict
    engine: str = "local"

    def as_dict(self) -> dict:
        data = asdict(self)
        data["turn_feedback"] = {str(k): v for k, v in self.turn_feedback.items()}
        return data


def _share(count: int, total: int, lang: str) -> str:
    return f"{total}개 답변 중 {count}개" if lang == "ko" else f"{count} of {total} answers"


def delivery_summary(turns: list[AnsweredTurn]) -> dict:
    voiced = [t.delivery for t in turns if t.delivery and t.delivery.get("source") == "audio"]
    if not voiced:
        return {}
    def mean(key):  # noqa: E306
        values = [d[key] for d in voiced if isinstance(d.get(key), (int, float))]
        return round(sum(values) / len(values), 2) if values else None
    fillers: dict[str, int] = {}
    for d in voiced:
        for k, v in (d.get("fillers") or {}).items():
            fillers[k] = fillers.get(k, 0) + v
    return {
        "answers_with_audio": len(voiced),
        "speaking_rate": mean("speaking_rate"), "speaking_rate_unit": voiced[0].get("speaking_rate_unit"),
        "fillers": fillers, "fillers_per_minute": mean("fillers_per_minute"),
        "long_pauses": sum(int(d.get("long_pauses") or 0) for d in voiced),
        "confidence": mean("confidence"),
    }


def local_report(ctx: InterviewContext, turns: list[AnsweredTurn]) -> Report:
    lang = _lang(ctx)
    ko = lang == "ko"
    answered = [t for t in turns if t.answer.strip()]
    scores = [int(t.evaluation.get("score") or 0) for t in answered]
    total = round(sum(scores) / len(scores)) if scores else 0
    n = len(answered)
    facts = [analysis.analyse(t.answer, ctx.language) for t in answered]
    with_numbers = sum(1 for f in facts if f.numbers)
    with_role = sum(1 for f in facts if f.has_role)
    with_result = sum(1 for f in facts if f.has_result)
    with_reasons = sum(1 for f in facts if f.has_reasons)
    full_star = sum(1 for f in facts if all(f.star.values()))
    short = sum(1 for f in facts if f.words < LENGTH_BANDS[lang][0])
    strengths, weaknesses, guide = [], [], []
    half = max(1, math.ceil(n / 2))

    def pattern(count: int, good_ko: str, good_en: str, bad_ko: str, bad_en: str, tip_ko: str, tip_en: str):
        if count >= half and count:
            strengths.append(f"{_share(count, n, lang)}에서 {good_ko}" if ko else f"{good_en} in {_share(count, n, lang)}.")
        elif n - count >= half:
            weaknesses.append(f"{_share(n - count, n, lang)}에서 {bad_ko}" if ko else f"{bad_en} in {_share(n - count, n, lang)}.")
            guide.append(tip_ko if ko else tip_en)

    pattern(with_numbers, "성과를 수치로 제시했습니다.", "Results were quantified",
            "성과를 보여 주는 수치가 없었습니다.", "No measurable result was given",
            "경험마다 ‘무엇이 얼마나 달라졌는지’를 숫자 하나로 정리해 두세요(예: 응답 시간 40% 단축, 사용자 2만 명).",
            "For each story, prepare one number that shows the change (e.g. 40% faster, 20,000 users).")
    pattern(with_role, "본인의 역할을 분명히 밝혔습니다.", "Your own role was clear",
            "팀의 일과 본인의 일이 구분되지 않았습니다.", "Your own part was hard to tell from the team's",
            "‘저는 ~을 맡아 ~를 결정하고 ~를 구현했습니다’ 형식으로 본인의 행동을 한 문장으로 말하는 연습을 하세요.",
            "Practise one sentence per story in the form “I owned …, decided …, built …”.")
    pattern(with_result, "결과까지 말하며 답변을 마무리했습니다.", "Answers ended on the outcome",
            "결과 없이 과정 설명에서 답변이 끝났습니다.", "Answers stopped before the outcome",
            "STAR(상황-과제-행동-결과) 순서로 답변을 구성하고, 마지막 문장은 항상 결과와 배운 점으로 끝내세요.",
            "Structure answers as STAR and always end with the result and what you learned.")
    pattern(with_reasons, "판단의 이유를 설명했습니다.", "You explained your reasoning",
            "왜 그렇게 했는지 이유가 빠졌습니다.", "The reasons behind decisions were missing",
            "기술 선택마다 ‘검토한 대안 → 선택 기준 → 결정’을 정리해 두세요.",
            "For each technical choice, note the alternatives, the criteria and the decision.")
    if full_star >= half and full_star:
        strengths.append(f"{_share(full_star, n, lang)}가 상황-과제-행동-결과 구조를 모두 갖췄습니다." if ko
                         else f"{_share(full_star, n, lang)} covered situation, task, action and result.")
    if short >= half:
        weaknesses.append(f"{_share(short, n, lang)}가 너무 짧았습니다." if ko else f"{_share(short, n, lang)} were too short.")
        guide.append("답변마다 60초 분량(한국어 약 200~250음절)을 목표로 구체적인 사례를 하나씩 준비하세요." if ko
                     else "Aim for about a minute per answer (roughly 130–150 words) built around one concrete example.")
    summary = delivery_summary(turns)
    if summary:
        rate, unit = summary.get("speaking_rate"), summary.get("speaking_rate_unit")
        if rate and unit == "syllables_per_second" and rate > 6.0 or rate and unit == "words_per_minute" and rate > 175:
            weaknesses.append("말하는 속도가 빠른 편입니다." if ko else "You spoke fast.")
            guide.append("핵심 문장 앞에서 한 박자 쉬고, 녹음을 들으며 속도를 확인하세요." if ko
                         else "Pause before key sentences and check your pace on the recordings.")
        elif rate and unit == "syllables_per_second" and rate < 3.0 or rate and unit == "words_per_minute" and rate < 100:
            weaknesses.append("말하는 속도가 느리고 머뭇거림이 있습니다." if ko else "Your pace was slow and hesitant.")
            guide.append("답변의 첫 문장을 미리 정해 두면 시작이 빨라집니다." if ko
                         else "Prepare the first sentence of each story so you start without hesitating.")
        if (summary.get("fillers_per_minute") or 0) >= 4:
            weaknesses.append("‘음’, ‘어’ 같은 군말이 잦습니다." if ko else "Frequent filler words.")
            guide.append("군말 대신 짧게 멈추는 연습을 하고, 결과 화면의 녹음으로 횟수를 확인하세요." if ko
                         else "Replace fillers with a short pause; count them again on your recordings.")
        if summary.get("long_pauses", 0) >= max(2, n):
            weaknesses.append("답변 중 1.5초 이상의 긴 침묵이 여러 번 있었습니다." if ko
                              else "Several silences longer than 1.5 seconds.")
    # Skills the posting asks for that no answer mentioned are the next thing to prepare.
    said = " ".join(t.answer for t in answered).lower()
    missing = [s for s in ctx.required_skills if s.lower() not in said][:3]
    for skill in missing:
        guide.append(ko_text(f"공고의 필수 역량 ‘{skill}’을(를) 답변에서 언급하지 않았습니다. 관련 경험이나 학습 계획을 준비하세요.") if ko
                     else f"The posting requires {skill}, which no answer mentioned: prepare an example or a learning plan.")
    low_turns = [t for t in answered if int(t.evaluation.get("score") or 0) < 60]
    for t in low_turns[:2]:
        label = bank.competency_label(t.competency, lang) if t.competency else ""
        guide.append(f"{t.order}번 질문{f'({label})' if label else ''}을 다시 연습하세요: 평가의 개선점을 반영해 답변을 다시 녹음해 보세요." if ko
                     else f"Practise question {t.order}{f' ({label})' if label else ''} again, applying its improvement notes.")
    if not strengths:
        best = max(answered, key=lambda t: int(t.evaluation.get("score") or 0), default=None)
        if best is not None:
            strengths.append(f"가장 좋은 답변은 {best.order}번 질문이었습니다({best.evaluation.get('score')}점)." if ko
                             else f"Your best answer was question {best.order} ({best.evaluation.get('score')} points).")
    if not guide:
        guide.append("지금 수준을 유지하며 다른 직무 역량 질문으로 연습 범위를 넓혀 보세요." if ko
                     else "Keep this level and widen your practice to other competencies.")
    if ko:
        total_feedback = (f"{n}개 답변의 평균은 {total}점({grade_for(total)})입니다. "
                          + (f"강점: {strengths[0]} " if strengths else "")
                          + (f"보완할 점: {weaknesses[0]} " if weaknesses else "")
                          + f"다음 연습: {guide[0]}")
    else:
        total_feedback = (f"Average over {n} answers: {total} ({grade_for(total)}). "
                          + (f"Strength: {strengths[0]} " if strengths else "")
                          + (f"To improve: {weaknesses[0]} " if weaknesses else "")
                          + f"Next practice: {guide[0]}")
    turn_feedback = {t.order: str(t.evaluation.get("feedback") or "") for t in answered}
    return Report(total, grade_for(total), strengths[:5], weaknesses[:5], guide[:6], total_feedback.strip(),
                  turn_feedback, summary, "local")


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


SUMMARY_SCHEMA = {
    "type": "object",
    "properties": {
        "quote": {"type": "string", "minLength": 2, "maxLength": 40},
        "summary": {"type": "string", "minLength": 20, "maxLength": 320},
    },
    "required": ["quote", "summary"],
}


def embedded_summary(ctx: InterviewContext, turns: list[AnsweredTurn], local: Report) -> Report:
    """The local report with its overall feedback written by the embedded model (raises LLMError)."""
    from ai import llm
    from ai.errors import LLMError

    lang = _lang(ctx)
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
                  local.learning_guide, summary, local.turn_feedback, local.delivery_summary, "embedded")


def write_report(ctx: InterviewContext, turns: list[AnsweredTurn]) -> Report:
    local = local_report(ctx, turns)
    if engine() == "embedded":
        return embedded_summary(ctx, turns, local)
    if engine() != "openai":
        return local
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
                  local.delivery_summary, "openai")
