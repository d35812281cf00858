"""Questions by the rules: the opening from the posting, resume and cover letter; then a follow-up
on what the last answer left out, or a new competency grounded in the candidate's documents."""
from __future__ import annotations

import logging

from ai.nlp import korean
from ai.nlp.text import split_sentences
from interviews.local import analysis, bank
from interviews.local.analysis import NON_TECH_GROUPS
from interviews.types import InterviewContext, MaxQuestionsReached, PastTurn, Question, Retriever

logger = logging.getLogger(__name__)


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


def lang_code(ctx_or_lang) -> str:
    language = ctx_or_lang if isinstance(ctx_or_lang, str) else ctx_or_lang.language
    return "en" if language == "en" else "ko"


def passage_quote(passage: dict, query: str, limit: int = 44) -> str:
    """The sentence of a passage that shares most words with the query, shortened."""
    from ai.nlp.text import stems

    wanted = set(stems(query))
    best, best_hits = "", -1
    for sentence in split_sentences(passage.get("text", "")):
        if len(sentence) < 6:
            continue
        hits = len(wanted & set(stems(sentence)))
        if hits > best_hits:
            best, best_hits = sentence, hits
    return analysis.shorten(best, limit) if best else ""


def ground(ctx: InterviewContext, retrieve: Retriever | None, query: str, min_score: float = 0.0) -> list[dict]:
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
    prefix = bank.GROUNDED_PREFIX.get(kind, bank.GROUNDED_PREFIX["other"])[lang_code(ctx)]
    return ko_text(prefix.format(quote=quote)) + question


def asked(history: list[PastTurn]) -> set[str]:
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
    lang = lang_code(ctx)
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
    lang = lang_code(ctx)
    out: list[Question] = []
    for invited in ctx.invited_questions[:2]:
        if invited.strip():
            out.append(Question(text=invited.strip(), kind="invited", competency="invited",
                                reason="자기소개서 피드백의 예상 질문입니다." if lang == "ko"
                                else "A question your cover letter invites."))
    # The requirement the user's documents speak to most strongly opens a technical interview.
    best = None
    for requirement in ctx.requirements[:6]:
        passages = ground(ctx, retrieve, requirement)
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
    lang = lang_code(ctx)
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
    seen = asked(history)
    if not history:
        candidates = opening_candidates(ctx, retrieve)
    else:
        candidates = followup_candidates(ctx, history) + competency_candidates(ctx, history, retrieve)
    for candidate in candidates:
        if candidate.ground_query and not candidate.grounding:
            candidate.grounding = ground(ctx, retrieve, candidate.ground_query)
            candidate.text = _grounded_text(ctx, candidate.text, candidate.grounding, candidate.ground_query)
        candidate.text = ko_text(candidate.text)  # a marker left by any template is resolved here
        if analysis.normalise_question(candidate.text) not in seen:
            candidate.engine = "local"
            return candidate
    # Every template was used (only possible with odd histories): number the fallback to stay unique.
    lang = lang_code(ctx)
    for n, template in enumerate(bank.FALLBACK[lang], start=1):
        text = _fmt(template, ctx)
        if analysis.normalise_question(text) not in seen:
            return Question(text=text, kind="competency", competency=f"fallback{n}", engine="local")
    raise MaxQuestionsReached


# ---------------------------------------------------------------------------- openai engine


def fallback_questions(ctx: InterviewContext) -> list[Question]:
    """Seed 002's documented fallback: fixed questions, used when generation fails or times out."""
    return [Question(text=_fmt(t, ctx), kind="fallback", competency="fallback", engine="fallback")
            for t in bank.FALLBACK[lang_code(ctx)]]
