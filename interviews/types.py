"""Typed inputs and outputs of the interview's AI tasks: the one shape both engines use
(interviews.local's rules and interviews.ai's model calls), which interviews.ai re-exports."""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Callable

MAX_TURNS = 5  # questions in one interview (the models' check constraint and every surface use it)

Retriever = Callable[[str], list[dict]]  # query -> passages [{"text", "score", "doc_type", ...}]


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
    fallback_reason: str = ""  # the AI error code when the model server failed and the rules answered


class MaxQuestionsReached(Exception):
    pass


def clean_position(position: str) -> str:
    """A position title; body text pasted into the title field is read for the title it names."""
    position = " ".join((position or "").split())
    if not position:
        return ""
    if len(position) <= 40 and not re.search(r"[:：\n]|[.。!?]\s", position):
        return position.rstrip(".。")
    from postings.services import role_title

    return role_title(position)


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
    fallback_reason: str = ""

    def as_dict(self) -> dict:
        data = asdict(self)
        if not self.fallback_reason:
            del data["fallback_reason"]
        return data


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
    fallback_reason: str = ""

    def as_dict(self) -> dict:
        data = asdict(self)
        data["turn_feedback"] = {str(k): v for k, v in self.turn_feedback.items()}
        if not self.fallback_reason:
            del data["fallback_reason"]
        return data
