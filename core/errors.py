"""Error envelopes, one per API surface, and the one domain-error base.

Each API document has its own error shape. An app declares which one its URLs speak where it
mounts them (`surface` below); a view may override it with `error_format = "seed000" |
"seed001" | "seed004" | "drf"` (DRF's `{"detail": …}` is the default, used by seeds 002 and 003).
Services raise a `DomainError` subclass and views let it through: the exception handler renders
it in the view's surface (seed 000 takes its number from `SEED000_CODES`). Views may also raise
`ApiError` directly; anything else DRF raises (validation, authentication, throttling, parse
errors, 404) is translated into the same surface's format here, so a client of any one document
sees only shapes that document shows.
"""
from __future__ import annotations

import logging
from datetime import datetime, timezone

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response

from core.logging import current_request_id

logger = logging.getLogger(__name__)


class ApiError(exceptions.APIException):
    """An error with a document-specific code.

    `code` is the symbolic name (`task_not_found`, `SESSION_NOT_FOUND`), `number` the numeric
    code for seed 000 (4042), `detail` the human message.
    """

    def __init__(self, status_code: int, code: str, detail: str = "", *, number: int | None = None,
                 details: str | None = None, extra: dict | None = None):
        self.status_code = status_code
        self.code = code
        self.number = number
        self.details = details
        self.extra = extra or {}
        super().__init__(detail=detail or code, code=code)


# Seed 000 codes: code → (HTTP status, seed 000 error_code, message shown to people). Apps add
# their own with `register_seed000` at import time of their errors module.
SEED000_CODES: dict[str, tuple[int, int, str]] = {
    "invalid_request": (400, 4000, _("The request is invalid.")),
    "invalid_file_type": (400, 4001, _("This file type is not supported.")),
    "invalid_document_type": (400, 4002, _("This document type is not supported.")),
    "missing_required_field": (400, 4003, _("A required field is missing.")),
    "empty_text": (400, 4004, _("The text is empty.")),
    "file_not_found": (404, 4041, _("The file could not be found.")),
    "task_not_found": (404, 4042, _("No task with this task_id was found.")),
    # Limits on uploads: 413 with codes in the 413 family core uses for payload_too_large (4130).
    "payload_too_large": (413, 4130, _("The request is too large.")),
    "file_too_large": (413, 4130, _("The file is too large.")),
    "too_many_pages": (413, 4131, _("The file has too many pages.")),
    "image_too_large": (413, 4132, _("The image has too many pixels.")),
    "storage_quota_exceeded": (413, 4133, _("Your storage quota is full.")),
    "internal_server_error": (500, 5000, _("Server error.")),
    "ocr_processing_failed": (500, 5001, _("Text extraction (OCR) failed.")),
    "embedding_failed": (500, 5002, _("Storing the vector embeddings failed.")),
    "ai_service_unavailable": (503, 5031, _("The AI service is temporarily unavailable.")),
}


def register_seed000(code: str, status: int, number: int, message) -> None:
    """An app's own seed 000 failure code (also how `GET /ai/task/{id}` answers its failed jobs)."""
    SEED000_CODES.setdefault(code, (status, number, message))


def seed000_messages() -> dict[str, str]:
    """Every seed 000 code's message for people, in the active language (pages show job failures)."""
    return {code: str(message) for code, (_status, _number, message) in SEED000_CODES.items()}


def seed000_status(code: str) -> tuple[int, int]:
    """(HTTP status, seed 000 number) of a code; unknown codes count as internal_server_error."""
    status_code, number, _message = SEED000_CODES.get(code, SEED000_CODES["internal_server_error"])
    return status_code, number


def seed000_error(code: str, detail: str = "") -> ApiError:
    """An ApiError for a registered seed 000 code (unknown codes: internal_server_error)."""
    if code not in SEED000_CODES:
        code = "internal_server_error"
    status_code, number, message = SEED000_CODES[code]
    return ApiError(status_code, code, detail or str(message), number=number)


