import re
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_job_id() -> str:
    return f"task_{secrets.token_hex(8)}"


JOB_ID = re.compile(r"task_[0-9a-f]{16}")


def is_job_id(value) -> bool:
    """Whether `value` has the shape new_job_id gives: checked before a client's id reaches a query."""
    return isinstance(value, str) and JOB_ID.fullmatch(value) is not None


class Job(models.Model):
    """One background job that a client polls (OCR, masking, rendering, question generation…).

    `pending` → `processing` → `completed` | `failed`. A Celery task claims a pending job with a
    conditional UPDATE before doing any work, so a redelivered task never runs it twice while the
    first delivery's worker lives; a job whose worker died is claimed again (core.leases), or handed
    back to the queue by the workers' sweep when no redelivery comes (core.services.jobs_sweep).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Queued")
        PROCESSING = "processing", _("Processing")
        COMPLETED = "completed", _("Completed")
        FAILED = "failed", _("Failed")

    id = models.CharField(primary_key=True, max_length=40, default=new_job_id, editable=False)
    kind = models.CharField(_("kind"), max_length=50, db_index=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
                              related_name="jobs")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING,
                              db_index=True)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    result = models.JSONField(_("result"), null=True, blank=True)
    error_code = models.CharField(_("error code"), max_length=50, blank=True)
    error_message = models.TextField(_("error message"), blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # While processing: the claiming worker's lease (core.leases); past it, a redelivery may claim again.
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    # The Celery task that runs the job and its arguments after the job id (core.services.job_enqueue),
    # so a job whose worker was lost can be handed to another (core.services.jobs_sweep).
    task_name = models.CharField(max_length=200, blank=True, editable=False)
    task_args = models.JSONField(default=list, blank=True, editable=False)
    task_queue = models.CharField(max_length=200, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "kind", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.id} {self.kind} {self.status}"

    @property
    def public_status(self) -> str:
        """Clients see a queued job as processing: it has been accepted and will run."""
        return self.Status.PROCESSING if self.status == self.Status.PENDING else self.status
