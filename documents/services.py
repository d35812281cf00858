"""Writes on documents: store text with its embeddings, ingest files (OCR job), delete.

`document_store_text` is the one way text gets into the vector store; other apps (postings,
cover letters, the demo loader) call it too. A document is replaced as a whole: the new
chunks are computed and embedded first, then the old chunks are swapped for the new ones in one
transaction, so a search never sees a half-replaced document and a retry never duplicates.
"""
from __future__ import annotations

import hashlib
import logging
import math
import secrets
from typing import Callable

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, transaction

import ai
from ai.errors import AIError, OCRError
from core import services as core_services
from core import uploads, urlguard
from core.broker import task_named
from core.errors import DomainError, job_failure
from core.models import Job
from documents.errors import OCR_CODES, UPLOAD_CODES, DocumentError
from documents.models import JOB_KIND, Chunk, Document, DocumentType, document_upload_to
from documents.text import chunk_pages, index_words, normalise

logger = logging.getLogger(__name__)

FILE_TYPES = ("pdf", "image")

Progress = Callable[[int], None] | None


def _embed(texts: list[str]) -> list[list[float]]:
    from ai import embeddings

    try:
        vectors = embeddings.embed(texts)
    except AIError as exc:
        if exc.retryable:
            raise DocumentError("ai_service_unavailable", exc.message, reason=exc.code) from exc
        raise DocumentError("embedding_failed", exc.message, reason=exc.code) from exc
    if len(vectors) != len(texts):
        raise DocumentError("embedding_failed", "The embedding service returned the wrong number of vectors.")
    for vector in vectors:
        if len(vector) != settings.EMBEDDING_DIM or not all(math.isfinite(x) for x in vector):
            raise DocumentError("embedding_failed", f"The embedding service returned vectors that are not "
                                                    f"{settings.EMBEDDING_DIM} finite numbers.")
    return vectors


def _clean_pages(pages: list | None) -> list[dict]:
    cleaned = []
    for index, page in enumerate(pages or [], start=1):
        cleaned.append({
            "page": int(page.get("page") or index),
            "text": normalise(page.get("text", "")),
            "source": page.get("source", "text"),
            "width": page.get("width"),
            "height": page.get("height"),
            "words": page.get("words", []),
        })
    return cleaned


def _vector_id(document: Document, text: str, engine: str) -> str:
    digest = hashlib.sha256(f"{document.pk}:{engine}:{text}".encode()).hexdigest()
    return f"vec_{digest[:16]}"


def _delete_file_later(name: str) -> None:
    if name:
        transaction.on_commit(lambda: default_storage.delete(name))


def document_store_text(*, owner, doc_type: str, document_id: str, text: str, pages: list | None = None,
                        file=None, stored_name: str = "", file_type: str = "", mime_type: str = "",
                        title: str = "", client_user_id: str | None = None, job: Job | None = None,
                        progress: Progress = None) -> Document:
    """Create or replace (owner, doc_type, document_id) with `text`, chunked and embedded.

    `pages` are per-page dicts (page, text, source, width, height, words). `file` (a Django File)
    is saved into private storage; `stored_name` adopts a file already saved there. Raises
    DocumentError (invalid_document_type, empty_text, embedding_failed, ai_service_unavailable).
    """
    if doc_type not in DocumentType.values:
        raise DocumentError("invalid_document_type")
    document_id = (document_id or "").strip()
    if not document_id:
        raise DocumentError("missing_required_field", "document_id is required.")
    pages = _clean_pages(pages)
    text = normalise(text) if not pages else "\n\n".join(p["text"] for p in pages if p["text"])
    if not text:
        raise DocumentError("empty_text")
    chunks = chunk_pages(pages, text)
    if progress:
        progress(70)
    vectors = _embed([chunk.text for chunk in chunks])  # slow or remote: outside any transaction
    # A chunk without a single word (only symbols) embeds to the zero vector: nothing to find there.
    kept = [(chunk, vector) for chunk, vector in zip(chunks, vectors) if any(vector)]
    if not kept:
        raise DocumentError("empty_text", "The text has no words to index.")
    from ai import embeddings

    engine = embeddings.space()  # "local" (hashing), "local-e5" or "openai": searches never mix spaces
    if progress:
        progress(90)

    new_file = stored_name
    file_size = 0
    if file is not None:
        probe = Document(owner=owner)
        new_file = default_storage.save(document_upload_to(probe, f"{secrets.token_hex(8)}_{file.name or 'file'}"), file)
    if new_file:
        file_size = default_storage.size(new_file)
    try:
        with transaction.atomic():
            document, _created = Document.objects.select_for_update().get_or_create(
                owner=owner, doc_type=doc_type, document_id=document_id,
            )
            old_file = document.file.name or ""
            if new_file:
                document.file.name = new_file
                document.file_size = file_size
                document.file_type = file_type
                document.mime_type = mime_type
            elif file_type == "" and not pages:
                # pasted text replaces a file-backed version entirely
                document.file.name, document.file_size, document.file_type, document.mime_type = "", 0, "", ""
            if client_user_id is not None:
                document.client_user_id = str(client_user_id)[:200]
            document.title = title[:255] or document.title
            document.text = text
            document.pages = pages
            document.status = Document.Status.READY
            document.error_code = document.error_message = ""
            document.embedding_engine = engine
            document.version += 1
            document.vector_id = _vector_id(document, text, engine)
            if job is not None:
                document.job = job
            document.save()
            Chunk.objects.filter(document=document).delete()
            Chunk.objects.bulk_create([
                Chunk(document=document, owner=owner, doc_type=doc_type, ordinal=chunk.ordinal, page=chunk.page,
                      text=chunk.text, stems=index_words(chunk.text), embedding=vector, engine=engine)
                for chunk, vector in kept
            ])
            if old_file and old_file != document.file.name:
                _delete_file_later(old_file)
    except DatabaseError as exc:
        if file is not None and new_file:
            default_storage.delete(new_file)
        logger.exception("storing document %s/%s failed", doc_type, document_id)
        raise DocumentError("embedding_failed", "The vectors could not be stored.") from exc
    return document


