"""Typed input and output of the cover-letter feedback task: the one shape both engines return
(coverletters.local from rules, coverletters.ai from a model's JSON), which coverletters.ai re-exports."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

ITEM_TYPES = ["keyword_missing", "requirement_missing", "keyword_covered", "evidence", "role", "structure", "length",
              "cliche", "blind_risk", "wrong_company", "repetition", "consistency", "spec", "motivation", "strength"]
SEVERITIES = ["high", "medium", "low", "good"]
SCORE_KEYS = ["coverage", "evidence", "structure", "originality", "compliance", "length", "overall"]
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2, "good": 3}
# within one severity, what a reviewer would want fixed first
TYPE_ORDER = {"wrong_company": 0, "blind_risk": 1, "length": 2, "keyword_missing": 3, "consistency": 4, "cliche": 5,
              "evidence": 6, "role": 7, "requirement_missing": 8, "structure": 9, "repetition": 10, "motivation": 11,
              "spec": 12}


@dataclass
class LetterInput:
    content: str
    posting: dict | None = None  # the posting's ai_analysis (company, required_skills, keywords, …)
    profile: dict = field(default_factory=dict)  # name, age, gender, career_summary, certifications


@dataclass
class LetterFeedback:
    engine: str
    summary: str
    items: list[dict]
    scores: dict
    expected_questions: list[dict]
    keywords: dict = field(default_factory=dict)
    questions: list[dict] = field(default_factory=list)
    stats: dict = field(default_factory=dict)
    fallback_reason: str = ""  # the AI error code when the model server failed and the rules answered

    def as_dict(self) -> dict:
        return asdict(self)


def sort_items(items: list[dict]) -> list[dict]:
    """Feedback items in the order a reviewer would fix them (both engines)."""
    return sorted(items, key=lambda i: (SEVERITY_ORDER.get(i["severity"], 9), TYPE_ORDER.get(i["type"], 20)))
