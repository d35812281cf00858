"""Writes for cover letters: create with feedback, edit (a new version with new feedback), delete."""
from __future__ import annotations

import logging

from django.db import transaction

from ai.errors import AIError
from core.errors import DomainError
from coverletters import ai as letter_ai
from coverletters.models import CoverLetter, CoverLetterVersion
from documents.services import document_mirror, mirrored_delete
from postings.models import JobPosting
from ai.nlp.text import clean as normalize

logger = logging.getLogger(__name__)

MAX_CONTENT_CHARS = 20_000
_UNSET = object()


class LetterError(DomainError):
    """A request we cannot fulfil; `status` is the HTTP status that says why."""


def _clean(content: str) -> str:
    content = normalize(content or "").strip()
    if not content:
        raise LetterError("empty_content", "The cover letter is empty.")
    if len(content) > MAX_CONTENT_CHARS:
        raise LetterError("content_too_long", f"The cover letter is longer than {MAX_CONTENT_CHARS} characters.")
    return content


def letter_feedback_for(*, owner, content: str, job_posting: JobPosting | None) -> letter_ai.LetterFeedback:
    """Feedback from the user's spec + the posting's analysis + the letter (seed 003 flow step 4)."""
    data = letter_ai.LetterInput(content=content, posting=(job_posting.ai_analysis or {}) if job_posting else None,
                                 profile=letter_ai.profile_of(owner))
    try:
        return letter_ai.letter_feedback(data)
    except AIError as exc:
        logger.warning("cover letter feedback failed: %s", exc.code)
        raise LetterError("ai_service_unavailable", "The AI service is temporarily unavailable. Try again shortly.",
                          status=503) from exc


def letter_create(*, owner, content: str, job_posting: JobPosting | None = None, title: str = "") -> CoverLetter:
    if job_posting is not None and job_posting.owner_id != owner.pk:
        raise LetterError("not_found", "Job posting not found.", status=404)
    content = _clean(content)
    result = letter_feedback_for(owner=owner, content=content, job_posting=job_posting)
    with transaction.atomic():
        _lock_posting(job_posting)
        letter = CoverLetter.objects.create(
            owner=owner, job_posting=job_posting, title=(title or _default_title(job_posting))[:255], content=content,
            ai_feedback=result.summary, feedback=result.as_dict(), version=1,
        )
        CoverLetterVersion.objects.create(letter=letter, number=1, content=content, ai_feedback=result.summary,
                                          feedback=result.as_dict())
    _mirror(letter)
    return letter


def _lock_posting(job_posting: JobPosting | None) -> None:
    """In a write's transaction: the posting still exists and stays until the commit. A request
    that deleted it while the feedback was written answers 404, not a foreign-key error."""
    if job_posting is not None and not JobPosting.objects.select_for_update().filter(pk=job_posting.pk).exists():
        raise LetterError("not_found", "Job posting not found.", status=404)


def _default_title(job_posting: JobPosting | None) -> str:
    if job_posting is None:
        return "자기소개서"
    name = job_posting.company or job_posting.title
    return f"{name} 자기소개서" if name else "자기소개서"


def letter_update(*, letter: CoverLetter, content: str | None = None, job_posting=_UNSET,
                  title: str | None = None) -> CoverLetter:
    """Save an edit. A changed text or posting gets fresh feedback and is kept as a new version."""
    changed = False
    if content is not None:
        content = _clean(content)
        changed = content != letter.content
        letter.content = content
    if job_posting is not _UNSET:
        if job_posting is not None and job_posting.owner_id != letter.owner_id:
            raise LetterError("not_found", "Job posting not found.", status=404)
        changed = changed or (job_posting.pk if job_posting else None) != letter.job_posting_id
        letter.job_posting = job_posting
    if title is not None:
        letter.title = title.strip()[:255] or letter.title
    if changed:
        result = letter_feedback_for(owner=letter.owner, content=letter.content, job_posting=letter.job_posting)
        letter.ai_feedback = result.summary
        letter.feedback = result.as_dict()
    with transaction.atomic():
        locked = CoverLetter.objects.select_for_update().filter(pk=letter.pk).first()
        if locked is None:
            raise LetterError("not_found", "Cover letter not found.", status=404)
        _lock_posting(letter.job_posting)
        if changed:
            letter.version = locked.version + 1
            CoverLetterVersion.objects.create(letter=letter, number=letter.version, content=letter.content,
                                              ai_feedback=letter.ai_feedback, feedback=letter.feedback)
        letter.save()
    if changed:
        _mirror(letter)
    return letter


def letter_restore(*, letter: CoverLetter, number: int) -> CoverLetter:
    """Make an earlier version current again (as a new version, so nothing is lost)."""
    version = letter.versions.filter(number=number).first()
    if version is None:
        raise LetterError("not_found", "Version not found.", status=404)
    return letter_update(letter=letter, content=version.content)


def letter_delete(*, letter: CoverLetter) -> None:
    mirrored_delete(record=letter)


def _mirror(letter: CoverLetter) -> None:
    """Keep the current text in the documents store (type attachment) so search covers it."""
    document = document_mirror(owner=letter.owner, doc_type="attachment", document_id=f"cover-letter-{letter.pk}",
                               text=letter.content, title=letter.title or "자기소개서")
    if document is not None and letter.document_id != document.pk:
        CoverLetter.objects.filter(pk=letter.pk).update(document=document)
        letter.document = document
