"""Request id on every request and response, available to logs and error bodies."""
import contextvars
import re
import uuid

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
_VALID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def current_request_id() -> str:
    return _request_id.get()


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
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
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
        from django.utils.translation import gettext as _

        from core.inputs import bad_char, refusal

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


def _refuse(request, exc):
    from django.http import JsonResponse
    from django.shortcuts import render

    from core.errors import render_error
    from core.handlers import _api_format

    fmt = _api_format(request)
    if fmt is None:
        return render(request, "core/error.html", {"code": 400}, status=400)
    response = render_error(fmt, exc)
    return JsonResponse(response.data, status=response.status_code, json_dumps_params={"ensure_ascii": False})
