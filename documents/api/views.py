"""Seed 000 §1–2: `POST /ai/ocr/extract`, `GET /ai/task/{task_id}`, `POST /ai/file/embed`.

Answers use the seed 000 envelope `{"message", "error_code", "data"}`. Authentication: JWT
bearer, API key or session (the project's default classes); ownership always comes from the
authenticated user, never from the `user_id` field, which is kept only as the client's label.
"""
from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import seed000_body, seed000_error, seed000_status
from core.inputs import seed000_missing, seed000_payload, seed000_text_field
from core.models import Job
from core.selectors import job_for, task_renderer
from documents import selectors, services
from documents.api import serializers as s
from documents.models import DocumentType

DOC_TYPES = set(DocumentType.values)
MAX_ID_LENGTH = 200
MAX_TEXT_LENGTH = 500_000


class OcrExtractView(APIView):
    """Start OCR + embedding of a PDF or image (JSON with `file_url`, or multipart with `file`)."""

    @extend_schema(
        tags=["seed 000 · documents"], summary="OCR text extraction + embedding (async)",
        description=(
            "JSON with `file_url`, or multipart/form-data with the same fields and the file in `file`. "
            "`file_url` must be a signed link this server issued (`/files/<token>`, or a presigned URL of "
            "our S3 bucket) or point at a host listed in FILE_URL_ALLOWED_HOSTS; anything else (other "
            "hosts, private/loopback/link-local addresses, numeric IP spellings, credentials, non-http(s) "
            "schemes, redirects leaving the allowed hosts) is refused with 404 `file_not_found` 4041 and "
            "no connection is made. The file's content decides its type: a mismatch with `file_type` "
            "is 400 `invalid_file_type` 4001. Limits answer 413: `file_too_large` 4130, "
            "`too_many_pages` 4131, `image_too_large` 4132, `storage_quota_exceeded` 4133. The owner "
            "is the authenticated caller; `user_id` is kept as the client's label. Re-sending a "
            "`document_id` replaces that document's text and vectors once the new job succeeds."),
        request={"application/json": s.OcrExtractRequest, "multipart/form-data": s.OcrExtractRequest},
        responses={200: s.TaskCreatedResponse,
                   404: OpenApiResponse(description="file_not_found 4041: unreachable or refused file_url")},
    )
    def post(self, request):
        data = seed000_payload(request)
        upload = request.FILES.get("file") if hasattr(request, "FILES") else None
        fields = {name: seed000_text_field(data, name, max_length=4096 if name == "file_url" else MAX_ID_LENGTH)
                  for name in ("file_url", "file_type", "type", "user_id", "document_id")}
        required = ["file_type", "type", "user_id", "document_id"] + ([] if upload else ["file_url"])
        missing = [name for name in required if not fields[name]]
        if missing:
            raise seed000_missing(missing)
        if fields["file_type"] not in services.FILE_TYPES:
            raise seed000_error("invalid_file_type")
        if fields["type"] not in DOC_TYPES:
            raise seed000_error("invalid_document_type")
        file_data = None
        file_name = ""
        if upload is not None:
            if upload.size > settings.UPLOAD_MAX_BYTES:
                raise seed000_error("file_too_large")
            file_data = upload.read()
            file_name = upload.name or ""
        job = services.document_ingest_start(
            owner=request.user, doc_type=fields["type"], document_id=fields["document_id"],
            file_type=fields["file_type"], client_user_id=fields["user_id"], file_url=fields["file_url"] or "",
            data=file_data, file_name=file_name,
        )
        return Response({"message": "ocr_task_created", "data": {"task_id": job.id, "status": "processing"}})


class TaskView(APIView):
    """Poll a background job the caller owns."""

    @extend_schema(
        tags=["seed 000 · documents"], summary="Poll a task (OCR, masking…)",
        description=(
            "Only the caller's own tasks are visible (others answer 404 `task_not_found` 4042). While "
            "running: `task_processing` with `progress` 0–100. A failed task answers with its failure "
            "code and matching HTTP status, e.g. 500 `ocr_processing_failed` 5001 (data.reason "
            "`no_text` when a scan holds no readable text), 500 `embedding_failed` 5002, 503 "
            "`ai_service_unavailable` 5031, 404 `file_not_found` 4041, 400 `invalid_file_type` 4001; "
            "`data` carries task_id, status, reason and detail."),
        responses={200: s.TaskResponse, 404: OpenApiResponse(description="task_not_found 4042"),
                   413: OpenApiResponse(description="the job's failure code: file_too_large 4130, too_many_pages "
                                                    "4131, image_too_large 4132, storage_quota_exceeded 4133"),
                   500: OpenApiResponse(description="the job's failure code, e.g. 5001"),
                   503: OpenApiResponse(description="ai_service_unavailable 5031 (a failed job)")},
    )
    def get(self, request, task_id: str):
        job = job_for(request.user, task_id)
        if job is None:
            raise seed000_error("task_not_found")
        if job.status == Job.Status.COMPLETED:
            renderer = task_renderer(job.kind)
            return Response({"message": renderer.completed_message, "data": {
                "task_id": job.id, "status": "completed", "result": renderer.result(job, request)}})
        if job.status == Job.Status.FAILED:
            code = job.error_code or "internal_server_error"
            status, number = seed000_status(code)
            data = {"task_id": job.id, "status": "failed", "detail": job.error_message}
            if isinstance(job.result, dict) and job.result.get("reason"):
                data["reason"] = job.result["reason"]
            return Response(seed000_body(code, number, data), status=status)
        return Response({"message": "task_processing", "data": {
            "task_id": job.id, "status": "processing", "progress": job.progress}})


class FileEmbedView(APIView):
    """Embed text the client sends directly (synchronous)."""

    @extend_schema(
        tags=["seed 000 · documents"], summary="Store embeddings for given text (sync)",
        request=s.EmbedRequest,
        responses={200: s.EmbedResponse, 500: OpenApiResponse(description="embedding_failed 5002"),
                   503: OpenApiResponse(description="ai_service_unavailable 5031")},
    )
    def post(self, request):
        data = seed000_payload(request)
        fields = {name: seed000_text_field(data, name, max_length=MAX_ID_LENGTH) for name in ("type", "id", "user_id")}
        text_value = data.get("text")
        missing = [name for name in ("type", "id", "user_id") if not fields[name]]
        if text_value is None:
            missing.append("text")
        if missing:
            raise seed000_missing(missing)
        if fields["type"] not in DOC_TYPES:
            raise seed000_error("invalid_document_type")
        if not isinstance(text_value, str):
            raise seed000_error("invalid_request", "text must be a string.")
        if not text_value.strip():
            raise seed000_error("empty_text")
        if len(text_value) > MAX_TEXT_LENGTH:
            raise seed000_error("payload_too_large", f"text is longer than {MAX_TEXT_LENGTH} characters.")
        document = services.document_store_text(
            owner=request.user, doc_type=fields["type"], document_id=fields["id"], text=text_value,
            client_user_id=fields["user_id"],
        )
        return Response({"message": "embedding_success", "data": {
            "success": True, "type": document.doc_type, "id": document.document_id,
            "vector_id": document.vector_id, "collection": document.collection}})
