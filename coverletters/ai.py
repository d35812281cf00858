"""AI task of the cover-letters app: feedback on a letter for a posting, given the user's spec.

Input: the letter, the posting's analysis (postings.ai), the user's profile ("스펙": age,
career summary, certifications). Output: a readable Korean summary (`ai_feedback`), items that
quote the sentences they are about with a suggested rewrite, scores, and the interview
questions the letter invites. Engines: `local` (coverletters.local) and a model server
(ai.providers); ai.fallback decides which answers.
"""
from __future__ import annotations

import json

import ai
from ai import fallback
from ai.nlp import text as tx
from coverletters import local
from coverletters.types import ITEM_TYPES, SCORE_KEYS, SEVERITIES, LetterFeedback, LetterInput, sort_items

MAX_PROMPT_CHARS = 12000


def profile_of(user) -> dict:
    """The spec fields the feedback may use (the seed's users table)."""
    return {"name": getattr(user, "full_name", "") or "", "age": getattr(user, "age", None),
            "gender": getattr(user, "gender", "") or "", "career_summary": getattr(user, "career_summary", "") or "",
            "certifications": getattr(user, "certifications", "") or ""}


def letter_feedback(data: LetterInput) -> LetterFeedback:
    return fallback.run("cover_letter_feedback", lambda: _openai_feedback(data), lambda: _local_feedback(data))


def _local_feedback(data: LetterInput) -> LetterFeedback:
    return local.feedback(data.content, posting=data.posting, profile=data.profile)


# --------------------------------------------------------------------------- openai engine

_STR = {"type": "string"}
FEEDBACK_SCHEMA = {
    "type": "object",
    "properties": {
        "summary": {**_STR, "description": "전체 피드백을 읽기 좋게 정리한 한국어 글 (총평, 잘한 점, 보완할 점)"},
        "items": {"type": "array", "items": {
            "type": "object",
            "properties": {
                "type": {"type": "string", "enum": ITEM_TYPES},
                "severity": {"type": "string", "enum": SEVERITIES},
                "quote": {**_STR, "description": "자기소개서에서 그대로 인용한 문장 (해당 없으면 빈 문자열)"},
                "message": _STR,
                "suggestion": {**_STR, "description": "고쳐 쓴 문장 또는 구체적인 수정 방법"},
            },
            "required": ["type", "severity", "quote", "message", "suggestion"],
            "additionalProperties": False,
        }},
        "scores": {"type": "object", "properties": {key: {"type": "integer", "minimum": 0, "maximum": 100}
                                                    for key in SCORE_KEYS},
                   "required": SCORE_KEYS, "additionalProperties": False},
        "expected_questions": {"type": "array", "items": {
            "type": "object",
            "properties": {"question": _STR, "reason": _STR, "quote": _STR, "competency": _STR},
            "required": ["question", "reason", "quote", "competency"], "additionalProperties": False,
        }},
    },
    "required": ["summary", "items", "scores", "expected_questions"],
    "additionalProperties": False,
}

SYSTEM = ("당신은 한국 기업의 채용 전문가입니다. 지원자의 자기소개서를 공고와 지원자 스펙에 비추어 평가합니다. "
          "지적할 때는 자기소개서의 문장을 글자 그대로 인용하고(quote), 고쳐 쓴 예시를 제안합니다(suggestion). "
          "공고 키워드·요건 반영, 근거(수치, 결과, 본인 역할), 구성(STAR, 문단), 문항별 분량, 상투적 표현(성실함, 열정, "
          "최선을 다하겠습니다 등), 블라인드 채용 위험(학교명, 가족, 출신 지역, 나이), 다른 회사 이름, 반복 문장을 "
          "점검하고, 이 자기소개서를 읽은 면접관이 물을 질문을 expected_questions에 씁니다. 모든 글은 한국어로 씁니다.")


def _openai_feedback(data: LetterInput) -> LetterFeedback:
    from ai import llm

    posting = data.posting or {}
    profile = data.profile or {}
    spec = "\n".join(filter(None, [
        f"나이: {profile['age']}세" if profile.get("age") else "",
        f"경력: {profile['career_summary']}" if profile.get("career_summary") else "",
        f"자격증: {profile['certifications']}" if profile.get("certifications") else "",
    ])) or "(입력된 스펙 없음)"
    analysis = json.dumps({k: posting.get(k) for k in ("company", "position", "keywords", "requirements",
                                                        "required_skills", "preferred_skills") if posting.get(k)},
                          ensure_ascii=False) if posting else "(연결된 공고 없음)"
    prompt = (f"[지원자 스펙]\n{spec}\n\n[채용 공고 분석]\n{analysis}\n\n"
              f"[자기소개서]\n{data.content[:MAX_PROMPT_CHARS]}\n\n위 자소서에 대한 전문적인 피드백을 JSON으로 제공해주세요.")
    result = llm.chat_json([{"role": "system", "content": SYSTEM}, {"role": "user", "content": prompt}],
                           schema=FEEDBACK_SCHEMA, name="cover_letter_feedback", purpose="coverletters.feedback")
    content = tx.clean(data.content)
    items = []
    for raw in result.get("items") or []:
        quote = str(raw.get("quote") or "").strip()
        # a quote the letter does not contain cannot be highlighted; keep the remark, drop the quote
        start = content.find(quote) if quote else -1
        item = {"type": raw.get("type") if raw.get("type") in ITEM_TYPES else "structure",
                "severity": raw.get("severity") if raw.get("severity") in SEVERITIES else "medium",
                "quote": quote if start >= 0 else "", "message": tx.clip(str(raw.get("message") or ""), 500),
                "suggestion": tx.clip(str(raw.get("suggestion") or ""), 500)}
        if start >= 0 and quote:
            item.update(start=start, end=start + len(quote))
        if item["message"]:
            items.append(item)
    items = sort_items(items)
    scores = {key: max(0, min(100, int((result.get("scores") or {}).get(key) or 0))) for key in SCORE_KEYS}
    questions = [{"question": tx.clip(str(q.get("question") or ""), 300), "reason": tx.clip(str(q.get("reason") or ""), 300),
                  "quote": str(q.get("quote") or "") if str(q.get("quote") or "") in content else "",
                  "competency": tx.clip(str(q.get("competency") or ""), 40)}
                 for q in result.get("expected_questions") or [] if str(q.get("question") or "").strip()][:10]
    summary = str(result.get("summary") or "").strip() or "\n".join(f"- {i['message']}" for i in items[:6])
    return LetterFeedback(engine=ai.engine(), summary=summary, items=items, scores=scores, expected_questions=questions,
                          stats={"chars": len(content.strip())})
