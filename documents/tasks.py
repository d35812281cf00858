"""Celery tasks for documents: thin wrappers that call one service each."""
from celery import shared_task

from documents import services


@shared_task(name="documents.document_ingest")
def document_ingest_task(job_id: str) -> dict:
    """OCR + embedding for one uploaded document; a redelivered message finds the job claimed."""
    ran = services.document_ingest(job_id=job_id)
    return {"job_id": job_id, "skipped": not ran}
