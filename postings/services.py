"""Writes for postings: create (from text or a file), re-analyse, delete, and the resume match run."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Callable

from django.db import transaction
from django.utils.translation import gettext_lazy as _

import ai
from ai.errors import AIError, OCRError
from core import uploads
from core.errors import DomainError, register_seed000
from documents.services import document_mirror, mirrored_delete
from postings import ai as posting_ai
from postings.models import JobPosting, ResumeMatch
from ai.nlp.text import clean as normalize

# What other apps may use of the posting rules (they import services, never postings.ai).
analyze_posting = posting_ai.analyze_posting
posting_rules = posting_ai.posting_rules
role_title = posting_ai.role_title

logger = logging.getLogger(__name__)

MAX_TEXT_CHARS = 100_000


# Seed 000 §3 (POST /ai/analyze) codes.
register_seed000("missing_resume_text", 400, 4005, _("resume_text is required."))
register_seed000("missing_posting_text", 400, 4006, _("posting_text is required."))


class PostingError(DomainError):
    """A request we cannot fulfil; `status` is the HTTP status that says why."""


UPLOAD_STATUS = {"file_too_large": 413, "too_many_pages": 413, "image_too_large": 413, "quota_exceeded": 413,
                 "invalid_file_type": 415}
OCR_MESSAGES = {
    "OCR_NO_TEXT": "No text could be read from the file.",
    "OCR_ENCRYPTED": "Encrypted PDFs cannot be read.",
}


def extract_text(*, owner, data: bytes) -> tuple[str, list[dict], uploads.UploadInfo]:
    """Validate an uploaded file by its content and read its text (PDF text layer, else OCR)."""
    from ai import ocr

    try:
        info = uploads.validate_upload(data)
        uploads.check_quota(owner, info.size)
    except uploads.UploadError as exc:
        raise PostingError(exc.code, exc.message, status=UPLOAD_STATUS.get(exc.code, 400)) from exc
    try:
        result = ocr.extract(data, file_type=info.kind)
    except OCRError as exc:
        status = 503 if exc.retryable else 422
        raise PostingError(exc.code.lower(), OCR_MESSAGES.get(exc.code, exc.message), status=status) from exc
    pages = [{"page": p.number, "text": p.text, "source": p.source, "width": p.width, "height": p.height}
             for p in result.pages]
    return result.text, pages, info


def _analyze(text: str, title: str) -> posting_ai.PostingAnalysis:
    try:
        return posting_ai.analyze_posting(text, title=title)
    except AIError as exc:
        logger.warning("posting analysis failed: %s", exc.code)
        raise PostingError("ai_service_unavailable", "The AI service is temporarily unavailable. Try again shortly.",
                           status=503) from exc


def posting_create(*, owner, text: str = "", data: bytes | None = None, file_name: str = "",
                   title: str = "") -> JobPosting:
    """Create a posting from pasted text or an uploaded PDF/image, analysed before it is saved."""
    pages: list[dict] = []
    info = None
    if data is not None:
        text, pages, info = extract_text(owner=owner, data=data)
    text = normalize(text).strip()
    if not text:
        raise PostingError("empty_text", "The posting text is empty.")
    if len(text) > MAX_TEXT_CHARS:
        raise PostingError("text_too_long", f"The posting is longer than {MAX_TEXT_CHARS} characters.")
    title = (title or "").strip()[:255]
    analysis = _analyze(text, title)
    with transaction.atomic():
        posting = JobPosting.objects.create(
            owner=owner, title=title or analysis.title or _fallback_title(analysis), company=analysis.company[:200],
            position=analysis.position[:200], original_text=text, ai_analysis=analysis.as_dict(),
            source=JobPosting.Source.FILE if info else JobPosting.Source.TEXT, file_name=(file_name or "")[:255],
        )
    document = document_mirror(owner=owner, doc_type="job_posting", document_id=f"posting-{posting.pk}",
                               text=posting.original_text, title=posting.title, pages=pages, data=data,
                               file_name=posting.file_name or (f"posting.{info.extension}" if info else ""),
                               info=info)
    if document is not None:
        JobPosting.objects.filter(pk=posting.pk).update(document=document)
        posting.document = document
    return posting


def _fallback_title(analysis: posting_ai.PostingAnalysis) -> str:
    return " ".join(part for part in (analysis.company, analysis.position) if part) or "채용 공고"


def posting_reanalyze(*, posting: JobPosting) -> JobPosting:
    analysis = _analyze(posting.original_text, posting.title)
    posting.ai_analysis = analysis.as_dict()
    posting.company = analysis.company[:200]
    posting.position = analysis.position[:200]
    with transaction.atomic():
        if not JobPosting.objects.select_for_update().filter(pk=posting.pk).exists():  # deleted meanwhile
            raise PostingError("not_found", "Job posting not found.", status=404)
        posting.save(update_fields=["ai_analysis", "company", "position", "updated_at"])
    return posting


def posting_delete(*, posting: JobPosting) -> None:
    """Delete the posting and its copy in the documents store (cover letters keep their text)."""
    mirrored_delete(record=posting)


# --------------------------------------------------------------------------- resume × posting

STAGES = ("resume_analysis", "posting_analysis", "matching")


@dataclass
class AnalysisOutcome:
    resume: posting_ai.ResumeAnalysis
    posting: posting_ai.PostingAnalysis
    match: posting_ai.MatchResult
    record: ResumeMatch

    def body(self) -> dict:
        """Exactly the seed 000 `analysis_complete` body."""
        return {"message": "analysis_complete", "data": {
            "success": True, "resume_analysis": self.resume.public(), "posting_analysis": self.posting.public(),
            "matching": self.match.public(),
        }}


def analysis_run(*, user, resume_text: str, posting_text: str, resume_ref: str = "", posting_ref: str = "",
                 on_stage: Callable[[str, dict], None] | None = None) -> AnalysisOutcome:
    """Resume analysis, posting analysis, then matching; `on_stage(stage, result)` after each.

    A posting_ref that names one of the user's saved postings (same text, same engine) reuses
    its stored analysis; refs that name nothing of the user's are kept only as labels.
    """
    resume_text, posting_text = normalize(resume_text).strip(), normalize(posting_text).strip()
    posting_obj = _own_posting(user, posting_ref)
    resume_doc = _own_resume(user, resume_ref)

    resume = posting_ai.analyze_resume(resume_text)
    if on_stage:
        on_stage("resume_analysis", resume.as_dict())
    stored = posting_obj.ai_analysis if posting_obj else None
    if (posting_obj and stored and stored.get("engine") == ai.engine()
            and normalize(posting_obj.original_text).strip() == posting_text):
        posting = posting_ai.PostingAnalysis.from_dict(stored)
    else:
        posting = posting_ai.analyze_posting(posting_text)
    if on_stage:
        on_stage("posting_analysis", posting.as_dict())
    match = posting_ai.match_resume(resume_text=resume_text, posting_text=posting_text, resume=resume,
                                    posting=posting)
    if on_stage:
        on_stage("matching", match.as_dict())
    record = ResumeMatch.objects.create(
        owner=user, posting=posting_obj, resume=resume_doc, resume_ref=str(resume_ref)[:200],
        posting_ref=str(posting_ref)[:200], score=match.score, grade=match.grade, engine=match.engine,
        result={"resume_analysis": resume.as_dict(), "posting_analysis": posting.public(), "matching": match.as_dict()},
    )
    return AnalysisOutcome(resume=resume, posting=posting, match=match, record=record)


def _own_posting(user, ref: str) -> JobPosting | None:
    ref = str(ref or "").strip()
    digits = ref.rsplit("_", 1)[-1].rsplit("-", 1)[-1]
    if not digits.isdigit() or len(digits) > 18:
        return None
    return JobPosting.objects.filter(owner=user, pk=int(digits)).first()


def _own_resume(user, ref: str):
    ref = str(ref or "").strip()
    if not ref:
        return None
    from documents.models import Document

    documents = Document.objects.filter(owner=user, doc_type="resume")
    found = documents.filter(document_id=ref).first()
    if found is None and ref.isdigit() and len(ref) <= 18:
        found = documents.filter(pk=int(ref)).first()
    return found
