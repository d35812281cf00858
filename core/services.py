"""Writes on shared records: background jobs."""
from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core.models import Job


def job_create(*, kind: str, owner=None, params: dict | None = None) -> Job:
    return Job.objects.create(kind=kind, owner=owner, params=params or {})


def job_enqueue(*, job: Job, task, args: tuple = ()) -> None:
    """Send the task once the job row is committed (workers must be able to see it)."""
    transaction.on_commit(lambda: task.delay(job.id, *args))


def job_claim(*, job_id: str) -> bool:
    """Move a pending job to processing. False if another delivery already claimed it."""
    claimed = Job.objects.filter(id=job_id, status=Job.Status.PENDING).update(
        status=Job.Status.PROCESSING, started_at=timezone.now(), attempts=F("attempts") + 1,
        updated_at=timezone.now(),
    )
    return claimed == 1


def job_progress(*, job_id: str, progress: int) -> None:
    Job.objects.filter(id=job_id, status=Job.Status.PROCESSING).update(
        progress=max(0, min(100, int(progress))), updated_at=timezone.now()
    )


def job_complete(*, job_id: str, result: Any) -> None:
    Job.objects.filter(id=job_id).update(
        status=Job.Status.COMPLETED, progress=100, result=result, finished_at=timezone.now(),
        updated_at=timezone.now(),
    )


def job_fail(*, job_id: str, error_code: str, error_message: str = "") -> None:
    Job.objects.filter(id=job_id).update(
        status=Job.Status.FAILED, error_code=error_code, error_message=error_message[:2000],
        finished_at=timezone.now(), updated_at=timezone.now(),
    )
