"""Celery tasks for documents: thin wrappers that call one service each."""
from celery import shared_task

from documents import services


@shared_task(name="documents.document_ingest")
def document_ingest_task(job_id: str) -> dict:
    """OCR + embedding for one uploaded document; a redelivered message finds the job claimed."""
    ran = services.document_ingest(job_id=job_id)
    return {"job_id": job_id, "skipped": not ran}


@shared_task(name="documents.chunks_reembed")
def chunks_reembed_task(job_id: str) -> dict:
    """Move stored chunks to the current embedder's vector space (progress on the Job row)."""
    ran = services.chunks_reembed(job_id=job_id)
    return {"job_id": job_id, "skipped": not ran}
