"""Error envelopes, one per API surface.

Each API document has its own error shape. A view declares which one it speaks with
`error_format = "seed000" | "seed001" | "seed004"` (DRF's `{"detail": …}` is the default,
used by seeds 002 and 003). Views raise `ApiError` with the document's code; anything else DRF
raises (validation, authentication, throttling, parse errors, 404) is translated into the same
surface's format here, so a client of any one document sees only shapes that document shows.
"""
from __future__ import annotations

import logging
from datetime import datetime, timezone

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response

from core.middleware import current_request_id

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


def exception_handler(exc, context):
    """DRF exception handler: picks the surface format the view declares."""
    view = context.get("view")
    fmt = getattr(view, "error_format", "drf")
    if isinstance(exc, Http404):
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
