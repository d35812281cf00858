"""Seed 001 REST: every endpoint, the error codes, limits, expiry and owner scoping."""
from __future__ import annotations

import json
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from avatar.models import AvatarSession

pytestmark = pytest.mark.django_db


def create(api, **body):
    return api.post("/api/sessions", {"user_id": "user123", **body}, format="json")


def test_create_defaults_and_response_shape(api):
    with mock.patch("avatar.tasks.expire_session.apply_async") as schedule:
        r = create(api)
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["session_id"].startswith("sess_")
    assert (body["interview_type"], body["language"], body["difficulty"], body["status"]) == (
        "general", "ko", "medium", "created")
    created = timezone.datetime.fromisoformat(body["created_at"].replace("Z", "+00:00"))
    expires = timezone.datetime.fromisoformat(body["expires_at"].replace("Z", "+00:00"))
    assert abs((expires - created).total_seconds() - 30 * 60) < 2
    assert body["websocket_url"] == f"ws://testserver/ws/{body['session_id']}"
    assert body["daily_room_url"] is None
    for key in ("user_id", "started_at", "duration_seconds", "message_count", "metadata"):
        assert key in body


def test_expiry_is_scheduled_on_the_worker(api, django_capture_on_commit_callbacks):
    with mock.patch("avatar.tasks.expire_session.apply_async") as schedule:
        with django_capture_on_commit_callbacks(execute=True):
            r = create(api, duration_minutes=5)
    pk = AvatarSession.objects.get(session_id=r.json()["session_id"]).pk
    schedule.assert_called_once_with((pk,), countdown=5 * 60 + 1)


def test_daily_room_url_when_configured(api, settings):
    settings.AVATAR_DAILY_DOMAIN = "acme.daily.co"
    body = create(api).json()
    assert body["daily_room_url"] == f"https://acme.daily.co/{body['session_id']}"


@pytest.mark.parametrize("field,value,message", [
    ("interview_type", "coding", "Invalid interview_type. Must be one of: technical, behavioral, general"),
    ("language", "fr", "Invalid language. Must be one of: ko, en, ja"),
    ("difficulty", "extreme", "Invalid difficulty. Must be one of: easy, medium, hard"),
    ("duration_minutes", 4, "Invalid duration_minutes. Must be between 5 and 120"),
    ("duration_minutes", 121, "Invalid duration_minutes. Must be between 5 and 120"),
    ("duration_minutes", "abc", "Invalid duration_minutes. Must be an integer between 5 and 120"),
])
def test_create_validation_bodies(api, field, value, message):
    r = create(api, **{field: value})
    assert r.status_code == 400
    assert r.json()["detail"] == message and r.json()["status_code"] == 400


def test_create_requires_user_id_and_object_and_no_nul(api):
    r = api.post("/api/sessions", {}, format="json")
    assert r.status_code == 400 and r.json()["detail"] == "Missing required field: user_id"
    r = api.post("/api/sessions", [1, 2], format="json")
    assert r.status_code == 400
    r = api.post("/api/sessions", {"user_id": "a\x00b"}, format="json")
    assert r.status_code == 400
    r = api.post("/api/sessions", "{bad json", content_type="application/json")
    assert r.status_code == 400 and "error" in r.json()


def test_ja_and_all_types_accepted(api):
    for kind in ("technical", "behavioral", "general"):
        r = create(api, user_id=f"u-{kind}", interview_type=kind, language="ja", difficulty="hard",
                   duration_minutes=120)
        assert r.status_code == 201 and r.json()["language"] == "ja"


def test_bad_and_missing_api_key(api):
    from rest_framework.test import APIClient

    anon = APIClient()
    r = anon.get("/api/sessions?user_id=x")
    assert r.status_code == 401 and r.json()["error"]["code"] == "UNAUTHORIZED"
    anon.credentials(HTTP_X_API_KEY="nope")
    r = anon.get("/api/sessions?user_id=x")
    assert r.status_code == 401 and r.json() == {"detail": "Invalid API key", "status_code": 401}


