"""Cover letters (자기소개서) with AI feedback; every saved edit is kept as a version."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CoverLetter(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cover_letters")
    job_posting = models.ForeignKey("postings.JobPosting", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="cover_letters", verbose_name=_("job posting"))
    title = models.CharField(_("title"), max_length=255, blank=True)
    content = models.TextField(_("content"))
    ai_feedback = models.TextField(_("AI feedback"), blank=True)
    # {"engine", "summary", "scores", "items": [{type, severity, quote, message, suggestion}],
    #  "keywords": {...}, "questions": [...], "expected_questions": [...]}
    feedback = models.JSONField(_("structured feedback"), default=dict, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    # the documents-app copy of the text, so search and the assistant cover the letter
    document = models.ForeignKey("documents.Document", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("document"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("cover letter")
        verbose_name_plural = _("cover letters")
        indexes = [models.Index(fields=["owner", "-created_at"], name="coverletter_owner_created")]

    def __str__(self) -> str:
        return self.title or f"#{self.pk}"

    @property
    def engine(self) -> str:
        return (self.feedback or {}).get("engine", "")

    @property
    def score(self) -> int | None:
        return ((self.feedback or {}).get("scores") or {}).get("overall")

    @property
    def expected_questions(self) -> list[dict]:
        return (self.feedback or {}).get("expected_questions") or []


class CoverLetterVersion(models.Model):
    letter = models.ForeignKey(CoverLetter, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    content = models.TextField(_("content"))
    ai_feedback = models.TextField(_("AI feedback"), blank=True)
    feedback = models.JSONField(_("structured feedback"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("cover letter version")
        verbose_name_plural = _("cover letter versions")
        constraints = [models.UniqueConstraint(fields=["letter", "number"], name="coverletter_version_unique")]

    def __str__(self) -> str:
        return f"{self.letter_id} v{self.number}"

    @property
    def score(self) -> int | None:
        return ((self.feedback or {}).get("scores") or {}).get("overall")
