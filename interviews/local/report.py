"""The final report by the rules: the mean score and its grade, patterns across the answers,
a learning guide, and delivery measured from the recordings."""
from __future__ import annotations

import math

from ai.nlp.grades import grade_for
from interviews.types import AnsweredTurn, InterviewContext, Report
from interviews.local import analysis, bank
from interviews.local.evaluation import ASPECTS, LENGTH_BANDS
from interviews.local.questions import lang_code, ko_text


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
    lang = lang_code(ctx)
    ko = lang == "ko"
    answered = [t for t in turns if t.answer.strip()]
    scores = [int(t.evaluation.get("score") or 0) for t in answered]
    total = round(sum(scores) / len(scores)) if scores else 0
    n = len(answered)
    facts = [analysis.analyse(t.answer, ctx.language) for t in answered]
    full_star = sum(1 for f in facts if all(f.star.values()))
    short = sum(1 for f in facts if f.words < LENGTH_BANDS[lang][0])
    strengths, weaknesses, guide = [], [], []
    half = max(1, math.ceil(n / 2))

    for aspect in ASPECTS:  # a pattern is what at least half of the answers show, or leave out
        count = sum(1 for f in facts if aspect.found(f))
        if count >= half and count:
            shown = aspect.shown[lang]
            strengths.append(f"{_share(count, n, lang)}에서 {shown}" if ko else f"{shown} in {_share(count, n, lang)}.")
        elif n - count >= half:
            missing = aspect.missing[lang]
            weaknesses.append(f"{_share(n - count, n, lang)}에서 {missing}" if ko
                              else f"{missing} in {_share(n - count, n, lang)}.")
            guide.append(aspect.tip[lang])
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
