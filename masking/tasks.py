"""Celery tasks for masking: thin wrappers that call one service each."""
from celery import shared_task

from masking import services


@shared_task(name="masking.masking_run")
def masking_run_task(job_id: str) -> dict:
    """Detect and mask one file; a redelivered message finds the job already claimed."""
    ran = services.masking_run(job_id=job_id)
    return {"job_id": job_id, "skipped": not ran}
