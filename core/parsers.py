"""Request-body parsers with a size cap; the project's DRF defaults.

DRF's stock parsers read the whole stream whatever its size and let a deeply nested JSON
document escape as RecursionError (a 500); these answer 413 and 400 instead. Endpoints whose
bodies are a few fields subclass them with a smaller `limit`. Every parsed body also passes the
project's input rule (core.inputs): no NUL or other senseless control character in any key,
string or file name, and form bodies must be valid in their declared encoding.
"""
from __future__ import annotations

import json
from urllib.parse import parse_qsl

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import QueryDict
from rest_framework import exceptions, parsers, status

from core.inputs import check_data

SMALL_BODY_BYTES = 64 * 1024  # for endpoints whose bodies are a few fields


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "Request body too large"
    default_code = "payload_too_large"


def _read_bounded(stream, parser_context, limit: int | None) -> bytes:
    limit = limit or settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    request = (parser_context or {}).get("request")
    declared = request.META.get("CONTENT_LENGTH") if request is not None else None
    try:
        if declared and int(declared) > limit:
            raise PayloadTooLarge()
    except ValueError:
        raise exceptions.ParseError("Invalid Content-Length") from None
    if stream is None:
        return b""
    data = stream.read(limit + 1)  # chunked bodies have no length to trust
    if len(data) > limit:
        raise PayloadTooLarge()
    return data


class BoundedJSONParser(parsers.JSONParser):
    limit: int | None = None  # None: DATA_UPLOAD_MAX_MEMORY_SIZE

    def parse(self, stream, media_type=None, parser_context=None):
        data = _read_bounded(stream, parser_context, self.limit)
        encoding = (parser_context or {}).get("encoding") or "utf-8"
        try:
            parsed = json.loads(data.decode(encoding), parse_constant=self._reject_constant)
        except (ValueError, RecursionError, LookupError) as exc:
            raise exceptions.ParseError("JSON parse error: the body is not valid JSON") from exc
        check_data(parsed)
        return parsed

    @staticmethod
    def _reject_constant(name):
        raise ValueError(f"{name} is not valid JSON")


class BoundedFormParser(parsers.FormParser):
    limit: int | None = None

    def parse(self, stream, media_type=None, parser_context=None):
        data = _read_bounded(stream, parser_context, self.limit)
        encoding = (parser_context or {}).get("encoding") or "utf-8"
        try:
            # Django replaces undecodable bytes with U+FFFD silently; a form that is not valid in
            # its declared encoding is refused instead of stored as something the client never sent.
            parse_qsl(data.decode(encoding), keep_blank_values=True, encoding=encoding, errors="strict",
                      max_num_fields=settings.DATA_UPLOAD_MAX_NUMBER_FIELDS)
            parsed = QueryDict(data, encoding=encoding)
        except (SuspiciousOperation, ValueError, LookupError) as exc:  # UnicodeDecodeError is a ValueError
            raise exceptions.ParseError("Form parse error") from exc
        check_data(parsed)
        return parsed


class BoundedMultiPartParser(parsers.MultiPartParser):
    limit: int | None = None  # None: REQUEST_BODY_MAX_BYTES, an upload plus room for the other fields

    def parse(self, stream, media_type=None, parser_context=None):
        request = (parser_context or {}).get("request")
        declared = request.META.get("CONTENT_LENGTH") if request is not None else None
        limit = self.limit or settings.REQUEST_BODY_MAX_BYTES
        try:
            if declared and int(declared) > limit:
                raise PayloadTooLarge()
        except ValueError:
            raise exceptions.ParseError("Invalid Content-Length") from None
        try:
            parsed = super().parse(stream, media_type, parser_context)
        except SuspiciousOperation as exc:  # Django's field-count and size guards
            raise exceptions.ParseError("Multipart form parse error") from exc
        check_data(parsed.data)
        check_data(parsed.files)
        return parsed
