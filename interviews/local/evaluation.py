"""The per-answer rubric by the rules: relevance, STAR structure, specificity, length, fluency."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from ai.nlp.text import split_sentences
from interviews.types import Evaluation, InterviewContext
from interviews.local import analysis
from interviews.local.questions import lang_code, ko_text


WEIGHTS = {"relevance": 20, "structure": 25, "specificity": 25, "length": 15, "fluency": 15}
LENGTH_BANDS = {"ko": (30, 150), "en": (45, 220)}  # words (eojeol for Korean) of a 1–2 minute answer


@dataclass(frozen=True)
class Aspect:
    """Something a strong answer shows, as the rules find it and as the feedback words it: for
    one answer (the evaluation, quoting it) and across the answers (the report). Texts are
    {"ko": …, "en": …}; "{quote}" is the answer's own words."""
    key: str  # its gap name (analysis.GAP_ORDER)
    found: Callable[[analysis.AnswerFacts], bool]
    evidence: tuple[re.Pattern, ...]  # quoted from the first that occurs in the answer (else the last)
    note: dict[str, str]
    strength: dict[str, str]
    gap: dict[str, str]
    shown: dict[str, str]  # report: the answers that show it …
    missing: dict[str, str]  # … and those that do not, with the practice that fixes it
    tip: dict[str, str]
    min_structure: float = 0.0  # praised only in an answer this complete
    gap_in: tuple[str, ...] = ("technical", "personality")  # interview types that ask for it


ASPECTS = (
    Aspect("numbers", lambda f: bool(f.numbers), (analysis.NUMBERS,),
           {"ko": "수치로 제시한 성과", "en": "measurable result"},
           {"ko": "성과를 수치로 제시했습니다: “{quote}”", "en": "You quantified the result: “{quote}”"},
           {"ko": "“{quote}” 부분에 전후를 비교할 수 있는 숫자(시간, 비율, 사용자 수)를 더하세요.",
            "en": "Add a number to “{quote}” (time, percentage, users) so the impact can be compared."},
           {"ko": "성과를 수치로 제시했습니다.", "en": "Results were quantified"},
           {"ko": "성과를 보여 주는 수치가 없었습니다.", "en": "No measurable result was given"},
           {"ko": "경험마다 ‘무엇이 얼마나 달라졌는지’를 숫자 하나로 정리해 두세요(예: 응답 시간 40% 단축, 사용자 2만 명).",
            "en": "For each story, prepare one number that shows the change (e.g. 40% faster, 20,000 users)."}),
    Aspect("role", lambda f: f.has_role, (analysis.ROLE,),
           {"ko": "본인의 역할", "en": "your own role"},
           {"ko": "본인의 역할이 분명합니다: “{quote}”", "en": "Your own role is clear: “{quote}”"},
           {"ko": "“{quote}”에서 팀이 아닌 본인이 직접 한 일을 ‘제가 ~했습니다’로 밝혀 주세요.",
            "en": "In “{quote}”, say what you did yourself (“I …”), not only what the team did."},
           {"ko": "본인의 역할을 분명히 밝혔습니다.", "en": "Your own role was clear"},
           {"ko": "팀의 일과 본인의 일이 구분되지 않았습니다.", "en": "Your own part was hard to tell from the team's"},
           {"ko": "‘저는 ~을 맡아 ~를 결정하고 ~를 구현했습니다’ 형식으로 본인의 행동을 한 문장으로 말하는 연습을 하세요.",
            "en": "Practise one sentence per story in the form “I owned …, decided …, built …”."}),
    Aspect("result", lambda f: f.has_result, (analysis.RESULT, analysis.CHANGE),
           {"ko": "결과", "en": "outcome"},
           {"ko": "상황-과제-행동-결과(STAR) 흐름이 갖춰져 있고 결과로 마무리했습니다: “{quote}”",
            "en": "The answer follows situation–task–action–result and ends on the outcome: “{quote}”"},
           {"ko": "“{quote}” 이후 무엇이 달라졌는지, 결과와 배운 점으로 답변을 마무리하세요.",
            "en": "After “{quote}”, finish with what changed and what you learned."},
           {"ko": "결과까지 말하며 답변을 마무리했습니다.", "en": "Answers ended on the outcome"},
           {"ko": "결과 없이 과정 설명에서 답변이 끝났습니다.", "en": "Answers stopped before the outcome"},
           {"ko": "STAR(상황-과제-행동-결과) 순서로 답변을 구성하고, 마지막 문장은 항상 결과와 배운 점으로 끝내세요.",
            "en": "Structure answers as STAR and always end with the result and what you learned."},
           min_structure=0.75),
    Aspect("reasons", lambda f: f.has_reasons, (analysis.REASONS,),
           {"ko": "판단의 근거", "en": "reasoning"},
           {"ko": "선택의 이유를 설명했습니다: “{quote}”", "en": "You explained why: “{quote}”"},
           {"ko": "“{quote}”(이)라고 했는데, 그렇게 한 이유와 검토한 대안을 함께 말하면 설득력이 커집니다.",
            "en": "After “{quote}”, explain why you did it that way and which alternatives you weighed."},
           {"ko": "판단의 이유를 설명했습니다.", "en": "You explained your reasoning"},
           {"ko": "왜 그렇게 했는지 이유가 빠졌습니다.", "en": "The reasons behind decisions were missing"},
           {"ko": "기술 선택마다 ‘검토한 대안 → 선택 기준 → 결정’을 정리해 두세요.",
            "en": "For each technical choice, note the alternatives, the criteria and the decision."},
           gap_in=("technical",)),
)


def _clamp(value: float, lo: float = 0.0, hi: float = 1.0) -> float:
    return max(lo, min(hi, value))


def relevance(question: str, answer: str, posting: str = "") -> tuple[float, dict]:
    """Embedding similarity of the answer (whole, and its closest sentence) to the question and
    the posting, and the share of the question's content words the answer uses; any strong
    signal counts, since hashing vectors only see shared words and character n-grams."""
    from ai import embeddings
    from ai.nlp.text import stems

    sentences = [x for x in split_sentences(answer) if len(x) >= 8][:30]
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


def local_evaluate(ctx: InterviewContext, question: str, answer: str, *, delivery: dict | None = None) -> Evaluation:
    lang = lang_code(ctx)
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
    for aspect in ASPECTS:
        if aspect.found(facts):
            pattern = next((p for p in aspect.evidence if p.search(answer)), aspect.evidence[-1])
            quote = cite(pattern, aspect.note[lang])
            if quote and structure >= aspect.min_structure:
                strengths.append(aspect.strength[lang].format(quote=quote))
        elif ctx.interview_type in aspect.gap_in:
            note = aspect.gap[lang].format(quote=analysis.quote_for_gap(facts, aspect.key))
            gap_notes[aspect.key] = ko_text(note) if ko else note
    if not facts.has_method:
        quote = analysis.quote_for_gap(facts, "method")
        gap_notes["method"] = (f"“{quote}”만으로는 무엇을 어떻게 했는지 알 수 없습니다. 사용한 방법과 순서를 구체적으로 말하세요." if ko
                               else f"“{quote}” does not say what was actually done: name the method and the steps.")
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
