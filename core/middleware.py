"""Request id on every request and response, available to logs and error bodies; the request guards
(input characters, body size, security headers, write throttle)."""
import re
import uuid

from django.conf import settings
from django.http import JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework.exceptions import Throttled
from rest_framework.views import APIView

from core.errors import render_error
from core.handlers import _api_format
from core.inputs import bad_char, refusal
from core.logging import REQUEST_ID
from core.parsers import PayloadTooLarge
from core.throttling import SAFE_METHODS, WriteRateThrottle

_VALID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def new_request_id() -> str:
    return f"req_{uuid.uuid4().hex[:16]}"


class RequestIdMiddleware:
    """Takes a well-formed X-Request-ID from the client or makes one; echoes it back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _VALID.match(incoming) else new_request_id()
        request.request_id = request_id
        token = REQUEST_ID.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            REQUEST_ID.reset(token)
        response["X-Request-ID"] = request_id
        return response


class KoreanFirstLocaleMiddleware(LocaleMiddleware):
    """Korean unless the visitor chose English (language cookie); browser Accept-Language is ignored,
    so a Korean job seeker on an English-language laptop still gets the Korean product."""

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class InputGuardMiddleware:
    """The URL half of the project's input rule (core.inputs): a path or query string with a
    control character is refused with the surface's own 400 before any view or query sees it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        found = bad_char(request.path, url=True)
        where = _("The URL path")
        if not found:
            for key, values in request.GET.lists():
                found = bad_char(key, url=True) or next(filter(None, (bad_char(v, url=True) for v in values)), None)
                if found:
                    where = _("The query string")
                    break
        if found:
            return _refuse(request, refusal(where, found))
        return self.get_response(request)


def _length(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None  # absent or malformed: the parsers answer a malformed one


class RequestBodyLimit:
    """ASGI wrapper around Django's HTTP application: no more of a body than
    REQUEST_BODY_MAX_BYTES is ever read. A body whose Content-Length is over the limit is not read
    at all, and a chunked one (no Content-Length) is cut where it passes the limit; either way
    scope["body_too_large"] tells BodyTooLargeMiddleware to answer 413 in the surface's format.
    (Under daphne, config.asgi also keeps twisted from holding more of it.)"""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = settings.REQUEST_BODY_MAX_BYTES
        declared = _length(dict(scope.get("headers") or ()).get(b"content-length"))
        scope = {**scope, "body_too_large": declared is not None and declared > limit}
        received, ended = 0, False
        end = {"type": "http.request", "body": b"", "more_body": False}

        async def bounded_receive():
            nonlocal received, ended
            while ended:  # after the body only the disconnect matters; the rest of a cut body is dropped
                message = await receive()
                if message["type"] != "http.request":
                    return message
            if scope["body_too_large"]:
                ended = True
                return end
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    scope["body_too_large"] = ended = True
                    return end
                ended = not message.get("more_body", False)
            return message

        return await self.app(scope, bounded_receive, send)


class BodyTooLargeMiddleware:
    """413 in the surface's format for a body over REQUEST_BODY_MAX_BYTES: flagged by
    RequestBodyLimit under ASGI, or declared by its Content-Length (under WSGI nothing has read
    the body yet). It runs before anything reads request.POST."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        declared = _length(request.META.get("CONTENT_LENGTH"))
        if getattr(request, "scope", {}).get("body_too_large") or (declared or 0) > settings.REQUEST_BODY_MAX_BYTES:
            return _refuse(request, PayloadTooLarge())
        return self.get_response(request)


def _refuse(request, exc):
    """`exc` (a DRF APIException) in the surface's JSON format, or the error page for people."""
    fmt = _api_format(request)
    if fmt is None:
        response = render(request, "core/error.html", {"code": exc.status_code}, status=exc.status_code)
        wait = getattr(exc, "wait", None)
        if wait:
            response["Retry-After"] = str(int(wait))
        return response
    rendered = render_error(fmt, exc)
    response = JsonResponse(rendered.data, status=rendered.status_code, json_dumps_params={"ensure_ascii": False})
    if rendered.has_header("Retry-After"):
        response["Retry-After"] = rendered["Retry-After"]
    return response


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response (settings
    CONTENT_SECURITY_POLICY, CSP_DOCS_PATHS/CSP_DOCS_OVERRIDES, PERMISSIONS_POLICY); Django's
    SecurityMiddleware adds HSTS, nosniff, Referrer-Policy and COOP, XFrameOptionsMiddleware the
    frame header."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = self._render(settings.CONTENT_SECURITY_POLICY)
        self.docs_policy = self._render({**settings.CONTENT_SECURITY_POLICY, **settings.CSP_DOCS_OVERRIDES})
        self.docs_paths = tuple(settings.CSP_DOCS_PATHS)

    @staticmethod
    def _render(directives: dict) -> str:
        return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())

    def __call__(self, request):
        response = self.get_response(request)
        docs = request.path.startswith(self.docs_paths)
        response.headers.setdefault("Content-Security-Policy", self.docs_policy if docs else self.policy)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class PageWriteThrottleMiddleware:
    """The write budget (core.throttling.WriteRateThrottle) for everything that is not a DRF view:
    the pages' forms and fetch endpoints, the admin. DRF views apply it themselves, after
    authenticating the bearer token or API key that identifies the user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in SAFE_METHODS:
            return None
        view_class = getattr(view_func, "cls", None)
        if isinstance(view_class, type) and issubclass(view_class, APIView):
            return None
        throttle = WriteRateThrottle()
        if throttle.allow_request(request, None):
            return None
        return _refuse(request, Throttled(wait=throttle.wait()))
