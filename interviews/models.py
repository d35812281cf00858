"""Mock interviews: one session of up to five turns, shared by every API surface and the pages.

Seed 002 (`/sessions`, `/answers`), seed 003 (`/api/interviews/…`) and seed 000
(`/ai/interview/…`) all read and write these two tables; each surface renders them in its own
shape (for example seed 002 calls an in-progress session "started", seed 003 "in_progress").
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from interviews.types import MAX_TURNS


class InterviewSession(models.Model):
    class Type(models.TextChoices):
        PERSONALITY = "personality", _("Personality")
        TECHNICAL = "technical", _("Technical")

    class Language(models.TextChoices):
        KO = "ko", _("Korean")
        EN = "en", _("English")

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")

    class EndedBy(models.TextChoices):
        AUTO = "auto", _("All five questions answered")
        MANUAL = "manual", _("Ended early")

    class Source(models.TextChoices):
        WEB = "web", _("Web page")
        SESSIONS = "sessions", _("Sessions API")  # seed 002
        VOICE = "voice", _("Voice interview API")  # seed 003
        ROOM = "room", _("Interview room API")  # seed 000

    class ReportStatus(models.TextChoices):
        NONE = "", _("Not requested")
        PENDING = "pending", _("Being written")
        COMPLETED = "completed", _("Ready")
        FAILED = "failed", _("Failed")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interview_sessions")
    source = models.CharField(_("started from"), max_length=10, choices=Source.choices, default=Source.WEB)
    posting = models.ForeignKey("postings.JobPosting", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="interview_sessions", verbose_name=_("job posting"))
    cover_letter = models.ForeignKey("coverletters.CoverLetter", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="interview_sessions", verbose_name=_("cover letter"))
    resume = models.ForeignKey("documents.Document", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="interview_sessions", verbose_name=_("resume"))
    # Seed 000 sends the texts themselves; the web and seed 003 copy them from the chosen records.
    resume_text = models.TextField(_("resume text"), blank=True)
    posting_text = models.TextField(_("posting text"), blank=True)
    # Requirements and skills read from the posting once, when the session starts.
    posting_facts = models.JSONField(_("posting facts"), default=dict, blank=True)
    interview_type = models.CharField(_("interview type"), max_length=12, choices=Type.choices,
                                      default=Type.TECHNICAL)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.KO)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.IN_PROGRESS,
                              db_index=True)
    ended_by = models.CharField(_("ended by"), max_length=6, choices=EndedBy.choices, blank=True)
    # Seed 002 fields.
    user_name = models.CharField(_("candidate name"), max_length=100, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    emotion_summary = models.JSONField(_("delivery summary"), null=True, blank=True)
    # Seed 000 labels: the client's own room and session ids.
    room_id = models.CharField(_("room id"), max_length=100, blank=True)
    client_session_id = models.CharField(_("client session id"), max_length=100, blank=True)
    # Final report.
    total_score = models.PositiveSmallIntegerField(_("total score"), null=True, blank=True)
    grade = models.CharField(_("grade"), max_length=3, blank=True)
    total_feedback = models.TextField(_("overall feedback"), blank=True)
    report = models.JSONField(_("report"), null=True, blank=True)
    report_status = models.CharField(_("report status"), max_length=10, choices=ReportStatus.choices,
                                     blank=True, default=ReportStatus.NONE)
    report_job = models.ForeignKey("core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    engine = models.CharField(_("AI engine"), max_length=10, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "-created_at"])]
        constraints = [
            models.UniqueConstraint(fields=["owner", "client_session_id"], condition=~Q(client_session_id=""),
                                    name="interview_client_session_unique_per_user"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_interview_type_display()} ({self.get_status_display()})"

    @property
    def title(self) -> str:
        if self.posting_id and self.posting:
            return self.posting.title or self.position or ""
        return self.position or ""


class InterviewTurn(models.Model):
    """One question and its answer. `order` is 1–5 and unique within the session."""

    class AnswerSource(models.TextChoices):
        NONE = "", _("Not answered")
        VOICE = "voice", _("Voice")
        TEXT = "text", _("Typed")

    class EvaluationStatus(models.TextChoices):
        NONE = "", _("Not answered")
        PENDING = "pending", _("Waiting for evaluation")
        RUNNING = "running", _("Evaluating")
        COMPLETED = "completed", _("Evaluated")
        FAILED = "failed", _("Failed")

    session = models.ForeignKey(InterviewSession, on_delete=models.CASCADE, related_name="turns")
    order = models.PositiveSmallIntegerField(_("turn"))
    question = models.TextField(_("question"))
    question_audio = models.FileField(_("question audio"), upload_to="interviews/questions/", blank=True,
                                      max_length=300)
    question_audio_duration = models.FloatField(null=True, blank=True)
    is_followup = models.BooleanField(_("follow-up"), default=False)
    # Why this question was asked: opening, invited, competency, or followup:<gap>.
    kind = models.CharField(max_length=40, blank=True)
    competency = models.CharField(max_length=60, blank=True)
    skill = models.CharField(max_length=60, blank=True)
    reason = models.CharField(_("why this question"), max_length=300, blank=True)
    grounding = models.JSONField(_("grounding passages"), default=list, blank=True)
    question_engine = models.CharField(max_length=10, blank=True)
    answer_text = models.TextField(_("answer"), blank=True)
    answer_source = models.CharField(max_length=5, choices=AnswerSource.choices, blank=True)
    answer_audio = models.FileField(_("answer audio"), upload_to="interviews/answers/", blank=True, max_length=300)
    answer_audio_bytes = models.PositiveIntegerField(default=0)  # counted against the storage quota
    stt = models.JSONField(_("transcription"), null=True, blank=True)
    evaluation = models.JSONField(_("evaluation"), null=True, blank=True)
    evaluation_status = models.CharField(max_length=10, choices=EvaluationStatus.choices, blank=True)
    delivery = models.JSONField(_("delivery"), null=True, blank=True)
    emotion = models.JSONField(_("confidence estimate"), null=True, blank=True)
    turn_feedback = models.TextField(_("feedback"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["session_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["session", "order"], name="interview_turn_order_unique"),
            models.CheckConstraint(condition=Q(order__gte=1) & Q(order__lte=MAX_TURNS),
                                   name="interview_turn_order_range"),
        ]

    def __str__(self) -> str:
        return f"{self.session_id}/{self.order}: {self.question[:40]}"

    @property
    def answered(self) -> bool:
        return bool(self.answered_at)

    @property
    def score(self) -> int | None:
        return (self.evaluation or {}).get("score")
