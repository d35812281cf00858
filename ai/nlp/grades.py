"""The one grade scale of every report (resume match, interview report): A from 80.

Seed 000's examples fit it (85 → A, 78 → B+). Interviews used to give A from 85 with an A-
band; one scale means the same score reads the same everywhere (README, "Architecture").
"""
from __future__ import annotations

GRADES = [(90, "A+"), (80, "A"), (75, "B+"), (70, "B"), (65, "C+"), (60, "C"), (50, "D"), (0, "F")]
VALUES = [grade for _floor, grade in GRADES]


def grade_for(score: float) -> str:
    return next(grade for floor, grade in GRADES if score >= floor)
