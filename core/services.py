"""Writes on shared records: background jobs."""
from __future__ import annotations

import logging
from typing import Any, Callable

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from core import leases
from core.broker import BrokerUnavailable, own_queue, publish, queue_of
from core.models import Job

logger = logging.getLogger(__name__)


def job_create(*, kind: str, owner=None, params: dict | None = None) -> Job:
    return Job.objects.create(kind=kind, owner=owner, params=params or {})


def job_enqueue(*, job: Job, task, args: tuple = ()) -> None:
    """Send the task once the job row is committed (workers must be able to see it). The job
    records the task, so the sweep can send it again if its worker is lost (jobs_sweep).

    The publish is bounded (core.broker); when the broker cannot take it, the job is marked
    failed with `queue_unavailable` so the client polling it gets an answer instead of a job
    that stays pending for ever, and the request that created it is not held up."""
    job.task_name, job.task_args, job.task_queue = task.name, list(args), queue_of(task)
    Job.objects.filter(id=job.id).update(task_name=job.task_name, task_args=job.task_args, task_queue=job.task_queue)

    def send():
        try:
            publish(task, (job.id, *args), queue=job.task_queue)
        except BrokerUnavailable as exc:
            logger.error("could not enqueue job %s: %s", job.id, exc)
            job_fail(job_id=job.id, error_code="queue_unavailable",
                     error_message="The job queue is unavailable right now. Try again shortly.")

    transaction.on_commit(send)


def job_claim(*, job_id: str, on_failure: Callable[[Job, str, str], None] | None = None) -> bool:
    """Move a pending job to processing under a lease (core.leases). False when it is not this
    delivery's to run: finished, or still held by a live worker (then, inside a worker, the task
    comes back when that lease would run out, so the job is not lost if that worker dies).

    A processing job whose lease ran out (its worker died) is claimed again, up to
    JOB_MAX_ATTEMPTS attempts. A job that can no longer be claimed ends here instead: past the
    attempts with `worker_lost`, so a file that kills its worker every time cannot loop for ever,
    or with the reason recorded when a worker stopped it (job_stopped: the hard time limit).
    `on_failure(job, code, message)` lets the app mark its own records, as in run_claimed_job."""
    claimable = Q(status=Job.Status.PENDING) | (Q(status=Job.Status.PROCESSING) & leases.expired())
    claimed = Job.objects.filter(claimable, id=job_id, error_code="", attempts__lt=settings.JOB_MAX_ATTEMPTS).update(
        status=Job.Status.PROCESSING, started_at=timezone.now(), attempts=F("attempts") + 1,
        updated_at=timezone.now(), lease_expires_at=leases.deadline(),
    )
    if claimed == 1:
        leases.keep(Job.objects.filter(id=job_id, status=Job.Status.PROCESSING), ("job", job_id))
        return True
    job = Job.objects.select_related("owner").filter(
        id=job_id, status__in=(Job.Status.PENDING, Job.Status.PROCESSING)).first()
    if job is None:
        return False
    held = job.status == Job.Status.PROCESSING and job.lease_expires_at is not None
    remaining = (job.lease_expires_at - timezone.now()).total_seconds() if held else 0
    if remaining > 0:
        leases.redeliver_later(remaining + 1)
        return False
    code = job.error_code or "worker_lost"
    message = job.error_message or f"The worker running this job stopped {job.attempts} times."
    if on_failure is not None:
        on_failure(job, code, message)
    job_fail(job_id=job_id, error_code=code, error_message=message)
    return False


def job_stopped(*, job_id: str, error_code: str, error_message: str) -> None:
    """A worker stopped a processing job from outside (Celery's hard time limit killed the process
    running it): the reason is recorded and the job handed back, so the worker that receives it
    ends it through run_claimed_job with that reason and the app's failure hook."""
    Job.objects.filter(id=job_id, status=Job.Status.PROCESSING).update(
        error_code=error_code, error_message=error_message[:2000], lease_expires_at=None, updated_at=timezone.now())
    job_hand_back(job_id=job_id)