def document_mirror(*, owner, doc_type: str, document_id: str, text: str, title: str = "",
                    pages: list | None = None, data: bytes | None = None, file_name: str = "",
                    info: uploads.UploadInfo | None = None) -> Document | None:
    """Keep a copy of another app's text (and its uploaded file) in the documents store so search
    and the assistant find it. The caller's own record is already saved and must not be lost to a
    failing embedding service: a failure is logged and answers None."""
    try:
        return document_store_text(
            owner=owner, doc_type=doc_type, document_id=document_id, text=text, pages=pages or None,
            file=ContentFile(data, name=file_name or f"{document_id}.{info.extension}") if data and info else None,
            file_type=info.kind if info else "", mime_type=info.mime if info else "", title=title,
        )
    except (DocumentError, AIError) as exc:
        logger.warning("%s not stored for search: %s", document_id, exc)
        return None


def mirrored_delete(*, record) -> None:
    """Delete another app's record and its copy made by `document_mirror` (`record.document`), in
    one transaction."""
    with transaction.atomic():
        document = record.document
        record.delete()
        if document is not None:
            document_delete(document=document)


def document_delete(*, document: Document) -> None:
    """Delete a document, its chunks (cascade) and its file (after commit, see signals)."""
    document.delete()


# --- OCR ingest (background job) ------------------------------------------------------------------
def _upload_error(exc: uploads.UploadError) -> DocumentError:
    return DocumentError(UPLOAD_CODES.get(exc.code, "invalid_file_type"), exc.message, reason=exc.code)


def stage_upload(*, owner, data: bytes, declared_type: str) -> tuple[str, uploads.UploadInfo]:
    """Validate an uploaded file and keep it in private storage until its job adopts or drops it."""
    try:
        info = uploads.validate_upload(data, declared_type=declared_type)
        uploads.check_quota(owner, info.size)
    except uploads.UploadError as exc:
        raise _upload_error(exc) from exc
    name = default_storage.save(f"documents/{owner.pk}/staged_{secrets.token_hex(8)}.{info.extension}",
                                ContentFile(data))
    return name, info


def document_ingest_start(*, owner, doc_type: str, document_id: str, file_type: str, client_user_id: str = "",
                          file_url: str = "", data: bytes | None = None, file_name: str = "") -> Job:
    """Check the request, create the job and send it to a worker once committed.

    Either `data` (an uploaded file) or `file_url` is given. A URL is checked now (scheme, host,
    addresses; a link to our own storage is also opened and validated) so a refused URL is
    answered at once; remote content is downloaded and validated by the worker.
    """
    params = {"doc_type": doc_type, "document_id": document_id, "file_type": file_type,
              "client_user_id": client_user_id, "title": (file_name or "")[:255]}
    if data is not None:
        staged, info = stage_upload(owner=owner, data=data, declared_type=file_type)
        params.update(source="upload", staged_name=staged, staged_size=info.size)
    else:
        try:
            target = urlguard.check_url(file_url)
        except urlguard.FetchError as exc:
            raise DocumentError("file_not_found", exc.message, reason=exc.code) from exc
        if target.kind == "storage":
            try:
                source = urlguard.fetch(file_url)
            except urlguard.FetchError as exc:
                raise DocumentError("file_too_large" if exc.code == "too_large" else "file_not_found",
                                    exc.message, reason=exc.code) from exc
            staged, info = stage_upload(owner=owner, data=source.data, declared_type=file_type)
            params.update(source="upload", staged_name=staged, staged_size=info.size)
        else:
            params.update(source="url", file_url=file_url)
        params["title"] = params["title"] or file_url.split("?")[0].rstrip("/").rsplit("/", 1)[-1][:255]
    with transaction.atomic():
        job = core_services.job_create(kind=JOB_KIND, owner=owner, params=params)
        Document.objects.filter(owner=owner, doc_type=doc_type, document_id=document_id).update(
            status=Document.Status.PROCESSING, job=job)
        core_services.job_enqueue(job=job, task=task_named("documents.document_ingest"))
    return job


