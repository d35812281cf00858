"""Seed 001 REST endpoints: sessions, config and stats, authenticated by X-API-Key.

Errors use seed 001's envelope (avatar.api.urls mounts these views as that surface); a request body or query the
document shows a 400 for answers `{"detail", "status_code"}` like the document, with the
`error` object alongside so either reading works. Every lookup is scoped to the key's owner:
another account's session id answers 404 SESSION_NOT_FOUND.
"""
from __future__ import annotations

from datetime import timezone as dt_timezone

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from ai.config import active_config
from avatar import selectors, services
from avatar.api import serializers as s
from avatar.api.throttles import ApiKeyRateThrottle
from core.errors import _now, flatten_detail
from core.logging import current_request_id
from core.throttling import WriteRateThrottle

TAGS = ["Avatar interviewer (seed 001)"]
NOT_LIVE = {409: OpenApiResponse(description="SESSION_NOT_ACTIVE (ended, or not started) or SESSION_ALREADY_ACTIVE"),
            410: OpenApiResponse(description="SESSION_EXPIRED")}


def _iso(value):
    return value.astimezone(dt_timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z") if value else None


def bad_request(errors) -> Response:
    """Seed 001's 400 body, e.g. "Invalid interview_type. Must be one of: technical, behavioral, general"."""
    messages = []
    for field, problems in errors.items():
        for problem in problems if isinstance(problems, list) else [problems]:
            text = str(problem)
            if getattr(problem, "code", "") == "required":
                text = f"Missing required field: {field}"
            elif not text.startswith("Invalid") and field != "non_field_errors":
                text = f"Invalid {field}: {text}"
            messages.append(text)
    detail = "; ".join(messages) or flatten_detail(errors)
    return Response({"detail": detail, "status_code": 400,
                     "error": {"code": "INVALID_REQUEST", "message": detail, "details": flatten_detail(errors),
                               "timestamp": _now(), "request_id": current_request_id()}},
                    status=status.HTTP_400_BAD_REQUEST)


class AvatarAPIView(APIView):
    throttle_classes = [ApiKeyRateThrottle, WriteRateThrottle]

    def session(self, session_id: str):
        return selectors.session_get(owner=self.request.user, session_id=session_id)


def _reject_nul(request):
    if "\x00" in request.get_full_path() or any("\x00" in v for v in request.query_params.values()):
        return bad_request({"query": ["must not contain NUL characters"]})
    return None


class SessionListCreateView(AvatarAPIView):
    @extend_schema(tags=TAGS, summary="Create an interview session", request=s.SessionCreateIn, responses={
        201: s.SessionOut, 429: OpenApiResponse(description="RATE_LIMIT_EXCEEDED, or SESSION_LIMIT_REACHED")},
                   operation_id="avatar_sessions_create", description=(
                       "Defaults: interview_type general, language ko, difficulty medium, duration_minutes 30 "
                       "(5–120). `websocket_url` points at this server. `daily_room_url` is null unless the "
                       "server sets AVATAR_DAILY_DOMAIN. `ja` is accepted: Japanese greeting and speech "
                       "(espeak-ng, robotic), English questions, Whisper base transcription with more errors "
                       "than Korean. Limits: 60 requests/min per key (429 RATE_LIMIT_EXCEEDED with "
                       "retry_after), 5 open sessions per user_id (429 SESSION_LIMIT_REACHED)."))
    def post(self, request):
        data = s.SessionCreateIn(data=request.data if isinstance(request.data, dict) else {"_": request.data})
        if not isinstance(request.data, dict):
            return bad_request({"non_field_errors": ["The body must be a JSON object"]})
        if not data.is_valid():
            return bad_request(data.errors)
        session = services.session_create(owner=request.user, **data.validated_data)
        return Response(selectors.session_response(session, request=request), status=status.HTTP_201_CREATED)

    @extend_schema(tags=TAGS, summary="List a user's sessions", operation_id="avatar_sessions_list",
                   responses={200: s.SessionListOut}, parameters=[
        OpenApiParameter("user_id", str, required=True), OpenApiParameter("status", str),
        OpenApiParameter("limit", int), OpenApiParameter("offset", int)])
    def get(self, request):
        bad = _reject_nul(request)
        if bad:
            return bad
        data = s.SessionListIn(data=request.query_params)
        if not data.is_valid():
            return bad_request(data.errors)
        v = data.validated_data
        qs = selectors.sessions_list(owner=request.user, user_id=v["user_id"], status=v["status"])
        total = qs.count()
        page = list(qs[v["offset"]:v["offset"] + v["limit"]])
        return Response({"total": total, "limit": v["limit"], "offset": v["offset"], "sessions": [
            {"session_id": x.session_id, "user_id": x.user_id, "status": x.status,
             "interview_type": x.interview_type, "language": x.language, "created_at": _iso(x.created_at),
             "duration_seconds": selectors.duration_seconds(x)} for x in page]})


class SessionDetailView(AvatarAPIView):
    @extend_schema(tags=TAGS, summary="Get a session", responses={200: s.SessionOut},
                   operation_id="avatar_sessions_retrieve")
    def get(self, request, session_id: str):
        return Response(selectors.session_response(self.session(session_id), request=request))

    @extend_schema(tags=TAGS, summary="End a session and get its summary", responses={200: s.SummaryOut},
                   operation_id="avatar_sessions_end", description="Feedback is 0–10. transcript_url is a signed link at once; video_url is null "
                               "until the rendering job finishes (summary.video_status, video_progress); poll "
                               "GET /api/sessions/{session_id}, which then carries the same summary.")
    def delete(self, request, session_id: str):
        session = self.session(session_id)
        session = services.session_end(session=session, status=services.Status.TERMINATED)
        return Response(selectors.session_summary(session, request=request))


class SessionPauseView(AvatarAPIView):
    @extend_schema(tags=TAGS, summary="Pause a session", request=None, responses={200: s.PauseOut, **NOT_LIVE},
                   operation_id="avatar_sessions_pause")
    def post(self, request, session_id: str):
        session = services.session_pause(session=self.session(session_id))
        return Response({"session_id": session.session_id, "status": session.status,
                         "paused_at": _iso(session.paused_at)})


class SessionResumeView(AvatarAPIView):
    @extend_schema(tags=TAGS, summary="Resume a paused session", request=None, responses={200: s.ResumeOut, **NOT_LIVE},
                   operation_id="avatar_sessions_resume")
    def post(self, request, session_id: str):
        session = services.session_resume(session=self.session(session_id))
        return Response({"session_id": session.session_id, "status": session.status,
                         "resumed_at": _iso(session.resumed_at)})


class ConfigView(AvatarAPIView):
    @extend_schema(tags=TAGS, summary="Providers and models in use", responses={200: s.ConfigOut},
                   operation_id="avatar_config")
    def get(self, request):
        config = active_config()
        config["avatar"].update(renderer="avatar.renderer (Pillow, CPU)", lip_sync="espeak-ng phoneme events"
                                if config["engine"] == "local" else "audio energy")
        return Response(config)


class StatsView(AvatarAPIView):
    @extend_schema(tags=TAGS, summary="Usage statistics", responses={200: s.StatsOut},
                   operation_id="avatar_stats", parameters=[
        OpenApiParameter("period", str, enum=["today", "week", "month"]), OpenApiParameter("user_id", str)])
    def get(self, request):
        bad = _reject_nul(request)
        if bad:
            return bad
        data = s.StatsIn(data=request.query_params)
        if not data.is_valid():
            return bad_request(data.errors)
        body = selectors.stats(owner=request.user, period=data.validated_data["period"],
                               user_id=data.validated_data.get("user_id"))
        body["generated_at"] = _iso(timezone.now())
        return Response(body)
