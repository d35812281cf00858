"""Job postings the user saved (pasted or uploaded) with their analysis, and resume matches."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobPosting(models.Model):
    class Source(models.TextChoices):
        TEXT = "text", _("Pasted text")
        FILE = "file", _("Uploaded file")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="job_postings")
    title = models.CharField(_("title"), max_length=255, blank=True)
    company = models.CharField(_("company"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    original_text = models.TextField(_("original text"))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.TEXT)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    # The documents-app record holding the file, its pages and the embedded chunks (for RAG).
    document = models.ForeignKey("documents.Document", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="job_postings", verbose_name=_("document"))
    # keywords, requirements, responsibilities, required_skills, preferred_skills, deadline,
    # employment_type, location, sections, … and "engine" (see postings.ai.PostingAnalysis)
    ai_analysis = models.JSONField(_("analysis"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("job posting")
        verbose_name_plural = _("job postings")
        indexes = [models.Index(fields=["owner", "-created_at"], name="posting_owner_created")]

    def __str__(self) -> str:
        return self.title or f"#{self.pk}"

    @property
    def engine(self) -> str:
        return (self.ai_analysis or {}).get("engine", "")

    @property
    def deadline(self) -> str | None:
        return (self.ai_analysis or {}).get("deadline")


class ResumeMatch(models.Model):
    """One run of resume × posting analysis (POST /ai/analyze or the match page)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resume_matches")
    posting = models.ForeignKey(JobPosting, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="matches", verbose_name=_("job posting"))
    resume = models.ForeignKey("documents.Document", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("resume"))
    resume_ref = models.CharField(_("resume id"), max_length=200, blank=True)
    posting_ref = models.CharField(_("posting id"), max_length=200, blank=True)
    score = models.PositiveSmallIntegerField(_("score"))
    grade = models.CharField(_("grade"), max_length=3)
    result = models.JSONField(_("result"), default=dict)
    engine = models.CharField(_("engine"), max_length=20)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("resume match")
        verbose_name_plural = _("resume matches")
        indexes = [models.Index(fields=["owner", "-created_at"], name="match_owner_created")]

    def __str__(self) -> str:
        return f"{self.grade} ({self.score})"
