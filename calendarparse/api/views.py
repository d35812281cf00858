"""Seed 000 §6 `POST /ai/calendar/parse` (synchronous, seed 000 envelope)."""
from __future__ import annotations

from collections.abc import Mapping

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from calendarparse import services
from core.errors import ApiError, seed000_error
from core.parsers import SMALL_BODY_BYTES, BoundedJSONParser

MAX_URL = 4096

EXAMPLE = {"message": "calendar_parsed", "data": {
    "success": True, "company": "카카오", "position": "백엔드 개발자",
    "schedules": [{"stage": "서류 마감", "date": "2026-01-15", "time": None},
                  {"stage": "코딩테스트", "date": "2026-01-20", "time": "14:00"},
                  {"stage": "1차 면접", "date": "2026-01-25", "time": None}],
    "hashtags": ["#카카오", "#백엔드", "#신입"]}}


class ParseBodyParser(BoundedJSONParser):
    limit = 4 * SMALL_BODY_BYTES  # a pasted posting: 256 KB is plenty


def _invalid(detail: str) -> ApiError:
    return seed000_error("invalid_request", detail)


def _field(data: Mapping, name: str, limit: int) -> str:
    value = data.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _invalid(f"{name} must be a string.")
    if "\x00" in value:
        raise _invalid(f"{name} contains a NUL character.")
    if len(value) > limit:
        raise seed000_error("payload_too_large", f"{name} is longer than {limit} characters.")
    return value.strip()


class CalendarParseView(APIView):
    parser_classes = [ParseBodyParser]

    @extend_schema(
        tags=["seed 000 · calendar"], summary="Parse a posting's hiring schedule (seed 000 §6, sync)",
        description=(
            "`text` (the posting), `file_url` (an image or PDF of it: a signed link of ours or an allow-listed "
            "host, fetched with the same guard and OCR as `/ai/ocr/extract`), or both. Years missing from dates "
            "are taken from the posting's own date, or today (Asia/Seoul), and never fall before it. A deadline "
            "such as 채용 시 마감 or 상시채용 has `date: null`. Errors (HTTP 400): `no_input_provided` 4010 "
            "(neither field), `parse_failed` 4011 (no schedule in the text) — the same numbers as the auth codes, "
            "told apart by the status; `invalid_request` 4000; fetch and OCR failures use the document codes "
            "(404 `file_not_found` 4041, 400 `invalid_file_type` 4001, 413 `file_too_large` 4130, "
            "500 `ocr_processing_failed` 5001, 503 `ai_service_unavailable` 5031)."),
        request=inline_serializer("CalendarParseRequest", {
            "file_url": serializers.CharField(required=False), "text": serializers.CharField(required=False)}),
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT, examples=[OpenApiExample("parsed", value=EXAMPLE)]),
                   400: OpenApiResponse(description="no_input_provided 4010, parse_failed 4011, invalid_request 4000"),
                   404: OpenApiResponse(description="file_not_found 4041")},
    )
    def post(self, request):
        data = request.data
        if not isinstance(data, Mapping):
            raise _invalid("The request body must be a JSON object.")
        text = _field(data, "text", services.MAX_TEXT_CHARS)
        file_url = _field(data, "file_url", MAX_URL)
        if not text and not file_url:
            raise seed000_error("no_input_provided")
        result = services.calendar_parse(text=text, file_url=file_url, today=services.user_today(request.user))
        response = Response({"message": "calendar_parsed", "data": result.public()})
        response["X-AI-Engine"] = result.engine
        return response