class DomainError(Exception):
    """A request or job an app refuses, with a stable `code` every surface can show.

    Subclasses declare how the code reads on each surface: `status` (the HTTP status when the
    raiser gives none; a code in SEED000_CODES takes its status and seed 000 number from there),
    `codes` (a code → code mapping for subclasses whose surface spells a code differently).
    `message` is for people, `details` (seed 001) and `reason` (the narrower cause a failed
    job reports, e.g. "no_text") are optional. Views let it through: the exception handler
    renders it in the view's surface."""

    status: int = 400

    def __init__(self, code: str, message: str = "", *, status: int | None = None,
                 details: str | None = None, reason: str = ""):
        registered = SEED000_CODES.get(code)
        super().__init__(message or code)
        self.code = code
        self.message = message or (str(registered[2]) if registered else code)
        self.status = status or (registered[0] if registered else type(self).status)
        self.details = details
        self.reason = reason

    def api_error(self) -> ApiError:
        registered = SEED000_CODES.get(self.code)
        return ApiError(self.status, self.code, self.message, details=self.details,
                        number=registered[1] if registered else None)


def job_failure(exc: BaseException, *, error_class: type[DomainError], code: str, timeout_message: str,
                timeout_code: str | None = None) -> DomainError:
    """Any exception a job's work raised, as the app's DomainError carrying a `reason`
    (`timeout` for Celery's soft time limit, `unexpected`, logged, for anything unforeseen):
    core.services.run_claimed_job fails the job with the error's code and keeps the reason."""
    from celery.exceptions import SoftTimeLimitExceeded

    if isinstance(exc, error_class):
        return exc
    if isinstance(exc, SoftTimeLimitExceeded):
        return error_class(timeout_code or code, timeout_message, reason="timeout")
    logger.exception("job failed")
    return error_class(code, f"{type(exc).__name__}: {exc}", reason="unexpected")


def seed000_stream_error(exc: BaseException) -> tuple[str, dict]:
    """`on_error` of a seed 000 SSE stream: errors after the first byte travel as a last
    `error` event in the seed 000 envelope."""
    from ai.errors import AIError

    if isinstance(exc, AIError):
        logger.warning("stream failed: %s %s", exc.code, exc.message)
        code = "ai_service_unavailable"
    else:
        logger.exception("stream failed")
        code = "internal_server_error"
    return "error", seed000_body(code, seed000_status(code)[1])


# Seed 000: generic codes for errors DRF raises on its own.
SEED000_GENERIC = {
    400: ("invalid_request", 4000),
    401: ("unauthorized", 4010),
    403: ("forbidden", 4030),
    404: ("resource_not_found", 4040),
    405: ("method_not_allowed", 4050),
    413: ("payload_too_large", 4130),
    415: ("unsupported_media_type", 4150),
    429: ("too_many_requests", 4290),
    500: ("internal_server_error", 5000),
    503: ("service_unavailable", 5030),
}

# Seed 001: symbolic codes for generic errors.
SEED001_GENERIC = {
    400: "INVALID_REQUEST",
    401: "UNAUTHORIZED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    429: "RATE_LIMIT_EXCEEDED",
    500: "INTERNAL_ERROR",
    503: "SERVICE_UNAVAILABLE",
}

SEED004_GENERIC = {
    400: "INVALID_REQUEST",
    401: "UNAUTHORIZED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    429: "RATE_LIMITED",
    500: "INTERNAL_ERROR",
    503: "SERVICE_UNAVAILABLE",
    504: "TIMEOUT",
}

RETRY_AFTER_SECONDS = 5  # told to clients while a dependency (the database) is briefly away


def is_unavailable(exc) -> bool:
    """A lost or refused database connection (a restart, a failover): the client may retry."""
    from django.db import InterfaceError, OperationalError

    return isinstance(exc, (OperationalError, InterfaceError))