def test_get_list_pause_resume_delete(api):
    sid = create(api).json()["session_id"]
    r = api.get(f"/api/sessions/{sid}")
    assert r.status_code == 200 and r.json()["status"] == "created"
    # pause before start: not active
    r = api.post(f"/api/sessions/{sid}/pause")
    assert r.status_code == 409 and r.json()["error"]["code"] == "SESSION_NOT_ACTIVE"
    from avatar import services

    session = AvatarSession.objects.get(session_id=sid)
    services.session_start(session=session)
    r = api.post(f"/api/sessions/{sid}/resume")
    assert r.status_code == 409 and r.json()["error"]["code"] == "SESSION_ALREADY_ACTIVE"
    r = api.post(f"/api/sessions/{sid}/pause")
    assert r.status_code == 200 and r.json()["status"] == "paused" and r.json()["paused_at"].endswith("Z")
    r = api.post(f"/api/sessions/{sid}/resume")
    assert r.status_code == 200 and r.json()["status"] == "active" and r.json()["resumed_at"]
    other = create(api, user_id="someone").json()["session_id"]
    r = api.get("/api/sessions", {"user_id": "user123"})
    body = r.json()
    assert body["total"] == 1 and body["limit"] == 20 and body["offset"] == 0
    assert body["sessions"][0]["session_id"] == sid and body["sessions"][0]["status"] == "active"
    assert other not in [s["session_id"] for s in body["sessions"]]
    r = api.get("/api/sessions", {"user_id": "user123", "status": "completed"})
    assert r.json()["total"] == 0
    r = api.get("/api/sessions", {"user_id": "user123", "status": "bogus"})
    assert r.status_code == 400
    r = api.get("/api/sessions")
    assert r.status_code == 400 and r.json()["detail"] == "Missing required field: user_id"
    r = api.delete(f"/api/sessions/{sid}")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "terminated" and body["terminated_at"].endswith("Z")
    for key in ("duration_seconds", "total_messages", "ai_questions", "user_responses", "average_response_time_ms",
                "average_ai_latency_ms", "transcript_url", "video_url"):
        assert key in body["summary"]
    for key in ("overall_score", "communication", "technical_knowledge", "problem_solving"):
        assert 0 <= body["feedback"][key] <= 10
    assert body["feedback"]["comments"]
    assert body["summary"]["transcript_url"]
    # ended: pause/resume refused, delete repeats the summary
    assert api.post(f"/api/sessions/{sid}/pause").status_code == 409
    assert api.delete(f"/api/sessions/{sid}").json()["status"] == "terminated"


def test_pagination(api):
    for _ in range(3):
        create(api, user_id="pager")
    body = api.get("/api/sessions", {"user_id": "pager", "limit": 2, "offset": 2}).json()
    assert body["total"] == 3 and len(body["sessions"]) == 1 and body["limit"] == 2 and body["offset"] == 2


def test_not_found_and_other_owner(api, make_owner):
    from rest_framework.test import APIClient

    r = api.get("/api/sessions/sess_doesnotexist")
    assert r.status_code == 404
    err = r.json()["error"]
    assert err["code"] == "SESSION_NOT_FOUND" and err["timestamp"] and "request_id" in err and err["details"]
    sid = create(api).json()["session_id"]
    stranger = APIClient()
    stranger.credentials(HTTP_X_API_KEY=make_owner()[1])
    for method, path in [("get", f"/api/sessions/{sid}"), ("delete", f"/api/sessions/{sid}"),
                         ("post", f"/api/sessions/{sid}/pause"), ("post", f"/api/sessions/{sid}/resume")]:
        r = getattr(stranger, method)(path)
        assert r.status_code == 404 and r.json()["error"]["code"] == "SESSION_NOT_FOUND", (method, path)
    assert stranger.get("/api/sessions", {"user_id": "user123"}).json()["total"] == 0
    assert AvatarSession.objects.get(session_id=sid).status == "created"


def test_expiry_on_access(api):
    sid = create(api).json()["session_id"]
    AvatarSession.objects.filter(session_id=sid).update(expires_at=timezone.now() - timedelta(seconds=1))
    r = api.get(f"/api/sessions/{sid}")
    assert r.status_code == 200 and r.json()["status"] == "expired"
    r = api.post(f"/api/sessions/{sid}/resume")
    assert r.status_code == 410 and r.json()["error"]["code"] == "SESSION_EXPIRED"
    r = api.post(f"/api/sessions/{sid}/pause")
    assert r.json()["error"]["code"] == "SESSION_EXPIRED"


def test_expiry_task_and_sweep(api):
    from avatar.tasks import expire_due_sessions, expire_session

    a = create(api, user_id="t1").json()["session_id"]
    b = create(api, user_id="t2").json()["session_id"]
    pk_a = AvatarSession.objects.get(session_id=a).pk
    assert expire_session(pk_a) == "created"  # not due yet
    AvatarSession.objects.filter(session_id__in=[a, b]).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert expire_session(pk_a) == "expired"
    assert expire_due_sessions() == 1
    assert AvatarSession.objects.get(session_id=b).status == "expired"


def test_session_limit_per_user(api):
    for _ in range(5):
        assert create(api, user_id="busy").status_code == 201
    r = create(api, user_id="busy")
    assert r.status_code == 429 and r.json()["error"]["code"] == "SESSION_LIMIT_REACHED"
    assert create(api, user_id="other-user").status_code == 201
    sid = api.get("/api/sessions", {"user_id": "busy"}).json()["sessions"][0]["session_id"]
    api.delete(f"/api/sessions/{sid}")
    assert create(api, user_id="busy").status_code == 201


