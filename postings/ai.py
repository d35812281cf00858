"""AI tasks of the postings app: analyse a posting, analyse a resume, match the two.

Each task has typed input and output and two engines: `local` (rules in postings.local over
ai.nlp, plus embedding similarity) and a model server (ai.providers: `openai`, `embedded`; the same
JSON asked through ai.llm.chat_json, then validated and normalised here). ai.fallback decides
which answers: every result carries the engine that produced it and, when the model server
failed and the rules answered, `fallback_reason`.
"""
from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date

import ai
from ai import fallback
from ai.nlp import grades
from ai.nlp import text as tx
from postings import local
from postings.types import SECTION_LABELS, MatchResult, PostingAnalysis, ResumeAnalysis

MAX_PROMPT_CHARS = 12000  # per document in a prompt; postings and resumes are far shorter


# --------------------------------------------------------------------------- tasks

def analyze_posting(text: str, *, title: str = "", today: date | None = None) -> PostingAnalysis:
    return fallback.run("posting_analysis", lambda: _openai_posting(text, title=title, today=today),
                        lambda: posting_rules(text, title=title, today=today))


def posting_rules(text: str, *, title: str = "", today: date | None = None) -> PostingAnalysis:
    """The rules' reading alone (no model call); public for apps that only want the rules."""
    return local.analyze_posting(text, title=title, today=today)


def role_title(text: str) -> str:
    """The job title a posting's text names ("백엔드 개발자"), never its body."""
    return local.role_title(text)


def analyze_resume(text: str, *, today: date | None = None) -> ResumeAnalysis:
    return fallback.run("resume_analysis", lambda: _openai_resume(text), lambda: _local_resume(text, today=today))


def _local_resume(text: str, *, today: date | None) -> ResumeAnalysis:
    facts = local.analyze_resume(text, today=today)
    strengths, weaknesses, suggestions = local.resume_review(facts)
    return ResumeAnalysis(engine="local", skills=facts.skills, years_of_experience=facts.years,
                          achievements=facts.achievements, certifications=facts.certifications,
                          strengths=strengths, weaknesses=weaknesses, suggestions=suggestions, role=facts.role)


def match_resume(*, resume_text: str, posting_text: str, resume: ResumeAnalysis,
                 posting: PostingAnalysis) -> MatchResult:
    return fallback.run("matching", lambda: _openai_match(resume_text, posting_text, resume, posting),
                        lambda: _local_match(resume_text, posting_text, resume, posting))


def _local_match(resume_text: str, posting_text: str, resume: ResumeAnalysis, posting: PostingAnalysis) -> MatchResult:
    similarity = text_similarity(resume_text, posting_text)
    resume_facts = local.analyze_resume(resume_text)
    resume_facts.years = resume.years_of_experience or resume_facts.years
    if not posting.required_groups:
        posting = replace(posting, required_groups=[[name] for name in posting.required_skills])
    facts = local.match(resume_text, resume_facts, posting, similarity=similarity)
    return MatchResult(engine="local", score=facts.score, grade=facts.grade, matched_skills=facts.matched_skills,
                       missing_skills=facts.missing_skills, recommendations=facts.recommendations,
                       similarity=facts.similarity, components=facts.components)


def text_similarity(a: str, b: str) -> float:
    """Cosine of the two texts' embeddings (unit vectors, so the dot product)."""
    from ai import embeddings

    # The local match score is calibrated on the hashing embedder's scale, whatever LOCAL_EMBEDDER is.
    engine = "hashing" if embeddings.active_engine() == "local" else None
    first, second = embeddings.embed([a[:embeddings.MAX_INPUT_CHARS], b[:embeddings.MAX_INPUT_CHARS]],
                                     engine=engine, purpose="posting_match")
    return float(sum(x * y for x, y in zip(first, second)))


# --------------------------------------------------------------------------- openai engine

_STR = {"type": "string"}
_STR_LIST = {"type": "array", "items": {"type": "string"}}
SECTION_KEYS = list(SECTION_LABELS)

