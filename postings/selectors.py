"""Reads for postings, always narrowed to one owner (another user's id is simply not found)."""
from __future__ import annotations

from django.db.models import QuerySet

from postings.models import JobPosting, ResumeMatch


def postings_for(user) -> QuerySet[JobPosting]:
    return JobPosting.objects.filter(owner=user).order_by("-created_at", "-id")


def demo_posting(user) -> JobPosting | None:
    """The demo user's saved posting (postings/demo.py), which the other apps' demo data refer to."""
    return JobPosting.objects.filter(owner=user, source=JobPosting.Source.TEXT,
                                     title__startswith="[데모]").order_by("id").first()


def matches_for(user, *, posting: JobPosting | None = None, limit: int = 10) -> list[ResumeMatch]:
    qs = ResumeMatch.objects.filter(owner=user)
    if posting is not None:
        qs = qs.filter(posting=posting)
    return list(qs.order_by("-created_at", "-id")[:limit])


def resumes_for(user) -> list:
    """The user's resume documents that have text, newest first (for the match picker)."""
    from documents.models import Document

    return list(Document.objects.filter(owner=user, doc_type="resume", status=Document.Status.READY)
                .exclude(text="").order_by("-updated_at")[:50])
