"""Seed 003 `/api/cover-letters…` (DRF `{"detail"}` errors)."""
from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.selectors import owned_or_404
from core.pagination import ItemsPagination
from coverletters import selectors, services
from coverletters.api.serializers import (
    CoverLetterDetailSerializer,
    CoverLetterListSerializer,
    CoverLetterSerializer,
    CoverLetterVersionSerializer,
    CoverLetterWriteSerializer,
)
from postings.models import JobPosting

_UNSET = services._UNSET


AI_UNAVAILABLE = OpenApiResponse(description="ai_service_unavailable: the feedback could not be written")


def _posting(user, posting_id):
    """The user's posting; someone else's id is 404 like a missing one."""
    if posting_id is None:
        return None
    return owned_or_404(JobPosting, user, pk=posting_id)


@extend_schema_view(
    list=extend_schema(summary="List my cover letters (seed 003)", responses=CoverLetterListSerializer(many=True)),
    retrieve=extend_schema(summary="Cover letter detail with its posting and versions (seed 003)"),
    destroy=extend_schema(summary="Delete a cover letter"),
)
@extend_schema(tags=["cover-letters"])
class CoverLetterViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin,
                         viewsets.GenericViewSet):
    pagination_class = ItemsPagination
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        qs = selectors.letters_for(self.request.user)
        return qs.prefetch_related("versions") if self.action == "retrieve" else qs

    def get_serializer_class(self):
        return {"list": CoverLetterListSerializer, "retrieve": CoverLetterDetailSerializer}.get(
            self.action, CoverLetterSerializer)

    @extend_schema(summary="Write a cover letter and get feedback (seed 003)", request=CoverLetterWriteSerializer,
                   responses={201: CoverLetterSerializer, 404: OpenApiResponse(description="Job posting not found"),
                              503: AI_UNAVAILABLE})
    def create(self, request, *args, **kwargs):
        form = CoverLetterWriteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        posting = _posting(request.user, form.validated_data.get("job_posting_id"))
        letter = services.letter_create(owner=request.user, content=form.validated_data["content"],
                                        job_posting=posting, title=form.validated_data.get("title", ""))
        return Response(CoverLetterSerializer(letter).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Edit a cover letter: a new version with new feedback", request=CoverLetterWriteSerializer,
                   responses={200: CoverLetterDetailSerializer, 503: AI_UNAVAILABLE})
    def partial_update(self, request, *args, **kwargs):
        return self._save(request, partial=True)

    def _save(self, request, *, partial: bool):
        letter = self.get_object()
        form = CoverLetterWriteSerializer(data=request.data, partial=partial)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        posting = _posting(request.user, data["job_posting_id"]) if "job_posting_id" in data else _UNSET
        services.letter_update(letter=letter, content=data.get("content"), job_posting=posting,
                               title=data.get("title"))
        letter = owned_or_404(self.get_queryset().prefetch_related("versions"), request.user, pk=letter.pk)
        return Response(CoverLetterDetailSerializer(letter).data)

    @extend_schema(summary="Replace a cover letter's text: a new version with new feedback",
                   request=CoverLetterWriteSerializer, responses={200: CoverLetterDetailSerializer, 503: AI_UNAVAILABLE})
    def update(self, request, *args, **kwargs):
        return self._save(request, partial=False)

    @extend_schema(summary="Versions of a cover letter, newest first (all of them: not paged)",
                   responses=inline_serializer("CoverLetterVersions", {
                       "items": CoverLetterVersionSerializer(many=True), "total": serializers.IntegerField()}))
    @action(detail=True, methods=["get"])
    def versions(self, request, pk=None):
        letter = self.get_object()
        return Response({"items": CoverLetterVersionSerializer(letter.versions.all(), many=True).data,
                         "total": letter.versions.count()})

    def perform_destroy(self, instance):
        services.letter_delete(letter=instance)