def test_rate_limit_per_key(api, make_owner):
    from django.core.cache import cache
    from rest_framework.test import APIClient

    cache.clear()
    codes = [api.get("/api/config").status_code for _ in range(61)]
    assert codes[:60] == [200] * 60 and codes[60] == 429
    r = api.get("/api/config")
    err = r.json()["error"]
    assert err["code"] == "RATE_LIMIT_EXCEEDED" and 0 < err["retry_after"] <= 60
    assert r["Retry-After"]
    other = APIClient()
    other.credentials(HTTP_X_API_KEY=make_owner()[1])
    assert other.get("/api/config").status_code == 200  # per key


def test_config_reports_engines(api, settings):
    body = api.get("/api/config").json()
    assert body["stt"]["provider"] == "faster-whisper" and body["tts"]["provider"] == "espeak-ng"
    assert body["llm"]["provider"] == "local-rules"
    assert body["avatar"]["fps"] == 25 and body["avatar"]["resolution"] == [512, 512]
    assert set(body["optimization"]) >= {"enable_cache", "enable_batching", "batch_size"}


def test_stats(api):
    from avatar import services
    from avatar.models import AvatarMessage

    sid = create(api).json()["session_id"]
    session = AvatarSession.objects.get(session_id=sid)
    services.session_start(session=session)
    AvatarMessage.objects.create(session=session, role="ai", kind="greeting", text="안녕하세요", tts_segments=4,
                                 tts_cache_hits=1, latency={"first_audio_ms": 900.0, "stt_ms": 700.0})
    AvatarMessage.objects.create(session=session, role="user", kind="answer", text="네")
    body = api.get("/api/stats").json()
    assert body["period"] == "today" and body["total_sessions"] == 1 and body["active_sessions"] == 1
    assert body["cache_hit_rate"] == 0.25 and body["average_latency_ms"] == 900.0
    assert body["total_messages"] == 2
    assert body["gpu_utilization_percent"] is None
    assert body["latency"]["first_audio_ms"]["p50"] == 900.0
    assert api.get("/api/stats", {"period": "week", "user_id": "nobody"}).json()["total_sessions"] == 0
    assert api.get("/api/stats", {"period": "year"}).status_code == 400
    api.delete(f"/api/sessions/{sid}")
    assert api.get("/api/stats", {"period": "month"}).json()["terminated_sessions"] == 1


def test_health_lists_avatar(client):
    body = client.get("/health").json()
    assert body["services"]["avatar"] in ("operational", "degraded", "down")


def test_odd_session_ids_are_not_found(api):
    for sid in ["x" * 200, "sess_abc%20def", "sess_" + "a" * 12]:
        r = api.get(f"/api/sessions/{sid}")
        assert r.status_code == 404 and r.json()["error"]["code"] == "SESSION_NOT_FOUND", sid
    for sid in ["%00", "sess_%00abc"]:  # the project's input rule: control characters are a 400
        r = api.get(f"/api/sessions/{sid}")
        assert r.status_code == 400 and r.json()["error"]["code"] == "INVALID_REQUEST", sid
    r = api.get("/api/sessions", {"user_id": "x", "limit": "abc"})
    assert r.status_code == 400
    r = api.get("/api/sessions", {"user_id": "x", "limit": 0})
    assert r.status_code == 400
    r = api.get("/api/sessions", {"user_id": "x\x00"})
    assert r.status_code == 400


def test_pages_list_and_room(client, owner):
    user = owner[0]
    client.force_login(user)
    r = client.get("/avatar/")
    assert r.status_code == 200 and "아바타 면접관" in r.content.decode()
    r = client.post("/avatar/new", {"interview_type": "technical", "language": "ko", "difficulty": "easy"})
    assert r.status_code == 302 and "/avatar/sess_" in r["Location"]
    r = client.get(r["Location"])
    assert r.status_code == 200 and b"data-room" in r.content
    assert client.get("/avatar/sess_nothere").status_code == 404
    client.logout()
    assert client.get("/avatar/").status_code == 302


def test_openapi_documents_the_avatar_api(client):
    schema = client.get("/openapi.json").json()
    for path in ("/api/sessions", "/api/sessions/{session_id}", "/api/sessions/{session_id}/pause",
                 "/api/sessions/{session_id}/resume", "/api/config", "/api/stats"):
        assert path in schema["paths"], path
    assert "AVATAR_DAILY_DOMAIN" in json.dumps(schema["paths"]["/api/sessions"])