def service_unavailable() -> exceptions.APIException:
    exc = exceptions.APIException("The service is briefly unavailable. Try again shortly.", "service_unavailable")
    exc.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    return exc


def flatten_detail(detail) -> str:
    """Turn DRF's nested validation detail into one readable sentence."""
    if isinstance(detail, dict):
        parts = []
        for field, value in detail.items():
            text = flatten_detail(value)
            parts.append(text if field == "non_field_errors" else f"{field}: {text}")
        return "; ".join(parts)
    if isinstance(detail, (list, tuple)):
        return " ".join(flatten_detail(item) for item in detail)
    return str(detail)


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def seed000_body(message: str, error_code: int, data=None) -> dict:
    return {"message": message, "error_code": error_code, "data": data}


def _auth_code(exc) -> str | None:
    """The failure code of an AuthenticationFailed (accounts.authentication sets token_expired,
    invalid_token, invalid_api_key); other token failures count as invalid_token."""
    if not isinstance(exc, exceptions.AuthenticationFailed):
        return None
    codes = exc.get_codes()
    return codes if codes in ("token_expired", "invalid_api_key") else "invalid_token"


INVALID_API_KEY_BODY = {"detail": "Invalid API key", "status_code": 401}  # seed 001's bad-key body


def render_error(fmt: str, exc: exceptions.APIException) -> Response:
    status_code = exc.status_code
    auth_code = _auth_code(exc)
    headers = {}
    wait = getattr(exc, "wait", None)
    if wait:
        headers["Retry-After"] = str(int(wait))
    is_api_error = isinstance(exc, ApiError)
    if fmt == "seed000":
        if is_api_error and exc.number is not None:
            body = seed000_body(exc.code, exc.number)
        elif auth_code == "token_expired":
            body = seed000_body("token_expired", 4011)
        elif auth_code is not None:
            body = seed000_body("invalid_token", 4012)
        else:
            code, number = SEED000_GENERIC.get(status_code, SEED000_GENERIC[500 if status_code >= 500 else 400])
            body = seed000_body(code, number)
        if isinstance(exc, (exceptions.ValidationError, exceptions.ParseError)) or wait:
            # the envelope's data carries the specifics a developer needs; data stays null elsewhere
            body["data"] = {"detail": flatten_detail(exc.detail)} if not wait else {"retry_after": int(wait)}
    elif fmt == "seed001":
        if isinstance(exc, exceptions.Throttled):
            body = {"error": {"code": "RATE_LIMIT_EXCEEDED", "message": "Rate limit exceeded",
                              "retry_after": int(wait or 0)}}
        elif (is_api_error and exc.code == "INVALID_API_KEY") or auth_code == "invalid_api_key":
            body = dict(INVALID_API_KEY_BODY)
        else:
            code = exc.code if is_api_error else SEED001_GENERIC.get(status_code, "INTERNAL_ERROR")
            body = {"error": {
                "code": code,
                "message": str(exc.detail) if is_api_error else _seed001_message(exc),
                "details": exc.details if is_api_error else _seed001_details(exc),
                "timestamp": _now(),
                "request_id": current_request_id(),
            }}
    elif fmt == "seed004":
        code = exc.code if is_api_error else SEED004_GENERIC.get(status_code, "INTERNAL_ERROR")
        body = {"error": True, "error_code": code, "error_message": flatten_detail(exc.detail)}
        body.update(exc.extra if is_api_error else {})
    else:  # DRF default, seeds 002 and 003
        if auth_code == "invalid_api_key":
            body = dict(INVALID_API_KEY_BODY)
        elif isinstance(exc, exceptions.ValidationError) and isinstance(exc.detail, (dict, list)):
            body = {"detail": flatten_detail(exc.detail), "errors": exc.detail}
        else:
            body = {"detail": flatten_detail(exc.detail)}
        if wait:
            body["retry_after"] = int(wait)
    return Response(body, status=status_code, headers=headers)


