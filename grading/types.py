"""Typed inputs and outputs of the coding test's AI tasks (the helper's answer, the usage
evaluation), which grading.ai re-exports."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class HelperInput:
    question: str
    title: str
    statement: str
    constraints: str
    techniques: list[str]
    code: str = ""
    language: str = "python3"
    verdicts: list[dict] = field(default_factory=list)
    history: list[tuple[str, str]] = field(default_factory=list)   # (role USER/AI, content)
    hints_given: int = 0


@dataclass
class HelperReply:
    text: str
    intent: str
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int
    engine: str
    tokenizer: str
    model: str = ""
    fallback_reason: str = ""  # the AI error code when the model server failed and the rules answered


@dataclass(frozen=True)
class UsageInput:
    questions: list[str]
    answers: list[str]
    final_code: str


@dataclass(frozen=True)
class UsageEvaluation:
    score: float
    reasons: list[str]
    details: dict
    engine: str
