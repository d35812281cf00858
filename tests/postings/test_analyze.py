"""Seed 000 §3 `POST /ai/analyze`: validation in the seed 000 envelope, then Server-Sent Events
whose last event is exactly the documented `analysis_complete` body. In-process here; over real
HTTP (both engines) in test_analyze_live.py."""
import json

import pytest

from postings.models import JobPosting, ResumeMatch
from tests.factories import api_client
from tests.postings import fixtures as F
from tests.postings.helpers import stream_events

DOCUMENTED_KEYS = {
    "resume_analysis": {"strengths", "weaknesses", "suggestions"},
    "posting_analysis": {"company", "position", "required_skills", "preferred_skills", "deadline"},
    "matching": {"score", "grade", "matched_skills", "missing_skills", "recommendations"},
}


def body(**overrides):
    data = {"resume_id": "resume_123", "posting_id": "posting_789", "resume_text": F.FRONTEND_GOOD,
            "posting_text": F.FRONTEND_POSTING}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not ...}


def assert_documented(final: dict) -> None:
    assert set(final) == {"message", "data"} and final["message"] == "analysis_complete"
    assert set(final["data"]) == {"success", *DOCUMENTED_KEYS} and final["data"]["success"] is True
    for key, fields in DOCUMENTED_KEYS.items():
        assert set(final["data"][key]) == fields, key


def test_stream_progress_then_documented_body(user):
    response = api_client(user).post("/ai/analyze", body(), format="json", HTTP_ACCEPT="text/event-stream")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/event-stream")
    assert response["Cache-Control"].startswith("no-cache") and response["X-Accel-Buffering"] == "no"
    events = stream_events(response)
    assert [e["event"] for e in events] == ["progress"] * 4 + ["complete"]
    assert [e["data"]["stage"] for e in events[:4]] == ["started", "resume_analysis", "posting_analysis", "matching"]
    assert all(e["data"]["engine"] == "local" for e in events[:4])
    final = events[-1]["data"]
    assert_documented(final)
    data = final["data"]
    assert data["posting_analysis"]["company"] == "토닥헬스"
    assert data["posting_analysis"]["deadline"] == "2027-01-15"
    assert {"React", "TypeScript", "Next.js"} <= set(data["posting_analysis"]["required_skills"])
    assert data["matching"]["score"] >= 80 and data["matching"]["grade"] in ("A+", "A")
    assert set(data["matching"]["missing_skills"]) == {"GraphQL", "AWS"}
    # the progress events carry the same results, in more detail
    assert events[3]["data"]["data"]["score"] == data["matching"]["score"]
    assert events[1]["data"]["data"]["strengths"] == data["resume_analysis"]["strengths"]
    record = ResumeMatch.objects.get(owner=user)
    assert record.score == data["matching"]["score"] and record.resume_ref == "resume_123"
    assert record.posting is None  # "posting_789" names nothing of this user's


def test_a_saved_posting_is_linked_and_its_analysis_reused(user):
    api = api_client(user)
    posting_id = api.post("/api/job-postings", {"text": F.NURSING_POSTING}, format="json").json()["id"]
    JobPosting.objects.filter(pk=posting_id).update(
        ai_analysis={**JobPosting.objects.get(pk=posting_id).ai_analysis, "company": "저장된 분석"})
    response = api.post("/ai/analyze", body(posting_id=str(posting_id), resume_text=F.NURSING_GOOD,
                                            posting_text=F.NURSING_POSTING), format="json")
    final = stream_events(response)[-1]["data"]
    assert final["data"]["posting_analysis"]["company"] == "저장된 분석"
    assert ResumeMatch.objects.get(owner=user).posting_id == posting_id


def test_another_users_posting_id_is_only_a_label(user, other_user):
    theirs = api_client(other_user).post("/api/job-postings", {"text": F.DATA_POSTING}, format="json").json()["id"]
    response = api_client(user).post("/ai/analyze", body(posting_id=theirs), format="json")
    final = stream_events(response)[-1]["data"]
    assert final["data"]["posting_analysis"]["company"] == "토닥헬스"  # analysed from the text sent
    assert ResumeMatch.objects.get(owner=user).posting is None


@pytest.mark.parametrize("payload,message,code", [
    (body(resume_text=...), "missing_resume_text", 4005),
    (body(resume_text="   "), "missing_resume_text", 4005),
    (body(resume_text=None), "missing_resume_text", 4005),
    (body(posting_text=...), "missing_posting_text", 4006),
    (body(posting_text=""), "missing_posting_text", 4006),
    (body(resume_id=...), "missing_required_field", 4003),
    (body(posting_id=""), "missing_required_field", 4003),
    (body(resume_text=..., posting_text=...), "missing_resume_text", 4005),
])
def test_missing_fields(user, payload, message, code):
    response = api_client(user).post("/ai/analyze", payload, format="json", HTTP_ACCEPT="text/event-stream")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"message": message, "error_code": code, "data": None}


@pytest.mark.parametrize("raw,content_type", [
    (b"{broken", "application/json"),
    (b"[1, 2]", "application/json"),
    (json.dumps(body(resume_text=42)).encode(), "application/json"),
    (json.dumps(body(resume_id={"a": 1})).encode(), "application/json"),
    (json.dumps(body(posting_text="x" * 100_001)).encode(), "application/json"),
])
def test_malformed_bodies_are_400(user, raw, content_type):
    response = api_client(user).generic("POST", "/ai/analyze", raw, content_type=content_type)
    assert response.status_code == 400
    envelope = response.json()
    assert envelope["error_code"] == 4000 and envelope["message"] == "invalid_request"


def test_wrong_media_type_and_method(user):
    api = api_client(user)
    assert api.post("/ai/analyze", "resume_text=x", content_type="text/plain").status_code == 415
    response = api.get("/ai/analyze")
    assert response.status_code == 405 and response.json()["error_code"] == 4050


def test_unauthenticated_gets_the_seed000_envelope(client):
    response = client.post("/ai/analyze", body(), content_type="application/json")
    assert response.status_code == 401
    assert response.json() == {"message": "unauthorized", "error_code": 4010, "data": None}


def test_an_ai_failure_after_the_stream_started_is_the_last_event(user, monkeypatch):
    from ai.errors import LLMError
    from postings import ai as posting_ai

    def broken(*args, **kwargs):
        raise LLMError("LLM_TIMEOUT", "timed out", retryable=True)

    monkeypatch.setattr(posting_ai, "match_resume", broken)
    events = stream_events(api_client(user).post("/ai/analyze", body(), format="json"))
    assert [e["data"].get("stage") for e in events[:-1]] == ["started", "resume_analysis", "posting_analysis"]
    assert events[-1]["event"] == "error"
    assert events[-1]["data"] == {"message": "ai_service_unavailable", "error_code": 5031, "data": None}
    assert not ResumeMatch.objects.exists()


def test_unexpected_failure_is_a_5000_event(user, monkeypatch):
    from postings import services

    monkeypatch.setattr(services.posting_ai, "analyze_posting", lambda *a, **k: 1 / 0)
    events = stream_events(api_client(user).post("/ai/analyze", body(), format="json"))
    assert events[-1]["data"] == {"message": "internal_server_error", "error_code": 5000, "data": None}
