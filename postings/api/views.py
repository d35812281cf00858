"""Seed 003 `/api/job-postings…` (DRF `{"detail"}` errors) and seed 000 `POST /ai/analyze` (SSE)."""
from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

import ai
from core.errors import ApiError, seed000_error, seed000_stream_error
from core.pagination import ItemsPagination
from core.parsers import BoundedJSONParser
from core.sse import StreamNegotiation, openapi_event_stream, sse_response
from postings import selectors, services
from postings.api.serializers import (
    JobPostingCreateSerializer,
    JobPostingListSerializer,
    JobPostingSerializer,
)


@extend_schema_view(
    list=extend_schema(summary="List my job postings (seed 003)", responses=JobPostingListSerializer(many=True)),
    retrieve=extend_schema(summary="Job posting detail (seed 003)"),
    destroy=extend_schema(summary="Delete a job posting"),
)
@extend_schema(tags=["job-postings"])
class JobPostingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin,
                        viewsets.GenericViewSet):
    serializer_class = JobPostingSerializer
    pagination_class = ItemsPagination
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return selectors.postings_for(self.request.user).select_related("document")

    def get_serializer_class(self):
        return JobPostingListSerializer if self.action == "list" else JobPostingSerializer

    @extend_schema(
        summary="Upload a posting (PDF/image or text) and analyse it (seed 003)",
        request={"multipart/form-data": JobPostingCreateSerializer, "application/json": JobPostingCreateSerializer},
        responses={201: JobPostingSerializer,
                   413: OpenApiResponse(description="file_too_large, too_many_pages, image_too_large, quota_exceeded"),
                   415: OpenApiResponse(description="invalid_file_type: the file is not a PDF or an image"),
                   422: OpenApiResponse(description="ocr_no_text, ocr_encrypted: no text could be read from the file"),
                   503: OpenApiResponse(description="ai_service_unavailable")},
    )
    def create(self, request, *args, **kwargs):
        upload = request.FILES.get("file")
        if upload is not None and upload.size > settings.UPLOAD_MAX_BYTES:
            raise ApiError(413, "file_too_large",
                           f"The file is larger than {settings.UPLOAD_MAX_BYTES // (1024 * 1024)} MB.")
        form = JobPostingCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        upload = form.validated_data.get("file")
        posting = services.posting_create(
            owner=request.user, text=form.validated_data.get("text", ""),
            data=upload.read() if upload is not None else None,
            file_name=upload.name if upload is not None else "", title=form.validated_data.get("title", ""),
        )
        return Response(JobPostingSerializer(posting).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Analyse the posting again (e.g. with the current AI engine)", request=None,
                   responses={200: JobPostingSerializer, 503: OpenApiResponse(description="ai_service_unavailable")})
    @action(detail=True, methods=["post"], url_path="analyze")
    def analyze(self, request, pk=None):
        posting = self.get_object()
        services.posting_reanalyze(posting=posting)
        return Response(JobPostingSerializer(posting).data)

    def perform_destroy(self, instance):
        services.posting_delete(posting=instance)


# --------------------------------------------------------------------------- POST /ai/analyze

MAX_ANALYZE_CHARS = services.MAX_TEXT_CHARS

ANALYZE_EXAMPLE = {
    "message": "analysis_complete",
    "data": {
        "success": True,
        "resume_analysis": {"strengths": ["프론트엔드 개발 경험 3년"], "weaknesses": ["클라우드 경험 부족"],
                            "suggestions": ["AWS 자격증 취득 추천"]},
        "posting_analysis": {"company": "카카오", "position": "프론트엔드 개발자",
                             "required_skills": ["React", "TypeScript", "Next.js"],
                             "preferred_skills": ["GraphQL", "AWS"], "deadline": "2026-01-15"},
        "matching": {"score": 85, "grade": "A", "matched_skills": ["React", "TypeScript"],
                     "missing_skills": ["GraphQL", "Next.js"], "recommendations": ["포트폴리오에 프로젝트 성과 수치화 필요"]},
    },
}


class AnalyzeView(APIView):
    """Resume and posting analysis plus matching in one call, streamed as Server-Sent Events."""

    parser_classes = [BoundedJSONParser]
    content_negotiation_class = StreamNegotiation

    @extend_schema(
        tags=["ai"], summary="Analyse a resume and a posting and match them (seed 000 §3, SSE)",
        request=inline_serializer("AnalyzeRequest", {
            "resume_id": serializers.CharField(), "posting_id": serializers.CharField(),
            "resume_text": serializers.CharField(), "posting_text": serializers.CharField(),
        }),
        responses={
            (200, "text/event-stream"): openapi_event_stream(
                "`progress` frames as each part finishes ({stage: started|resume_analysis|posting_analysis|"
                "matching, engine, data}), then `complete` whose data is the documented body. An error after "
                "the stream started arrives as a last `error` event in the seed 000 envelope (e.g. "
                "ai_service_unavailable 5031). Errors found before the stream starts are ordinary JSON answers.",
                [("progress", {"stage": "started", "engine": "local",
                               "stages": ["resume_analysis", "posting_analysis", "matching"]}),
                 ("progress", {"stage": "resume_analysis", "engine": "local",
                               "data": ANALYZE_EXAMPLE["data"]["resume_analysis"]}),
                 ("progress", {"stage": "posting_analysis", "engine": "local",
                               "data": ANALYZE_EXAMPLE["data"]["posting_analysis"]}),
                 ("progress", {"stage": "matching", "engine": "local", "data": ANALYZE_EXAMPLE["data"]["matching"]}),
                 ("complete", ANALYZE_EXAMPLE)]),
            400: OpenApiResponse(description="missing_resume_text 4005, missing_posting_text 4006, "
                                             "missing_required_field 4003"),
        },
    )
    def post(self, request):
        payload = request.data if isinstance(request.data, dict) else None
        if payload is None:
            raise serializers.ValidationError("The body must be a JSON object.")
        resume_text = self._text(payload, "resume_text", "missing_resume_text")
        posting_text = self._text(payload, "posting_text", "missing_posting_text")
        resume_ref = self._ref(payload, "resume_id")
        posting_ref = self._ref(payload, "posting_id")
        user = request.user
        engine = ai.engine()

        def produce(stream):
            stream.send("progress", {"stage": "started", "engine": engine, "stages": list(services.STAGES)})

            def on_stage(stage: str, result: dict) -> None:
                stream.send("progress", {"stage": stage, "engine": result.get("engine", engine), "data": result})

            outcome = services.analysis_run(user=user, resume_text=resume_text, posting_text=posting_text,
                                            resume_ref=resume_ref, posting_ref=posting_ref, on_stage=on_stage)
            stream.send("complete", outcome.body())

        return sse_response(produce, on_error=seed000_stream_error)

    @staticmethod
    def _text(payload: dict, name: str, code: str) -> str:
        value = payload.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise seed000_error(code, f"{name} is required.")
        if not isinstance(value, str):
            raise serializers.ValidationError({name: "Must be a string."})
        if len(value) > MAX_ANALYZE_CHARS:
            raise serializers.ValidationError({name: f"Must be at most {MAX_ANALYZE_CHARS} characters."})
        return value

    @staticmethod
    def _ref(payload: dict, name: str) -> str:
        value = payload.get(name)
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            if value is None:
                raise seed000_error("missing_required_field", f"{name} is required.")
            raise serializers.ValidationError({name: "Must be a string."})
        value = str(value).strip()
        if not value:
            raise seed000_error("missing_required_field", f"{name} is required.")
        return value[:200]

