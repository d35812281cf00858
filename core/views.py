import mimetypes
from typing import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from core.health import health_report
from core.storage import resolve_signed


def home(request):
    return render(request, "core/home.html")


@login_required
def dashboard(request):
    return render(request, "core/dashboard.html")


def signed_file(request, token: str):
    """Serve a private file for a valid, unexpired signed token (see core.storage)."""
    name = resolve_signed(token)
    if not name or not default_storage.exists(name):
        raise Http404
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return private(FileResponse(default_storage.open(name, "rb"), content_type=content_type))


def private(response):
    """A response with one user's own bytes (a file, a page image): cached by the browser only,
    never sniffed into another type."""
    response["Cache-Control"] = "private, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def delete_view(*, get_object: Callable, delete: Callable, message, redirect_to: str):
    """A page action (POST) that deletes one of the user's records, says so and goes back to the
    list. `get_object(request, pk)` answers 404 for anything not theirs."""
    @login_required
    @require_POST
    def view(request, pk: int):
        delete(get_object(request, pk))
        messages.success(request, message)
        return redirect(redirect_to)

    return view


HEALTH_RESPONSE = inline_serializer("HealthResponse", {
    "status": serializers.ChoiceField(["healthy", "degraded", "unhealthy"]),
    "version": serializers.CharField(),
    "timestamp": serializers.DateTimeField(),
    "gpu_available": serializers.BooleanField(),
    "gpu_memory_used_mb": serializers.IntegerField(),
    "gpu_memory_total_mb": serializers.IntegerField(),
    "services": serializers.DictField(child=serializers.ChoiceField(["operational", "degraded", "down"])),
    "details": serializers.DictField(child=serializers.CharField(), required=False,
                                     help_text="Why a service is not operational (only those)."),
})


class HealthView(APIView):
    """GET /health — seed 001 HealthResponse from real checks."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes: list = []

    @extend_schema(
        tags=["health"],
        summary="System health (seed 001)",
        responses={200: HEALTH_RESPONSE, 503: OpenApiResponse(
            HEALTH_RESPONSE, description="unhealthy: a service the platform needs is down")},
    )
    def get(self, request):
        report = health_report()
        return Response(report, status=503 if report["status"] == "unhealthy" else 200)