def document_reingest(*, document: Document) -> Job:
    """Run the OCR pipeline again on a document's stored file (admin "re-run")."""
    if not document.file.name or not default_storage.exists(document.file.name):
        raise DocumentError("file_not_found", "This document has no stored file to process again.")
    with default_storage.open(document.file.name, "rb") as fh:
        data = fh.read()
    return document_ingest_start(owner=document.owner, doc_type=document.doc_type, document_id=document.document_id,
                                 file_type=document.file_type, client_user_id=document.client_user_id,
                                 data=data, file_name=document.title)


def _load_source(job: Job) -> tuple[bytes, str]:
    params = job.params
    if params.get("source") == "upload":
        name = params.get("staged_name", "")
        if not name or not default_storage.exists(name):
            raise DocumentError("file_not_found", "The uploaded file is no longer stored.")
        with default_storage.open(name, "rb") as fh:
            return fh.read(), name
    try:
        fetched = urlguard.fetch(params.get("file_url", ""))
    except urlguard.FetchError as exc:
        code = "file_too_large" if exc.code == "too_large" else "file_not_found"
        raise DocumentError(code, exc.message, reason=exc.code) from exc
    return fetched.data, ""


def upload_pages_extract(*, data: bytes) -> list[dict]:
    """The pages' text of an uploaded PDF or image that is not stored (text layer first, OCR
    otherwise); raises DocumentError with the same seed 000 codes as an ingest."""
    try:
        info = uploads.validate_upload(data)
    except uploads.UploadError as exc:
        raise _upload_error(exc) from exc
    return _extract(data, info.kind)


def _extract(data: bytes, kind: str) -> list[dict]:
    from ai import ocr

    try:
        result = ocr.extract(data, file_type=kind, max_pages=settings.UPLOAD_MAX_PAGES,
                             max_pixels=settings.UPLOAD_MAX_PIXELS)
    except OCRError as exc:
        code = OCR_CODES.get(exc.code, "ocr_processing_failed")
        reason = "no_text" if exc.code == "OCR_NO_TEXT" else exc.code
        raise DocumentError(code, exc.message, reason=reason) from exc
    except AIError as exc:
        raise DocumentError("ai_service_unavailable" if exc.retryable else "ocr_processing_failed",
                            exc.message, reason=exc.code) from exc
    pages = [{
        "page": page.number, "text": page.text or "", "source": page.source,
        "width": page.width, "height": page.height,
        "words": [{"text": w.text, "confidence": round(float(w.confidence), 3), "box": [int(v) for v in w.box]}
                  for w in (page.words or [])],
    } for page in result.pages]
    if not any(normalise(page["text"]) for page in pages):
        # Never store (or invent) content for a file whose pages have no readable text.
        raise DocumentError("ocr_processing_failed", "No text could be read from this file.", reason="no_text")
    return pages


def result_for(document: Document) -> dict:
    """The documented seed 000 `result` of a completed OCR task."""
    return {
        "success": True,
        "extracted_text": document.text,
        "pages": [{"page": page["page"], "text": page["text"]} for page in document.pages],
        "vector_id": document.vector_id,
        "collection": document.collection,
    }


