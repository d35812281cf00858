"""404/500 outside DRF views: JSON in the surface's own format for API clients (each app declares
its surfaces where it mounts its URLs, core.errors.surface), a page for people."""
from django.http import JsonResponse
from django.shortcuts import render
from rest_framework.exceptions import APIException, NotFound

from core.errors import error_format, render_error


def _api_format(request) -> str | None:
    fmt = error_format(request)
    if fmt:
        return fmt
    if "application/json" in request.headers.get("Accept", "") and "text/html" not in request.headers.get("Accept", ""):
        return "drf"
    return None


def _json(request, status: int):
    exc = NotFound() if status == 404 else APIException()
    response = render_error(_api_format(request), exc)
    return JsonResponse(response.data, status=status, json_dumps_params={"ensure_ascii": False})


def not_found(request, exception=None):
    if _api_format(request):
        return _json(request, 404)
    return render(request, "core/error.html", {"code": 404}, status=404)


def server_error(request):
    if _api_format(request):
        return _json(request, 500)
    return render(request, "core/error.html", {"code": 500}, status=500)