POSTING_SCHEMA = {
    "type": "object",
    "properties": {
        "company": {**_STR, "description": "Hiring company name as written, '' if absent"},
        "position": {**_STR, "description": "Job title being hired for"},
        "keywords": {**_STR_LIST, "description": "Up to 15 key terms: skills first, then domain words"},
        "requirements": {**_STR_LIST, "description": "Required qualifications, one per item, as written"},
        "responsibilities": {**_STR_LIST, "description": "Duties of the job, one per item"},
        "preferred": {**_STR_LIST, "description": "Preferred qualifications, one per item"},
        "required_skills": {**_STR_LIST, "description": "Skills/tools/licences that are required"},
        "preferred_skills": {**_STR_LIST, "description": "Skills/tools that are only preferred"},
        "deadline": {"type": ["string", "null"], "description": "Application deadline as YYYY-MM-DD, null if none"},
        "employment_type": {**_STR, "description": "정규직, 계약직, 인턴 … in Korean, '' if absent"},
        "location": _STR,
        "min_years": {"type": ["integer", "null"], "description": "Minimum years of experience, null if none"},
        "benefits": _STR_LIST,
        "process": {**_STR_LIST, "description": "Hiring steps in order"},
        "sections": {"type": "array", "items": {
            "type": "object",
            "properties": {"key": {"type": "string", "enum": SECTION_KEYS}, "title": _STR, "items": _STR_LIST},
            "required": ["key", "title", "items"], "additionalProperties": False,
        }},
    },
    "required": ["company", "position", "keywords", "requirements", "responsibilities", "preferred",
                 "required_skills", "preferred_skills", "deadline", "employment_type", "location", "min_years",
                 "benefits", "process", "sections"],
    "additionalProperties": False,
}

RESUME_SCHEMA = {
    "type": "object",
    "properties": {
        "skills": _STR_LIST,
        "years_of_experience": {"type": "number", "minimum": 0},
        "achievements": {**_STR_LIST, "description": "Quantified achievements quoted from the resume"},
        "certifications": _STR_LIST,
        "strengths": _STR_LIST,
        "weaknesses": _STR_LIST,
        "suggestions": _STR_LIST,
    },
    "required": ["skills", "years_of_experience", "achievements", "certifications", "strengths", "weaknesses",
                 "suggestions"],
    "additionalProperties": False,
}

MATCH_SCHEMA = {
    "type": "object",
    "properties": {
        "score": {"type": "integer", "minimum": 0, "maximum": 100},
        "grade": {"type": "string", "enum": grades.VALUES},
        "matched_skills": _STR_LIST,
        "missing_skills": _STR_LIST,
        "recommendations": {**_STR_LIST, "description": "Concrete advice in Korean naming the missing skills"},
    },
    "required": ["score", "grade", "matched_skills", "missing_skills", "recommendations"],
    "additionalProperties": False,
}

SYSTEM = ("당신은 한국 채용 시장을 잘 아는 채용 전문가이자 커리어 코치입니다. "
          "주어진 문서에 있는 내용만 근거로 삼고, 없는 사실을 지어내지 마세요. 답변은 한국어로 씁니다. "
          "기술·도구 이름은 공고와 이력서에 쓰인 표기(예: React, PostgreSQL)를 그대로 씁니다.")


def _chat_json(user_prompt: str, schema: dict, name: str) -> dict:
    from ai import llm

    return llm.chat_json([{"role": "system", "content": SYSTEM}, {"role": "user", "content": user_prompt}],
                         schema=schema, name=name, purpose=f"postings.{name}")


def _openai_posting(text: str, *, title: str, today: date | None) -> PostingAnalysis:
    today = today or date.today()
    data = _chat_json(
        f"다음 채용 공고를 분석해 JSON으로 반환해 주세요. 오늘은 {today.isoformat()}입니다 "
        "(연도가 없는 마감일은 오늘 이후의 가장 가까운 날짜로 해석). sections의 key는 담당업무=responsibilities, "
        "자격요건=requirements, 우대사항=preferred, 복리후생=benefits, 전형절차=process, 근무조건=conditions, "
        "회사 소개=intro, 기술 스택=tech_stack, 접수=application, 기타=etc 입니다.\n\n"
        f"[채용 공고]\n{text[:MAX_PROMPT_CHARS]}", POSTING_SCHEMA, "posting_analysis")
    required = _names(data.get("required_skills"))
    preferred = [n for n in _names(data.get("preferred_skills")) if n.lower() not in {r.lower() for r in required}]
    sections = []
    for section in data.get("sections") or []:
        key = section.get("key") if section.get("key") in SECTION_KEYS else "etc"
        sections.append({"key": key, "title": _text(section.get("title")) or SECTION_LABELS.get(key, key),
                         "label": SECTION_LABELS.get(key, key), "items": _lines(section.get("items"))})
    first_line = next((line for line in tx.lines(text) if line), "")
    return PostingAnalysis(
        engine=ai.engine(), title=(title or first_line)[:255], company=_text(data.get("company")),
        position=_text(data.get("position")), keywords=_names(data.get("keywords"))[:15],
        requirements=_lines(data.get("requirements")), responsibilities=_lines(data.get("responsibilities")),
        preferred=_lines(data.get("preferred")), required_skills=required, preferred_skills=preferred,
        required_groups=[[name] for name in required], deadline=_iso_date(data.get("deadline")),
        employment_type=_text(data.get("employment_type")), location=_text(data.get("location")),
        min_years=_int_or_none(data.get("min_years")), benefits=_lines(data.get("benefits")),
        process=_lines(data.get("process")), sections=sections,
    )