def _run_ingest(job: Job) -> dict:
    params = job.params
    owner = job.owner

    def progress(value: int) -> None:
        core_services.job_progress(job_id=job.id, progress=value)

    data, staged_name = _load_source(job)
    progress(15)
    try:
        info = uploads.validate_upload(data, declared_type=params.get("file_type") or None)
        if not staged_name:
            existing = Document.objects.filter(owner=owner, doc_type=params["doc_type"],
                                               document_id=params["document_id"]).values_list("file_size", flat=True).first()
            uploads.check_quota(owner, info.size, replacing=existing or 0)
    except uploads.UploadError as exc:
        raise _upload_error(exc) from exc
    progress(25)
    pages = _extract(data, info.kind)
    progress(60)
    file = None
    if not staged_name:
        file = ContentFile(data, name=f"source.{info.extension}")
    document = document_store_text(
        owner=owner, doc_type=params["doc_type"], document_id=params["document_id"], text="", pages=pages,
        file=file, stored_name=staged_name, file_type=info.kind, mime_type=info.mime,
        title=params.get("title", ""), client_user_id=params.get("client_user_id", ""), job=job, progress=progress,
    )
    return result_for(document)


def document_ingest(*, job_id: str) -> bool:
    """The OCR job: claim, fetch, validate, extract, chunk, embed, store. False if not claimed.

    Failures end the job with a seed 000 code and leave no trace: the staged upload is removed
    and an earlier version of the document (if any) stays as it was. That holds too for a job
    ended without running (its worker died too often, or was stopped at the time limit).
    """
    outcome = core_services.run_claimed_job(job_id=job_id, work=_ingest_work, on_failure=_ingest_failed)
    return not outcome["skipped"]


def _ingest_work(job: Job) -> dict:
    core_services.job_progress(job_id=job.id, progress=5)
    try:
        return _run_ingest(job)
    except Exception as exc:  # noqa: BLE001 - every fault ends as a seed 000 code with its reason
        raise job_failure(exc, error_class=DocumentError, code="internal_server_error",
                          timeout_code="ocr_processing_failed", timeout_message="Processing took too long.") from exc


def _ingest_failed(job: Job, code: str, message: str) -> None:
    """Remove the staged upload and mark the document failed (the job itself is failed by
    core.services.run_claimed_job)."""
    params = job.params
    staged = params.get("staged_name")
    if staged and not Document.objects.filter(file=staged).exists():
        default_storage.delete(staged)
    Document.objects.filter(owner=job.owner, doc_type=params.get("doc_type"),
                            document_id=params.get("document_id"), job=job).update(
        status=Document.Status.FAILED, error_code=code, error_message=message[:2000])


# ============================================================================ re-embedding

REEMBED_KIND = "documents.reembed"
REEMBED_BATCH = 32


def reembed_start(*, document_pks: list[int] | None = None, owner=None) -> Job:
    """Queue a background job that moves stored chunks into the current embedder's vector space
    (after LOCAL_EMBEDDER or the engine changed). `document_pks` limits it to some documents."""
    params = {"document_pks": [int(pk) for pk in document_pks]} if document_pks is not None else {}
    job = core_services.job_create(kind=REEMBED_KIND, owner=owner, params=params)
    core_services.job_enqueue(job=job, task=task_named("documents.chunks_reembed"))
    return job


def chunks_reembed(*, job_id: str) -> bool:
    """The re-embedding job: claim it, then embed the chunks not yet in the current space in
    batches, each batch written in its own transaction with the job's progress. Safe to rerun:
    chunks already moved are not selected again. False if another worker claimed the job."""
    outcome = core_services.run_claimed_job(job_id=job_id, work=_reembed_work)
    return not outcome["skipped"]


def _reembed_work(job: Job) -> dict:
    from ai import embeddings

    job_id = job.id
    target = embeddings.space()
    pending = Chunk.objects.exclude(engine=target)
    if job.params.get("document_pks") is not None:
        pending = pending.filter(document_id__in=job.params["document_pks"])
    ids = list(pending.order_by("pk").values_list("pk", flat=True))
    total, done = len(ids), 0
    try:
        for start in range(0, total, REEMBED_BATCH):
            batch = list(Chunk.objects.filter(pk__in=ids[start:start + REEMBED_BATCH]).order_by("pk"))
            vectors = _embed([chunk.text for chunk in batch])
            for chunk, vector in zip(batch, vectors):
                chunk.embedding, chunk.engine = vector, target
            with transaction.atomic():
                Chunk.objects.bulk_update(batch, ["embedding", "engine"])
                Document.objects.filter(pk__in={c.document_id for c in batch}).exclude(
                    chunks__in=Chunk.objects.exclude(engine=target)  # a document is moved once all its chunks are
                ).update(embedding_engine=target)
            done += len(batch)
            core_services.job_progress(job_id=job_id, progress=int(100 * done / max(1, total)))
    except (DocumentError, AIError, DatabaseError) as exc:
        raise DomainError(str(getattr(exc, "code", "embedding_failed")),
                        f"{done} of {total} chunks re-embedded: {exc}") from exc
    return {"space": target, "model": embeddings.model_name(), "chunks": total}
