"""Worker self-check: proves a worker can reach the database, Redis and file storage.

Staff run it from the admin (Jobs → "Run worker self-check"); the platform tests use it to show
the job life cycle (pending → processing → completed) and that redelivery does no work twice.
"""
import os
import socket
import time

from celery import shared_task
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from core import services
from core.models import Job


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
