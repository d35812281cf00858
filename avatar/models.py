"""Real-time avatar interviews (seed 001): a session reached over REST and one WebSocket.

The conversation itself (questions grounded in the user's documents, answers, evaluations) lives
in an interviews.InterviewSession the avatar session points at, so the avatar uses the same
brain as the mock interviews. These tables add what only the live avatar has: the session's
life cycle, every spoken message with its timing and audio, and per-turn latency.
"""
from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_session_id() -> str:
    return "sess_" + secrets.token_hex(6)


class AvatarSession(models.Model):
    class Status(models.TextChoices):
        CREATED = "created", _("Created")
        ACTIVE = "active", _("In progress")
        PAUSED = "paused", _("Paused")
        COMPLETED = "completed", _("Completed")
        TERMINATED = "terminated", _("Ended")
        EXPIRED = "expired", _("Expired")

    LIVE = (Status.CREATED, Status.ACTIVE, Status.PAUSED)
    ENDED = (Status.COMPLETED, Status.TERMINATED, Status.EXPIRED)

    class InterviewType(models.TextChoices):
        TECHNICAL = "technical", _("Technical")
        BEHAVIORAL = "behavioral", _("Behavioral")
        GENERAL = "general", _("General")

    class Language(models.TextChoices):
        KO = "ko", _("Korean")
        EN = "en", _("English")
        JA = "ja", _("Japanese")

    class Difficulty(models.TextChoices):
        EASY = "easy", _("Easy")
        MEDIUM = "medium", _("Medium")
        HARD = "hard", _("Hard")

    class VideoStatus(models.TextChoices):
        NONE = "", _("Not requested")
        PENDING = "pending", _("Rendering")
        COMPLETED = "completed", _("Ready")
        FAILED = "failed", _("Failed")

    session_id = models.CharField(max_length=32, unique=True, default=new_session_id, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="avatar_sessions")
    user_id = models.CharField(_("client user id"), max_length=100, db_index=True)
    interview_type = models.CharField(_("interview type"), max_length=12, choices=InterviewType.choices,
                                      default=InterviewType.GENERAL)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.KO)
    difficulty = models.CharField(_("difficulty"), max_length=6, choices=Difficulty.choices, default=Difficulty.MEDIUM)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=30)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.CREATED,
                              db_index=True)
    interview = models.OneToOneField("interviews.InterviewSession", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="avatar_session")
    engine = models.CharField(_("AI engine"), max_length=10, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    resumed_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    paused_seconds = models.FloatField(default=0.0)  # total time spent paused
    feedback = models.JSONField(_("feedback"), null=True, blank=True)
    transcript_file = models.CharField(max_length=300, blank=True)
    video_file = models.CharField(max_length=300, blank=True)
    video_status = models.CharField(max_length=10, choices=VideoStatus.choices, blank=True, default="")
    video_job = models.ForeignKey("core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "status"]), models.Index(fields=["owner", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.session_id} ({self.status})"


class AvatarMessage(models.Model):
    """One utterance: the interviewer's (role ai) or the candidate's (role user).

    `offset` is seconds from the session's start on the session's own timeline (what the video
    shows); `audio_file` holds the utterance's pcm16 audio (24 kHz for the interviewer, 16 kHz for
    the candidate); `visemes` the interviewer's mouth timeline.
    """

    class Role(models.TextChoices):
        AI = "ai", _("Interviewer")
        USER = "user", _("Candidate")

    class Kind(models.TextChoices):
        GREETING = "greeting", _("Greeting")
        REPLY = "reply", _("Reply")
        CLOSING = "closing", _("Closing")
        ANSWER = "answer", _("Answer")
        REMARK = "remark", _("Remark")

    session = models.ForeignKey(AvatarSession, on_delete=models.CASCADE, related_name="messages")
    role = models.CharField(max_length=4, choices=Role.choices)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    text = models.TextField(blank=True)
    heard_text = models.TextField(blank=True)  # interviewer: what was spoken before an interruption
    interrupted = models.BooleanField(default=False)
    source = models.CharField(max_length=5, blank=True)  # user: "voice" | "text"
    confidence = models.FloatField(null=True, blank=True)
    turn_order = models.PositiveSmallIntegerField(null=True, blank=True)  # the interview turn it belongs to
    offset = models.FloatField(default=0.0)
    duration = models.FloatField(default=0.0)
    audio_file = models.CharField(max_length=300, blank=True)
    visemes = models.JSONField(default=list, blank=True)
    # Interviewer replies: end of the candidate's speech → final transcript → first token → first
    # audio → first frame, in milliseconds from the end of speech.
    latency = models.JSONField(null=True, blank=True)
    tts_segments = models.PositiveSmallIntegerField(default=0)
    tts_cache_hits = models.PositiveSmallIntegerField(default=0)
    engine = models.CharField(max_length=10, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session_id", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.session_id}/{self.role}: {self.text[:40]}"


class AvatarRecording(models.Model):
    """A stretch of the candidate's microphone audio (pcm16) placed at `offset` on the session timeline."""

    session = models.ForeignKey(AvatarSession, on_delete=models.CASCADE, related_name="recordings")
    offset = models.FloatField()
    duration = models.FloatField(default=0.0)
    sample_rate = models.PositiveIntegerField(default=16000)
    audio_file = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session_id", "offset", "id"]
