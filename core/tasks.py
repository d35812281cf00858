"""Worker tasks of core: the self-check, the sweep of jobs whose worker was lost, and the hand-back
of a job killed by Celery's hard time limit.

The self-check proves a worker can reach the database, Redis and file storage. Staff run it from
the admin (Jobs → "Run worker self-check"); the platform tests use it to show the job life cycle
(pending → processing → completed) and that redelivery does no work twice.
"""
import logging
import os
import socket
import time

from celery import shared_task
from celery.exceptions import TimeLimitExceeded
from celery.signals import task_failure
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from core import services
from core.broker import BrokerUnavailable, publish
from core.models import Job, is_job_id

logger = logging.getLogger(__name__)


def selfcheck_run(*, job_id: str) -> dict:
    checks = {}
    started = time.perf_counter()
    marker = f"selfcheck:{job_id}"
    cache.set(marker, "ok", 30)
    checks["redis"] = cache.get(marker) == "ok"
    cache.delete(marker)
    services.job_progress(job_id=job_id, progress=40)
    name = default_storage.save(f"selfcheck/{job_id}.txt", ContentFile(b"selfcheck"))
    try:
        with default_storage.open(name) as fh:
            checks["storage"] = fh.read() == b"selfcheck"
    finally:
        default_storage.delete(name)
    services.job_progress(job_id=job_id, progress=80)
    checks["database"] = Job.objects.filter(id=job_id).exists()
    return {
        "checks": checks,
        "ok": all(checks.values()),
        "worker": {"host": socket.gethostname(), "pid": os.getpid()},
        "seconds": round(time.perf_counter() - started, 4),
    }


@shared_task(name="core.selfcheck_run")
def selfcheck_run_task(job_id: str) -> dict:
    return services.run_claimed_job(job_id=job_id, work=lambda job: selfcheck_run(job_id=job.id),
                                    error_code="selfcheck_failed")


@shared_task(name="core.jobs_sweep")
def jobs_sweep_task() -> int:
    """Sent by every worker each lease period (core.heartbeat.JobSweep)."""
    return services.jobs_sweep()


@shared_task(name="core.job_stopped")
def job_stopped_task(job_id: str, error_code: str, error_message: str) -> None:
    services.job_stopped(job_id=job_id, error_code=error_code, error_message=error_message)


@task_failure.connect(dispatch_uid="core.tasks.hard_time_limit")
def _hard_time_limit(sender=None, exception=None, args=None, **kwargs) -> None:
    """Celery's hard time limit kills the pool process running a task, so run_claimed_job never
    learns of it; the worker's main process reports it here. It only publishes (it keeps no
    database connection across the forks of new pool processes): a pool process records the
    reason and hands the job back, and the delivery ends it with `timeout` and the app's hook."""
    if not isinstance(exception, TimeLimitExceeded) or not args or not is_job_id(args[0]):
        return
    seconds = exception.args[0] if exception.args else "?"
    try:
        publish(job_stopped_task, (args[0], "timeout", f"The job was stopped at its time limit of {seconds} s."))
    except BrokerUnavailable as exc:  # the sweep still hands it back once its lease runs out
        logger.error("could not report the time limit of job %s: %s", args[0], exc)
