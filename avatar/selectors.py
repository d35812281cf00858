"""Reads for avatar sessions: lookups scoped to the API key's owner, the seed 001 response
bodies (SessionResponse, SessionSummary), per-turn latency and usage statistics."""
from __future__ import annotations

import re
import statistics
from datetime import timedelta
from datetime import timezone as dt_timezone

from django.db.models import Count, Q, Sum
from django.utils import timezone

from avatar import services
from avatar.models import AvatarMessage, AvatarSession
from core.storage import signed_url

SESSION_ID_RE = re.compile(r"[A-Za-z0-9_-]{1,32}")
LATENCY_STAGES = ("stt_ms", "first_token_ms", "first_audio_ms", "first_frame_ms")


def _iso(value) -> str | None:
    if value is None:
        return None
    return value.astimezone(dt_timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def session_get(*, owner, session_id: str) -> AvatarSession:
    """The owner's session (expired first if its time is up); SESSION_NOT_FOUND for anyone else's."""
    session_id = str(session_id)
    valid = SESSION_ID_RE.fullmatch(session_id) is not None
    session = (AvatarSession.objects.select_related("interview", "video_job")
               .filter(owner=owner, session_id=session_id).first()) if valid else None
    if session is None:
        raise services.AvatarError("SESSION_NOT_FOUND", "Session not found", status=404,
                                   details=f"Session ID '{session_id[:64] if valid else '(invalid)'}' does not exist "
                                           "or has expired")
    return services.session_expire_if_due(session=session)


def sessions_list(*, owner, user_id: str | None = None, status: str | None = None):
    services.sessions_expire_due(owner=owner)
    qs = AvatarSession.objects.filter(owner=owner)
    if user_id:
        qs = qs.filter(user_id=user_id)
    if status and status != "all":
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def duration_seconds(session: AvatarSession) -> int:
    if not session.started_at:
        return 0
    end = session.ended_at or timezone.now()
    paused = session.paused_seconds
    if session.status == AvatarSession.Status.PAUSED and session.paused_at:
        paused += (timezone.now() - session.paused_at).total_seconds()
    return max(0, int((end - session.started_at).total_seconds() - paused))


def _messages(session: AvatarSession) -> list[AvatarMessage]:
    return list(session.messages.all())


def turn_latencies(session: AvatarSession) -> list[dict]:
    return [m.latency for m in _messages(session) if m.role == "ai" and m.latency]


def _mean(values) -> float | None:
    values = [v for v in values if v is not None]
    return round(statistics.fmean(values), 1) if values else None


def metadata(session: AvatarSession) -> dict:
    messages = _messages(session)
    latencies = [m.latency for m in messages if m.role == "ai" and m.latency]
    return {
        "questions_asked": sum(1 for m in messages if m.role == "ai" and m.kind in ("greeting", "reply")),
        "responses_received": sum(1 for m in messages if m.role == "user"),
        "average_response_time_ms": _mean(l.get("first_audio_ms") for l in latencies),
        "average_ai_latency_ms": _mean(l.get("llm_ms") for l in latencies),
        "interruptions": sum(1 for m in messages if m.interrupted),
        "engine": session.engine,
        "duration_minutes": session.duration_minutes,
        "latency": latency_summary(latencies),
        "turn_latencies": latencies[-20:],
    }


def latency_summary(latencies: list[dict]) -> dict:
    out = {}
    for stage in LATENCY_STAGES:
        values = sorted(l[stage] for l in latencies if l.get(stage) is not None)
        if values:
            out[stage] = {"p50": _percentile(values, 50), "p95": _percentile(values, 95), "count": len(values)}
    return out


def _percentile(values: list[float], pct: float) -> float:
    if not values:
        return 0.0
    k = (len(values) - 1) * pct / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return round(values[lo] + (values[hi] - values[lo]) * (k - lo), 1)


def session_response(session: AvatarSession, *, request=None) -> dict:
    """Seed 001 SessionResponse, plus the summary once the session has ended."""
    messages = _messages(session)
    body = {
        "session_id": session.session_id,
        "user_id": session.user_id,
        "status": session.status,
        "interview_type": session.interview_type,
        "language": session.language,
        "difficulty": session.difficulty,
        "created_at": _iso(session.created_at),
        "started_at": _iso(session.started_at),
        "expires_at": _iso(session.expires_at),
        "duration_seconds": duration_seconds(session),
        "message_count": len([m for m in messages if (m.text or m.heard_text).strip()]),
        "daily_room_url": daily_room_url(session),
        "websocket_url": websocket_url(session, request),
        "metadata": metadata(session),
    }
    if session.status in AvatarSession.ENDED:
        summary = session_summary(session, request=request)
        body["summary"], body["feedback"] = summary["summary"], summary["feedback"]
        body["ended_at"] = _iso(session.ended_at)
    return body


def websocket_url(session: AvatarSession, request=None) -> str:
    path = f"/ws/{session.session_id}"
    if request is None:
        return path
    scheme = "wss" if request.is_secure() else "ws"
    return f"{scheme}://{request.get_host()}{path}"


def daily_room_url(session: AvatarSession) -> str | None:
    from django.conf import settings

    domain = (getattr(settings, "AVATAR_DAILY_DOMAIN", "") or "").strip().rstrip("/")
    if not domain:
        return None
    if "://" not in domain:
        domain = f"https://{domain}"
    return f"{domain}/{session.session_id}"


def video_progress(session: AvatarSession) -> int:
    if session.video_status == AvatarSession.VideoStatus.COMPLETED:
        return 100
    return int(session.video_job.progress) if session.video_job_id and session.video_job else 0


def session_summary(session: AvatarSession, *, request=None) -> dict:
    """Seed 001 SessionSummary (DELETE response); URLs are signed and expire."""
    messages = _messages(session)
    meta = metadata(session)
    feedback = dict(session.feedback or services.feedback_build(session=session))
    return {
        "session_id": session.session_id,
        "status": session.status,
        "terminated_at": _iso(session.ended_at),
        "summary": {
            "duration_seconds": duration_seconds(session),
            "total_messages": len([m for m in messages if (m.text or m.heard_text).strip()]),
            "ai_questions": meta["questions_asked"],
            "user_responses": meta["responses_received"],
            "average_response_time_ms": meta["average_response_time_ms"],
            "average_ai_latency_ms": meta["average_ai_latency_ms"],
            "transcript_url": signed_url(session.transcript_file, request=request) or None,
            "video_url": signed_url(session.video_file, request=request) or None,
            "video_status": session.video_status or None,
            "video_progress": video_progress(session),
            "latency": meta["latency"],
        },
        "feedback": feedback,
    }


PERIODS = {"today": None, "week": 7, "month": 30}


def period_start(period: str):
    now = timezone.localtime()
    if period == "today":
        return now.replace(hour=0, minute=0, second=0, microsecond=0)
    return now - timedelta(days=PERIODS[period])


def stats(*, owner, period: str = "today", user_id: str | None = None) -> dict:
    services.sessions_expire_due(owner=owner)
    qs = AvatarSession.objects.filter(owner=owner, created_at__gte=period_start(period))
    if user_id:
        qs = qs.filter(user_id=user_id)
    counts = qs.aggregate(
        total=Count("id"), active=Count("id", filter=Q(status__in=AvatarSession.LIVE)),
        completed=Count("id", filter=Q(status=AvatarSession.Status.COMPLETED)),
        terminated=Count("id", filter=Q(status=AvatarSession.Status.TERMINATED)),
        expired=Count("id", filter=Q(status=AvatarSession.Status.EXPIRED)),
    )
    sessions = list(qs.filter(started_at__isnull=False))
    messages = AvatarMessage.objects.filter(session__in=qs)
    tts = messages.aggregate(segments=Sum("tts_segments"), hits=Sum("tts_cache_hits"))
    latencies = [m.latency for m in messages.filter(role="ai", latency__isnull=False).only("latency")]
    return {
        "period": period,
        "total_sessions": counts["total"],
        "active_sessions": counts["active"],
        "completed_sessions": counts["completed"],
        "terminated_sessions": counts["terminated"],
        "expired_sessions": counts["expired"],
        "average_duration_seconds": round(statistics.fmean([duration_seconds(s) for s in sessions]), 1) if sessions else 0,
        "average_latency_ms": _mean(l.get("first_audio_ms") for l in latencies) or 0,
        "total_messages": messages.exclude(text="", heard_text="").count(),
        "gpu_utilization_percent": gpu_utilization(),
        "cache_hit_rate": round(tts["hits"] / tts["segments"], 3) if tts["segments"] else 0.0,
        "tts_segments": tts["segments"] or 0,
        "latency": latency_summary(latencies),
    }


def gpu_utilization() -> float | None:
    """nvidia-smi's utilisation when there is a GPU; null otherwise (this build renders on the CPU)."""
    import shutil
    import subprocess

    if not shutil.which("nvidia-smi"):
        return None
    try:
        out = subprocess.run(["nvidia-smi", "--query-gpu=utilization.gpu", "--format=csv,noheader,nounits"],
                             capture_output=True, text=True, timeout=3, check=True).stdout.split()
        return float(statistics.fmean(float(v) for v in out)) if out else None
    except (subprocess.SubprocessError, ValueError, OSError):
        return None
