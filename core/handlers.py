"""404/500/503 outside DRF views: JSON in the surface's own format for API clients (each app declares
its surfaces where it mounts its URLs, core.errors.surface), a page for people."""
import sys

from django.contrib.auth.models import AnonymousUser
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from rest_framework.exceptions import APIException, NotFound

from core.errors import RETRY_AFTER_SECONDS, error_format, is_unavailable, render_error, service_unavailable


def _api_format(request) -> str | None:
    fmt = error_format(request)
    if fmt:
        return fmt
    if "application/json" in request.headers.get("Accept", "") and "text/html" not in request.headers.get("Accept", ""):
        return "drf"
    return None


def _json(request, status: int):
    exc = NotFound() if status == 404 else service_unavailable() if status == 503 else APIException()
    response = render_error(_api_format(request), exc)
    return JsonResponse(response.data, status=status, json_dumps_params={"ensure_ascii": False})


def not_found(request, exception=None):
    if _api_format(request):
        return _json(request, 404)
    return render(request, "core/error.html", {"code": 404}, status=404)


def unmatched():
    """A catch-all route for the URLs under an API path that match none of its routes (a
    non-numeric id, an unknown sub-path): the 404 of the surface it is mounted in, whatever the
    method. A fresh view per route, so core.errors.surface marks only its own; exempt from the
    pages' CSRF check, which would otherwise answer an HTML 403 to any POST or DELETE."""
    @csrf_exempt
    def view(request, *args, **kwargs):
        return not_found(request)

    return view


def server_error(request):
    """Django calls this inside its `except`: a lost database connection (anywhere, middleware
    included) is a 503 the client may retry, not a 500."""
    status = 503 if is_unavailable(sys.exc_info()[1]) else 500
    if _api_format(request):
        response = _json(request, status)
    else:
        # No database on this page: the visitor shown as anonymous, no stored messages read.
        extra = {"user": AnonymousUser(), "messages": ()} if status == 503 else {}
        response = render(request, "core/error.html", {"code": status, **extra}, status=status)
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
