"""Typed input and output of the avatar's acknowledgement task, which avatar.ai re-exports."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AckInput:
    question: str
    answer: str
    language: str
    interrupted: bool = False  # the candidate spoke while the interviewer was still talking


@dataclass(frozen=True)
class AckPiece:
    text: str
    engine: str