def _openai_resume(text: str) -> ResumeAnalysis:
    data = _chat_json(
        "다음 이력서를 분석해 JSON으로 반환해 주세요. strengths·weaknesses·suggestions는 각각 구체적인 "
        "근거(기술, 경력, 성과 수치)를 담은 짧은 한국어 문장으로 씁니다. achievements는 이력서에서 "
        "수치가 있는 성과 문장을 그대로 인용합니다.\n\n"
        f"[이력서]\n{text[:MAX_PROMPT_CHARS]}", RESUME_SCHEMA, "resume_analysis")
    years = data.get("years_of_experience")
    return ResumeAnalysis(
        engine=ai.engine(), skills=_names(data.get("skills")),
        years_of_experience=round(float(years), 1) if isinstance(years, (int, float)) and years >= 0 else 0.0,
        achievements=_lines(data.get("achievements")), certifications=_names(data.get("certifications")),
        strengths=_lines(data.get("strengths")), weaknesses=_lines(data.get("weaknesses")),
        suggestions=_lines(data.get("suggestions")),
    )


def _openai_match(resume_text: str, posting_text: str, resume: ResumeAnalysis,
                  posting: PostingAnalysis) -> MatchResult:
    summary = json.dumps({"required_skills": posting.required_skills, "preferred_skills": posting.preferred_skills,
                          "requirements": posting.requirements, "min_years": posting.min_years,
                          "resume_skills": resume.skills, "resume_years": resume.years_of_experience},
                         ensure_ascii=False)
    data = _chat_json(
        "이력서가 채용 공고에 얼마나 맞는지 평가해 주세요. score는 0~100 정수로, 필수 요건 충족을 우대사항보다 "
        "훨씬 크게 반영합니다. grade는 A+(90+), A(80+), B+(75+), B(70+), C+(65+), C(60+), D(50+), F 중 하나입니다. "
        "matched_skills는 공고가 요구하고 이력서에도 있는 기술, missing_skills는 공고가 요구하지만 이력서에 없는 "
        "기술입니다. recommendations는 부족한 기술 이름을 직접 언급하는 구체적인 조언입니다.\n\n"
        f"[분석 요약]\n{summary}\n\n[채용 공고]\n{posting_text[:MAX_PROMPT_CHARS]}\n\n"
        f"[이력서]\n{resume_text[:MAX_PROMPT_CHARS]}", MATCH_SCHEMA, "matching")
    score = max(0, min(100, int(data.get("score") or 0)))
    grade = data.get("grade") if data.get("grade") in grades.VALUES else grades.grade_for(score)
    return MatchResult(engine=ai.engine(), score=score, grade=grade, matched_skills=_names(data.get("matched_skills")),
                       missing_skills=_names(data.get("missing_skills")),
                       recommendations=_lines(data.get("recommendations")))


# --------------------------------------------------------------------------- validation helpers

def _text(value, limit: int = 200) -> str:
    return tx.clip(str(value), limit) if isinstance(value, (str, int, float)) and str(value).strip() else ""


def _lines(value, limit: int = 30) -> list[str]:
    if not isinstance(value, list):
        return []
    return tx.dedupe([tx.clip(str(v), 300) for v in value if isinstance(v, (str, int, float)) and str(v).strip()])[:limit]


def _names(value) -> list[str]:
    return tx.dedupe([_text(v, 60) for v in (value or []) if _text(v, 60)], key=str.lower)[:40] if isinstance(value, list) else []


def _iso_date(value) -> str | None:
    if not isinstance(value, str):
        return None
    match = re.search(r"(\d{4})[-./](\d{1,2})[-./](\d{1,2})", value)
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3))).isoformat()
    except ValueError:
        return None


def _int_or_none(value) -> int | None:
    return int(value) if isinstance(value, (int, float)) and 0 <= value <= 50 else None
