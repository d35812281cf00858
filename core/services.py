"""Writes on shared records: background jobs."""
from __future__ import annotations

import logging
from typing import Any, Callable

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from core import leases
from core.broker import BrokerUnavailable, publish
from core.models import Job

logger = logging.getLogger(__name__)


def job_create(*, kind: str, owner=None, params: dict | None = None) -> Job:
    return Job.objects.create(kind=kind, owner=owner, params=params or {})


def job_enqueue(*, job: Job, task, args: tuple = ()) -> None:
    """Send the task once the job row is committed (workers must be able to see it).

    The publish is bounded (core.broker); when the broker cannot take it, the job is marked
    failed with `queue_unavailable` so the client polling it gets an answer instead of a job
    that stays pending for ever, and the request that created it is not held up."""
    def send():
        try:
            publish(task, (job.id, *args))
        except BrokerUnavailable as exc:
            logger.error("could not enqueue job %s: %s", job.id, exc)
            job_fail(job_id=job.id, error_code="queue_unavailable",
                     error_message="The job queue is unavailable right now. Try again shortly.")

    transaction.on_commit(send)


def job_claim(*, job_id: str) -> bool:
    """Move a pending job to processing under a lease (core.leases). False when it is not this
    delivery's to run: finished, or still held by a live worker (then, inside a worker, the task
    comes back when that lease would run out, so the job is not lost if that worker dies).

    A processing job whose lease ran out (its worker died) is claimed again, up to
    JOB_MAX_ATTEMPTS attempts; past that it fails with `worker_lost`, so a file that kills
    its worker every time cannot loop for ever."""
    claimable = Q(status=Job.Status.PENDING) | (Q(status=Job.Status.PROCESSING) & leases.expired())
    claimed = Job.objects.filter(claimable, id=job_id, attempts__lt=settings.JOB_MAX_ATTEMPTS).update(
        status=Job.Status.PROCESSING, started_at=timezone.now(), attempts=F("attempts") + 1,
        updated_at=timezone.now(), lease_expires_at=leases.deadline(),
    )
    if claimed == 1:
        leases.keep(Job.objects.filter(id=job_id, status=Job.Status.PROCESSING), ("job", job_id))
        return True
    job = Job.objects.filter(id=job_id, status=Job.Status.PROCESSING).first()
    if job is None:
        return False
    remaining = (job.lease_expires_at - timezone.now()).total_seconds() if job.lease_expires_at else 0
    if remaining <= 0:  # out of attempts
        Job.objects.filter(leases.expired(), id=job_id, status=Job.Status.PROCESSING).update(
            status=Job.Status.FAILED, error_code="worker_lost", finished_at=timezone.now(),
            error_message=f"The worker running this job stopped {job.attempts} times.",
            updated_at=timezone.now(), lease_expires_at=None)
        return False
    leases.redeliver_later(remaining + 1)
    return False


def job_progress(*, job_id: str, progress: int) -> None:
    Job.objects.filter(id=job_id, status=Job.Status.PROCESSING).update(
        progress=max(0, min(100, int(progress))), updated_at=timezone.now()
    )


def job_complete(*, job_id: str, result: Any) -> None:
    leases.release(("job", job_id))
    Job.objects.filter(id=job_id).update(
        status=Job.Status.COMPLETED, progress=100, result=result, finished_at=timezone.now(),
        updated_at=timezone.now(), lease_expires_at=None,
    )


def job_fail(*, job_id: str, error_code: str, error_message: str = "") -> None:
    leases.release(("job", job_id))
    Job.objects.filter(id=job_id).update(
        status=Job.Status.FAILED, error_code=error_code, error_message=error_message[:2000],
        finished_at=timezone.now(), updated_at=timezone.now(), lease_expires_at=None,
    )


def run_claimed_job(*, job_id: str, work: Callable[[Job], Any], error_code: str = "error",
                    on_failure: Callable[[Job, str, str], None] | None = None) -> dict:
    """The one life cycle of a background job: claim → work → complete, or fail with a code.

    `work(job)` returns the job's result (stored as is). An exception carrying a `code` (every
    domain error does) fails the job with that code; Celery's soft time limit fails it with
    `timeout`; anything else is logged and fails it with `error_code`. `on_failure(job, code,
    message)` lets an app mark its own records too. A delivery that finds the job finished, or
    held by a live worker, does nothing (see job_claim); one whose worker died runs it again."""
    if not job_claim(job_id=job_id):
        return {"skipped": True, "job_id": job_id}
    job = Job.objects.select_related("owner").get(id=job_id)
    try:
        result = work(job)
    except Exception as exc:  # noqa: BLE001 - every failure is recorded on the job, never left hanging
        from celery.exceptions import SoftTimeLimitExceeded

        if isinstance(exc, SoftTimeLimitExceeded):
            code, message = "timeout", "The job took too long."
        elif getattr(exc, "code", None):
            code, message = str(exc.code), str(getattr(exc, "message", "") or exc)
        else:
            logger.exception("job %s (%s) failed", job_id, job.kind)
            code, message = error_code, f"{type(exc).__name__}: {exc}"
        if on_failure is not None:
            on_failure(job, code, message)
        job_fail(job_id=job_id, error_code=code, error_message=message)
        return {"skipped": False, "job_id": job_id, "failed": True}
    job_complete(job_id=job_id, result=result)
    return {"skipped": False, "job_id": job_id}
