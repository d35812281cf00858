"""Seed 000 §7: `POST /ai/masking/draft` (polled on the shared `GET /ai/task/{task_id}`)."""
from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response

from rest_framework.views import APIView

from core.errors import seed000_error
from core.inputs import seed000_missing, seed000_payload, seed000_text_field
from masking import services
from masking.api import serializers as s


class MaskingDraftView(APIView):
    """Find personal data in an image or PDF and make a first masked copy (asynchronous)."""

    @extend_schema(
        tags=["seed 000 · masking"], summary="Personal-data masking draft (async)",
        description=(
            "JSON with `file_url`, or multipart/form-data with the file in `file`; `file_type` is `image` "
            "or `pdf`, optional `mode` `black` (default) or `blur`. Poll `GET /ai/task/{task_id}`: when done "
            "it answers `masking_completed` with `masked_file_url` (a signed link) and `detected_items`, "
            "each with `type`, `location` {x, y, width, height} in pixels of the page image, `page`, "
            "`confidence`, `rule` and `visible`. " + s.TYPE_HELP + " Errors: 400 `invalid_file_type` 4001 "
            "(unknown `file_type`, or content that is not that type: wrong magic bytes, broken or "
            "encrypted PDF, empty file), 400 `missing_required_field` 4003, 400 `invalid_request` 4000 "
            "(unknown `mode`, NUL characters), 404 `file_not_found` 4041 "
            "(unreachable, refused or private-address `file_url`), 413 `file_too_large` 4130 / "
            "`too_many_pages` 4131 / `image_too_large` 4132 (decompression bombs) / "
            "`storage_quota_exceeded` 4133, 401 4010–4012; a job that fails answers on the task endpoint "
            "with its code, e.g. 500 `masking_failed` 5003. The original file stays private."),
        request={"application/json": s.MaskingDraftRequest, "multipart/form-data": s.MaskingDraftRequest},
        responses={200: s.MaskingTaskCreated,
                   404: OpenApiResponse(description="file_not_found 4041: unreachable or refused file_url")},
    )
    def post(self, request):
        data = seed000_payload(request)
        upload = request.FILES.get("file") if hasattr(request, "FILES") else None
        fields = {name: seed000_text_field(data, name, max_length=4096 if name == "file_url" else 20)
                  for name in ("file_url", "file_type", "mode")}
        if any("\x00" in value for value in fields.values() if value):
            raise seed000_error("invalid_request", "Fields must not contain NUL characters.")
        required = ["file_type"] + ([] if upload else ["file_url"])
        missing = [name for name in required if not fields[name]]
        if missing:
            raise seed000_missing(missing)
        if fields["file_type"] not in services.FILE_TYPES:
            raise seed000_error("invalid_file_type")
        mode = fields["mode"] or "black"
        if mode not in services.MODES:
            raise seed000_error("invalid_request", "mode must be black or blur.")
        file_data, file_name = None, ""
        if upload is not None:
            if upload.size > settings.UPLOAD_MAX_BYTES:
                raise seed000_error("file_too_large")
            file_data = upload.read()
            file_name = upload.name or ""
        job = services.masking_start(owner=request.user, file_type=fields["file_type"], mode=mode,
                                     file_url=fields["file_url"] or "", data=file_data, file_name=file_name)
        return Response({"message": "masking_task_created", "data": {"task_id": job.id, "status": "processing"}})