def job_hand_back(*, job_id: str) -> bool:
    """Send a processing job that no worker holds (its lease ran out) to the queue again: pending
    once more, with its recorded task. False when it is held, finished, or has no recorded task
    (a job run in-process, such as `manage.py reembed --inline`, has no worker to lose)."""
    from celery import current_app

    job = Job.objects.filter(leases.expired(), id=job_id, status=Job.Status.PROCESSING).exclude(task_name="").first()
    if job is None:
        return False
    task = current_app.tasks.get(job.task_name)
    if task is None:  # renamed or removed since the job was queued
        job_fail(job_id=job_id, error_code="worker_lost", error_message=f"No worker runs {job.task_name} any more.")
        return False
    if not Job.objects.filter(leases.expired(), id=job_id, status=Job.Status.PROCESSING).update(
            status=Job.Status.PENDING, lease_expires_at=None, updated_at=timezone.now()):
        return False  # claimed again meanwhile (a broker redelivery)
    try:
        publish(task, (job_id, *job.task_args), queue=job.task_queue or queue_of(task))
    except BrokerUnavailable as exc:
        logger.error("could not hand job %s back: %s", job_id, exc)
        job_fail(job_id=job_id, error_code="queue_unavailable",
                 error_message="The job queue is unavailable right now. Try again shortly.")
        return False
    logger.warning("job %s (%s) had no live worker: handed back after %s attempts", job_id, job.kind, job.attempts)
    return True


_SWEEPS: list[Callable[[], int]] = []


def sweep_register(sweep: Callable[[], int]) -> None:
    """Run an app's own sweep (of records it leases itself, like grading's submissions) with every
    jobs_sweep; it returns how many it handed back. Called from the app's ready()."""
    if sweep not in _SWEEPS:
        _SWEEPS.append(sweep)


def jobs_sweep(*, limit: int = 200) -> int:
    """Hand back every processing job whose lease ran out with no worker holding it: a worker lost
    with no broker redelivery (or one that comes only after the visibility timeout), or a job
    stopped by the hard time limit; then run the apps' sweeps (sweep_register). Each worker asks
    for a sweep every lease period (core.heartbeat.JobSweep); the conditional updates let several
    sweep at once. A worker sweeps the jobs sent to its own queue (CELERY_QUEUE): those another group
    sent are that group's to run. Returns how many."""
    ids = list(Job.objects.filter(leases.expired(), status=Job.Status.PROCESSING, task_queue__in=[own_queue(), ""])
               .exclude(task_name="")
               .order_by("lease_expires_at").values_list("id", flat=True)[:limit])
    return sum(job_hand_back(job_id=job_id) for job_id in ids) + sum(sweep() for sweep in _SWEEPS)


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


def job_fail(*, job_id: str, error_code: str, error_message: str = "", reason: str = "") -> None:
    """End a job as failed; `reason` (a domain error's narrower cause, e.g. "no_text") is kept as its result."""
    leases.release(("job", job_id))
    Job.objects.filter(id=job_id).update(
        status=Job.Status.FAILED, error_code=error_code, error_message=error_message[:2000],
        finished_at=timezone.now(), updated_at=timezone.now(), lease_expires_at=None,
        **({"result": {"reason": reason}} if reason else {}),
    )


def run_claimed_job(*, job_id: str, work: Callable[[Job], Any], error_code: str = "error",
                    on_failure: Callable[[Job, str, str], None] | None = None) -> dict:
    """The one life cycle of a background job: claim → work → complete, or fail with a code.

    `work(job)` returns the job's result (stored as is). An exception carrying a `code` (every
    domain error does) fails the job with that code; Celery's time limits fail it with `timeout`;
    anything else is logged and fails it with `error_code`. `on_failure(job, code, message)` lets
    an app mark its own records too. A delivery that finds the job finished, or held by a live
    worker, does nothing; one whose worker died runs it again, or ends it (see job_claim)."""
    if not job_claim(job_id=job_id, on_failure=on_failure):
        return {"skipped": True, "job_id": job_id}
    job = Job.objects.select_related("owner").get(id=job_id)
    try:
        result = work(job)
    except Exception as exc:  # noqa: BLE001 - every failure is recorded on the job, never left hanging
        from celery.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded

        # The hard limit is raised here only by the gevent and eventlet pools; the prefork pool
        # kills the process instead (core.tasks hands such a job back: job_stopped).
        if isinstance(exc, (SoftTimeLimitExceeded, TimeLimitExceeded)):
            code, message = "timeout", "The job took too long."
        elif getattr(exc, "code", None):
            code, message = str(exc.code), str(getattr(exc, "message", "") or exc)
        else:
            logger.exception("job %s (%s) failed", job_id, job.kind)
            code, message = error_code, f"{type(exc).__name__}: {exc}"
        if on_failure is not None:
            on_failure(job, code, message)
        job_fail(job_id=job_id, error_code=code, error_message=message, reason=getattr(exc, "reason", ""))
        return {"skipped": False, "job_id": job_id, "failed": True}
    job_complete(job_id=job_id, result=result)
    return {"skipped": False, "job_id": job_id}