def _seed001_message(exc) -> str:
    return {
        exceptions.NotAuthenticated: "Authentication required",
        exceptions.AuthenticationFailed: "Authentication failed",
        exceptions.NotFound: "Not found",
        exceptions.ParseError: "Malformed request body",
        exceptions.ValidationError: "Invalid request",
        exceptions.MethodNotAllowed: "Method not allowed",
        exceptions.UnsupportedMediaType: "Unsupported media type",
        exceptions.PermissionDenied: "Permission denied",
    }.get(type(exc), "Request failed")


def _seed001_details(exc) -> str | None:
    return flatten_detail(exc.detail)


FORMATS = ("seed000", "seed001", "seed004", "drf")
_owned_prefixes: dict[str, str] = {}  # path prefix → format, filled by `surface` as URLconfs load


def surface(fmt: str, patterns: list, *, owns: tuple[str, ...] = ()) -> list:
    """Mount `patterns` as one API surface speaking error format `fmt`.

    Each view answers its errors in `fmt`. `owns` are the path prefixes (without the leading
    slash) this surface answers for even when nothing there matches, so an unknown `/ai/…` path
    is a seed 000 404. Two surfaces claiming one prefix with different formats is a set-up error.

        urlpatterns = [*surface("seed000", [path("ai/ocr/extract", …)], owns=("ai/",)), …]
    """
    assert fmt in FORMATS, fmt
    for prefix in owns:
        claimed = _owned_prefixes.setdefault("/" + prefix, fmt)
        if claimed != fmt:
            from django.core.exceptions import ImproperlyConfigured

            raise ImproperlyConfigured(f"/{prefix} is claimed by the {claimed} and {fmt} surfaces")
    for pattern in patterns:
        pattern.callback.error_format = fmt
    return patterns


def error_format(request, view=None) -> str | None:
    """The error format of a request: the view's own `error_format`, else the surface its URL is
    mounted in, else the surface owning the longest matching path prefix; None when no surface
    claims it (the caller decides between a page and DRF's default)."""
    fmt = getattr(view, "error_format", None)
    if not _owned_prefixes:  # a request the middleware refuses before any URL was resolved
        from django.urls import get_resolver

        get_resolver().url_patterns  # noqa: B018 - importing the URLconfs mounts the surfaces
    match = getattr(request, "resolver_match", None) if request is not None else None
    if fmt is None and match is not None:
        fmt = getattr(match.func, "error_format", None)
    if fmt is None and request is not None:
        owners = [prefix for prefix in _owned_prefixes if request.path.startswith(prefix)]
        fmt = _owned_prefixes[max(owners, key=len)] if owners else None
    return fmt


def exception_handler(exc, context):
    """DRF exception handler: picks the surface format the view declares."""
    view = context.get("view")
    fmt = error_format(context.get("request"), view) or "drf"
    if isinstance(exc, DomainError):
        exc = exc.api_error()
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, RequestDataTooBig):
        exc = exceptions.APIException("Request body too large")
        exc.status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    elif isinstance(exc, SuspiciousOperation):  # e.g. too many form fields: the client's fault
        exc = exceptions.ParseError("Malformed request")
    elif is_unavailable(exc):  # the next request opens a new connection (CONN_HEALTH_CHECKS)
        logger.warning("database unavailable in %s: %s", view.__class__.__name__ if view else "view", exc)
        exc = service_unavailable()
    if not isinstance(exc, exceptions.APIException):
        logger.exception("unhandled error in %s", view.__class__.__name__ if view else "view")
        exc = exceptions.APIException()
        exc.status_code = status.HTTP_500_INTERNAL_SERVER_ERROR
    response = render_error(fmt, exc)
    if response.status_code == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    if response.status_code == 401:
        # DRF puts the first authenticator's challenge on the exception; a 401 must carry one
        challenge = getattr(exc, "auth_header", None) or ('Bearer realm="api"' if fmt == "drf" else None)
        if challenge:
            response["WWW-Authenticate"] = challenge
    return response
