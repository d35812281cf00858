"""The OpenAPI schema as the server really answers: every operation lists the errors it can send,
each with the body of its own surface's error format (core.errors.surface).

Views declare only the errors their own logic raises, as a status and a description without a
body (`404: OpenApiResponse(description="session_not_found 4043")`). `AutoSchema` gives every
error response the body its surface renders (`ERROR_BODIES`) and adds the errors any operation of
its kind can meet, from what the view is: the input rule and validation (400), authentication
(401), staff-only permissions and the CSRF check of cookie sessions (403), path parameters and
pages (404), request bodies (413, 415), throttles (429), and the server side (500, 503).
"""
from __future__ import annotations

from drf_spectacular import generators, openapi
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import SAFE_METHODS, AllowAny, IsAuthenticated

from core.errors import error_format

_SEED001_ENVELOPE = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {
        "type": "object",
        "required": ["code", "message"],
        "properties": {
            "code": {"type": "string", "example": "SESSION_NOT_FOUND"},
            "message": {"type": "string"},
            "details": {"type": "string", "nullable": True},
            "timestamp": {"type": "string", "format": "date-time"},
            "request_id": {"type": "string"},
            "retry_after": {"type": "integer", "description": "RATE_LIMIT_EXCEEDED: seconds to wait"},
        },
    }},
}

# format → (component name, the body core.errors.render_error writes in that format)
ERROR_BODIES: dict[str, tuple[str, dict]] = {
    "seed000": ("Seed000Error", {
        "type": "object",
        "required": ["message", "error_code", "data"],
        "properties": {
            "message": {"type": "string", "example": "resource_not_found"},
            "error_code": {"type": "integer", "example": 4040},
            "data": {"type": "object", "nullable": True, "additionalProperties": {},
                     "description": "null, or the specifics: {detail}, {retry_after}, a failed task's "
                                    "{task_id, status, reason, detail}"},
        },
    }),
    "seed001": ("Seed001Error", {
        "description": "The `error` envelope; a bad API key answers `{\"detail\": \"Invalid API key\", "
                       "\"status_code\": 401}`, a rejected session request carries both.",
        "anyOf": [_SEED001_ENVELOPE, {
            "type": "object",
            "required": ["detail", "status_code"],
            "properties": {"detail": {"type": "string"}, "status_code": {"type": "integer"}},
        }],
    }),
    "seed004": ("Seed004Error", {
        "type": "object",
        "required": ["error", "error_code", "error_message"],
        "properties": {
            # always true; no `enum: [true]`: drf-spectacular moves it into an `ErrorEnum` component that
            # schemathesis 4.32 cannot resolve from these operations, leaving their errors unchecked
            "error": {"type": "boolean", "description": "always true"},
            "error_code": {"type": "string", "example": "SESSION_NOT_FOUND"},
            "error_message": {"type": "string"},
        },
    }),
    "drf": ("Error", {
        "type": "object",
        "required": ["detail"],
        "properties": {
            "detail": {"type": "string"},
            "errors": {"description": "validation errors per field", "anyOf": [
                {"type": "object", "additionalProperties": {}}, {"type": "array", "items": {}}]},
            "retry_after": {"type": "integer"},
            "status_code": {"type": "integer", "description": "401 for a bad API key"},
        },
    }),
}

DEFAULT_ERRORS = {
    400: "The request is invalid: a field or parameter, or a control character in the URL or body.",
    401: "Missing, expired or invalid credentials.",
    403: "Not allowed: staff only, or a cookie session without its CSRF token.",
    404: "Not found, or not yours.",
    413: "The request body is too large.",
    415: "Unsupported Content-Type.",
    429: "Too many requests.",
    500: "Unexpected server error.",
    503: "A dependency (the database) is briefly unavailable.",
}
RETRY_AFTER = {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait before retrying"}}


class SchemaGenerator(generators.SchemaGenerator):
    """Views learn the error format of the surface their URL is mounted in (core.errors.surface
    marks the URL's callback, which the schema's view instances do not see otherwise)."""

    def create_view(self, callback, method, request=None):
        view = super().create_view(callback, method, request)
        if getattr(view, "error_format", None) is None:
            view.error_format = getattr(callback, "error_format", None)
        return view


class AutoSchema(openapi.AutoSchema):
    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        body = self._error_body()
        responses = operation["responses"]
        possible = {str(code) for code in self._possible_errors(operation)}
        for code in possible:
            responses.setdefault(code, {"description": DEFAULT_ERRORS[int(code)]})
        for code, response in responses.items():
            if code < "400":
                continue
            if "content" not in response:
                response["content"] = {"application/json": {"schema": body}}
            elif code in possible:  # a body of the view's own, or the surface's error for the same status
                for media in response["content"].values():
                    if media["schema"] != body:
                        media["schema"] = {"anyOf": [media["schema"], body]}
            if code in ("429", "503"):
                response.setdefault("headers", RETRY_AFTER)
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def _error_body(self) -> dict:
        name, schema = ERROR_BODIES[error_format(None, self.view) or "drf"]
        component = ResolvedComponent(name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema)
        self.registry.register_on_missing(component)
        return component.ref

    def _possible_errors(self, operation: dict) -> list[int]:
        view = self.view
        codes = [400, 500, 503]  # core.middleware's input rule guards every URL
        authenticators = view.get_authenticators()
        if authenticators:
            codes.append(401)
        permissions = view.get_permissions()
        if any(not isinstance(p, (AllowAny, IsAuthenticated)) for p in permissions) or (
                self.method not in SAFE_METHODS and any(isinstance(a, SessionAuthentication) for a in authenticators)):
            codes.append(403)
        if "{" in self.path or (self._is_list_view() and self._get_paginator() is not None):
            codes.append(404)
        if "requestBody" in operation:
            codes += [413, 415]
        if view.get_throttles():
            codes.append(429)
        return codes
