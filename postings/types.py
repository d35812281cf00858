"""Typed inputs and outputs of the postings app's AI tasks: the one shape both engines return
(postings.local builds them from rules, postings.ai from a model's JSON) and postings.ai re-exports."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

# The sections a posting is read into (both engines), with the label shown for each.
SECTION_LABELS = {
    "intro": "회사 소개", "responsibilities": "담당업무", "requirements": "자격요건", "preferred": "우대사항",
    "tech_stack": "기술 스택", "benefits": "복리후생", "process": "전형절차", "conditions": "근무조건",
    "application": "접수", "etc": "기타", "summary": "개요",
}


@dataclass
class PostingAnalysis:
    engine: str
    title: str = ""
    company: str = ""
    position: str = ""
    keywords: list[str] = field(default_factory=list)
    requirements: list[str] = field(default_factory=list)
    responsibilities: list[str] = field(default_factory=list)
    preferred: list[str] = field(default_factory=list)
    required_skills: list[str] = field(default_factory=list)
    preferred_skills: list[str] = field(default_factory=list)
    soft_skills: list[str] = field(default_factory=list)
    # alternatives the posting accepts ("Java 또는 Kotlin") are one group
    required_groups: list[list[str]] = field(default_factory=list)
    deadline: str | None = None
    deadline_note: str = ""
    employment_type: str = ""
    location: str = ""
    min_years: int | None = None
    experience_level: str = ""
    education: str = ""
    benefits: list[str] = field(default_factory=list)
    process: list[str] = field(default_factory=list)
    sections: list[dict] = field(default_factory=list)
    fallback_reason: str = ""  # the AI error code when the model server failed and the rules answered

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "PostingAnalysis":
        known = {k: v for k, v in (data or {}).items() if k in cls.__dataclass_fields__}
        known.setdefault("engine", "local")
        analysis = cls(**known)
        if not analysis.required_groups:
            analysis.required_groups = [[name] for name in analysis.required_skills]
        return analysis

    def public(self) -> dict:
        """The seed 000 `posting_analysis` object."""
        return {"company": self.company, "position": self.position, "required_skills": self.required_skills,
                "preferred_skills": self.preferred_skills, "deadline": self.deadline}


@dataclass
class ResumeAnalysis:
    engine: str
    skills: list[str] = field(default_factory=list)
    years_of_experience: float = 0.0
    achievements: list[str] = field(default_factory=list)
    certifications: list[str] = field(default_factory=list)
    strengths: list[str] = field(default_factory=list)
    weaknesses: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    role: str = ""
    fallback_reason: str = ""

    def as_dict(self) -> dict:
        return asdict(self)

    def public(self) -> dict:
        """The seed 000 `resume_analysis` object."""
        return {"strengths": self.strengths, "weaknesses": self.weaknesses, "suggestions": self.suggestions}


@dataclass
class MatchResult:
    engine: str
    score: int
    grade: str
    matched_skills: list[str] = field(default_factory=list)
    missing_skills: list[str] = field(default_factory=list)
    recommendations: list[str] = field(default_factory=list)
    similarity: float | None = None
    components: dict = field(default_factory=dict)
    fallback_reason: str = ""

    def as_dict(self) -> dict:
        return asdict(self)

    def public(self) -> dict:
        """The seed 000 `matching` object."""
        return {"score": self.score, "grade": self.grade, "matched_skills": self.matched_skills,
                "missing_skills": self.missing_skills, "recommendations": self.recommendations}
