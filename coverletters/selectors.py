"""Reads for cover letters, always narrowed to one owner."""
from __future__ import annotations

from django.db.models import QuerySet

from coverletters.models import CoverLetter


def letters_for(user) -> QuerySet[CoverLetter]:
    return CoverLetter.objects.filter(owner=user).select_related("job_posting").order_by("-created_at", "-id")


def expected_questions_for(user, *, job_posting=None, limit: int = 10) -> list[dict]:
    """Interview questions the user's latest letters invite (used by the interviews app)."""
    letters = letters_for(user)
    if job_posting is not None:
        letters = letters.filter(job_posting=job_posting)
    out: list[dict] = []
    for letter in letters[:3]:
        for question in letter.expected_questions:
            out.append({**question, "cover_letter_id": letter.pk})
    return out[:limit]
