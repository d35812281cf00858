"""Coding tests: problems with versioned specs, exams, participants, helper-chat sessions,
submissions graded per test, and the report written after grading."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grading.choices import Language, Verdict  # noqa: F401 - re-exported for callers


class Problem(models.Model):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    techniques = models.JSONField(_("techniques"), default=list, blank=True,
                                  help_text=_("Tags such as dp, two_pointers, bfs, greedy, prefix_sum, hashing"))
    difficulty = models.PositiveSmallIntegerField(_("difficulty"), default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title

    @property
    def latest_spec(self) -> ProblemSpec | None:
        return self.specs.order_by("-version").first()


class ProblemSpec(models.Model):
    """One immutable version of a problem; submissions and sessions point at the version they saw."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="specs")
    version = models.PositiveIntegerField(_("version"))
    statement = models.TextField(_("statement (Markdown)"))
    statement_en = models.TextField(_("English statement (Markdown)"), blank=True)
    constraints = models.TextField(_("constraints"), blank=True)
    time_limit_ms = models.PositiveIntegerField(_("time limit (ms)"), default=2000)
    memory_limit_mb = models.PositiveIntegerField(_("memory limit (MB)"), default=256)
    languages = models.JSONField(_("allowed languages"), default=list)
    checker = models.TextField(_("checker (Python)"), blank=True,
                               help_text=_("Optional. Runs sandboxed as `checker.py input expected output`; "
                                           "exit 0 accepts, exit 1 rejects. Empty: tokens must match."))
    reference_solution = models.TextField(_("reference solution (staff only)"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["problem", "-version"]
        constraints = [models.UniqueConstraint(fields=["problem", "version"], name="grading_spec_version_unique")]

    def __str__(self) -> str:
        return f"{self.problem} v{self.version}"


class TestCase(models.Model):
    spec = models.ForeignKey(ProblemSpec, on_delete=models.CASCADE, related_name="tests")
    ordinal = models.PositiveIntegerField(_("order"))
    is_sample = models.BooleanField(_("sample"), default=False)
    input_data = models.TextField(_("input"), blank=True)
    expected_output = models.TextField(_("expected output"), blank=True)

    class Meta:
        ordering = ["spec", "ordinal"]
        constraints = [models.UniqueConstraint(fields=["spec", "ordinal"], name="grading_test_ordinal_unique")]


class Exam(models.Model):
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    problems = models.ManyToManyField(Problem, related_name="exams", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return self.title

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.starts_at <= now < self.ends_at

    def is_closed(self, now=None) -> bool:
        return (now or timezone.now()) >= self.ends_at


class ExamParticipant(models.Model):
    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exam_participations")
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["exam", "user"], name="grading_participant_unique")]


class ExamSession(models.Model):
    """One participant working on one problem version: the helper chat's session."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("In progress")
        CLOSED = "closed", _("Closed")

    participant = models.ForeignKey(ExamParticipant, on_delete=models.CASCADE, related_name="sessions")
    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="sessions")
    spec = models.ForeignKey(ProblemSpec, on_delete=models.PROTECT, related_name="sessions")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    total_tokens = models.PositiveIntegerField(_("total tokens"), default=0)
    draft_code = models.TextField(blank=True)
    draft_language = models.CharField(max_length=10, choices=Language.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["participant", "problem"], name="grading_session_unique")]


class PromptMessage(models.Model):
    class Role(models.TextChoices):
        USER = "USER", _("Candidate")
        AI = "AI", _("Helper")

    session = models.ForeignKey(ExamSession, on_delete=models.CASCADE, related_name="messages")
    turn = models.PositiveIntegerField()
    role = models.CharField(max_length=4, choices=Role.choices)
    content = models.TextField()
    token_count = models.PositiveIntegerField(default=0)
    total_after = models.PositiveIntegerField(default=0, help_text="session total right after this message")
    engine = models.CharField(max_length=20, blank=True)
    tokenizer = models.CharField(max_length=100, blank=True)
    intent = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session", "turn"]
        constraints = [models.UniqueConstraint(fields=["session", "turn"], name="grading_message_turn_unique")]


class Submission(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Queued")
        RUNNING = "running", _("Grading")
        DONE = "done", _("Graded")
        ERROR = "error", _("System error")

    submission_id = models.BigIntegerField(_("submission id"), unique=True, help_text=_("Chosen by the client (seed 004)"))
    session = models.ForeignKey(ExamSession, on_delete=models.CASCADE, related_name="submissions")
    spec = models.ForeignKey(ProblemSpec, on_delete=models.PROTECT, related_name="submissions")
    language = models.CharField(max_length=10, choices=Language.choices)
    language_label = models.CharField(max_length=30, help_text="as the client sent it, e.g. python3.11")
    code = models.TextField()
    is_final = models.BooleanField(default=True, help_text=_("False for a run on the samples only"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    verdict = models.CharField(max_length=8, choices=Verdict.choices, default=Verdict.PENDING)
    compile_output = models.TextField(blank=True)
    passed = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    max_time_ms = models.PositiveIntegerField(default=0)
    max_memory_kb = models.PositiveIntegerField(default=0)
    error_message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)  # while running (core.leases)
    attempts = models.PositiveSmallIntegerField(default=0, help_text=_("Claims by a grader, at most JOB_MAX_ATTEMPTS"))
    queue = models.CharField(max_length=200, blank=True, editable=False, help_text="the Celery queue it was sent to")

    class Meta:
        ordering = ["-created_at"]


class TestResult(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="results")
    test = models.ForeignKey(TestCase, on_delete=models.CASCADE, related_name="+")
    ordinal = models.PositiveIntegerField()
    is_sample = models.BooleanField(default=False)
    verdict = models.CharField(max_length=8, choices=Verdict.choices)
    time_ms = models.PositiveIntegerField(default=0)
    memory_kb = models.PositiveIntegerField(default=0)
    exit_code = models.IntegerField(null=True, blank=True)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["submission", "ordinal"]
        constraints = [models.UniqueConstraint(fields=["submission", "test"], name="grading_result_unique")]


class Report(models.Model):
    submission = models.OneToOneField(Submission, on_delete=models.CASCADE, related_name="report")
    correctness = models.FloatField(default=0)
    code_quality = models.FloatField(default=0)
    ai_usage = models.FloatField(default=0)
    score = models.FloatField(default=0)
    details = models.JSONField(default=dict)
    engine = models.CharField(max_length=20, default="local")
    created_at = models.DateTimeField(auto_now_add=True)
