"""`POST /ai/analyze` as a real SSE stream over HTTP (daphne), for both engines: the `openai`
engine against the fake OpenAI-compatible server on loopback."""
import json
import time

import requests

from core.sse import iter_events
from tests.factories import access_token, make_user
from tests.postings import fixtures as F

RESUME_JSON = {
    "skills": ["React", "TypeScript", "Next.js", "Storybook"],
    "years_of_experience": 4.4,
    "achievements": ["Next.js 13 App Router로 마이그레이션하여 LCP 3.8초 → 1.6초 개선"],
    "certifications": [],
    "strengths": ["프론트엔드 개발 경험 4년", "React, TypeScript 숙련도 높음"],
    "weaknesses": ["클라우드 경험 부족"],
    "suggestions": ["AWS 자격증 취득 추천"],
}
POSTING_JSON = {
    "company": "토닥헬스", "position": "프론트엔드 개발자",
    "keywords": ["React", "TypeScript", "Next.js", "비대면 진료"],
    "requirements": ["프론트엔드 개발 경력 2년 이상", "React, TypeScript 기반 웹 서비스 개발 경험"],
    "responsibilities": ["React와 TypeScript로 비대면 진료 웹 서비스를 개발합니다"],
    "preferred": ["GraphQL 또는 Apollo Client 사용 경험", "AWS 배포 경험"],
    "required_skills": ["React", "TypeScript", "Next.js"], "preferred_skills": ["GraphQL", "AWS"],
    "deadline": "2027-01-15", "employment_type": "정규직", "location": "서울 성동구", "min_years": 2,
    "benefits": ["원격 근무 주 2회"], "process": ["서류 검토", "과제", "기술 면접"],
    "sections": [{"key": "requirements", "title": "자격요건", "items": ["React, TypeScript 기반 웹 서비스 개발 경험"]}],
}
MATCH_JSON = {"score": 85, "grade": "A", "matched_skills": ["React", "TypeScript", "Next.js"],
              "missing_skills": ["GraphQL", "AWS"],
              "recommendations": ["GraphQL을 사용한 사이드 프로젝트로 우대사항을 보완하세요"]}


def read_events(response):
    """(event, data, seconds since the request) for each SSE frame, as the bytes arrive."""
    started = time.monotonic()
    for event in iter_events(response.iter_content(chunk_size=None)):
        yield event["event"], event["data"], time.monotonic() - started


def post_analyze(base_url, token, payload, **kwargs):
    return requests.post(f"{base_url}/ai/analyze", json=payload, stream=True, timeout=60,
                         headers={"Authorization": f"Bearer {token}", "Accept": "text/event-stream"}, **kwargs)


def payload(**overrides):
    return {"resume_id": "resume_123", "posting_id": "posting_789", "resume_text": F.FRONTEND_GOOD,
            "posting_text": F.FRONTEND_POSTING, **overrides}


def test_local_engine_stream_over_http(live_url):
    token = access_token(make_user("live-local"))
    with post_analyze(live_url, token, payload()) as response:
        assert response.status_code == 200
        assert response.headers["Content-Type"].startswith("text/event-stream")
        assert response.headers["Cache-Control"].startswith("no-cache")
        assert response.headers["X-Accel-Buffering"] == "no"
        assert "Content-Length" not in response.headers
        events = list(read_events(response))
    assert [e for e, _d, _t in events] == ["progress"] * 4 + ["complete"]
    assert [d.get("stage") for _e, d, _t in events[:4]] == ["started", "resume_analysis", "posting_analysis", "matching"]
    final = events[-1][1]
    assert final["message"] == "analysis_complete" and final["data"]["success"] is True
    assert final["data"]["posting_analysis"]["company"] == "토닥헬스"
    assert final["data"]["matching"]["score"] >= 80
    assert events[0][1]["engine"] == "local"


def test_a_client_reading_only_the_last_data_line_gets_the_documented_json(live_url):
    token = access_token(make_user("live-plain"))
    response = requests.post(f"{live_url}/ai/analyze", json=payload(resume_text=F.FRONTEND_WEAK), timeout=60,
                             headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    last = [line for line in response.text.splitlines() if line.startswith("data: ")][-1]
    body = json.loads(last[len("data: "):])
    assert set(body) == {"message", "data"} and body["message"] == "analysis_complete"
    assert set(body["data"]) == {"success", "resume_analysis", "posting_analysis", "matching"}
    assert set(body["data"]["matching"]) == {"score", "grade", "matched_skills", "missing_skills", "recommendations"}
    assert body["data"]["matching"]["grade"] == "F" and "React" in body["data"]["matching"]["missing_skills"]


def test_validation_errors_over_http(live_url):
    token = access_token(make_user("live-errors"))
    response = post_analyze(live_url, token, payload(posting_text=""))
    assert response.status_code == 400
    assert response.json() == {"message": "missing_posting_text", "error_code": 4006, "data": None}
    anonymous = requests.post(f"{live_url}/ai/analyze", json=payload(), timeout=30)
    assert anonymous.status_code == 401 and anonymous.json()["error_code"] == 4010


def test_openai_engine_stream_over_http(openai_app, fake_openai, transactional_db):
    token = access_token(make_user("live-openai"))
    # the match answer is slow: the earlier parts must reach the client before it is ready
    fake_openai.chat(json=RESUME_JSON).chat(json=POSTING_JSON).slow(1.5, kind="chat", then=MATCH_JSON)
    with post_analyze(openai_app.url, token, payload()) as response:
        assert response.status_code == 200
        events = list(read_events(response))
    stages = {d.get("stage"): t for e, d, t in events if e == "progress"}
    assert list(stages) == ["started", "resume_analysis", "posting_analysis", "matching"]
    assert events[-1][2] - stages["posting_analysis"] >= 1.2  # streamed, not buffered to the end
    assert all(d["engine"] == "openai" for e, d, _t in events if e == "progress")

    final = events[-1][1]
    assert final == {"message": "analysis_complete", "data": {
        "success": True,
        "resume_analysis": {k: RESUME_JSON[k] for k in ("strengths", "weaknesses", "suggestions")},
        "posting_analysis": {"company": "토닥헬스", "position": "프론트엔드 개발자",
                             "required_skills": ["React", "TypeScript", "Next.js"],
                             "preferred_skills": ["GraphQL", "AWS"], "deadline": "2027-01-15"},
        "matching": MATCH_JSON,
    }}
    calls = fake_openai.requests_to("/chat/completions")
    assert [c.json["response_format"]["json_schema"]["name"] for c in calls] == [
        "resume_analysis", "posting_analysis", "matching"]
    assert "React와 TypeScript로" in calls[1].json["messages"][-1]["content"]  # the posting was sent
    assert calls[0].headers["authorization"] == "Bearer test-key"


def test_openai_engine_failure_after_start_falls_back_to_the_rules(openai_app, fake_openai, transactional_db):
    """README fallback policy: the stages the model server could not answer come from the local
    rules, labelled `local` with the reason; the stream completes."""
    token = access_token(make_user("live-openai-down"))
    fake_openai.chat(json=RESUME_JSON).fail(503, times=10, retry_after=0, kind="chat")
    with post_analyze(openai_app.url, token, payload()) as response:
        assert response.status_code == 200
        events = list(read_events(response))
    stages = {d.get("stage"): d for e, d, _t in events if e == "progress"}
    assert stages["resume_analysis"]["engine"] == "openai"
    assert stages["posting_analysis"]["engine"] == "local"
    assert stages["posting_analysis"]["data"]["fallback_reason"] == "LLM_ERROR"
    assert stages["matching"]["engine"] == "local"
    assert events[-1][0] == "complete"
    assert events[-1][1]["data"]["matching"]["score"] >= 0


def test_openai_engine_invalid_answers_fall_back_to_the_rules(openai_app, fake_openai, transactional_db):
    token = access_token(make_user("live-openai-bad"))
    fake_openai.chat(json=RESUME_JSON).chat(json={"company": 5}).chat(json={"company": 5})
    with post_analyze(openai_app.url, token, payload()) as response:
        events = list(read_events(response))
    stages = {d.get("stage"): d for e, d, _t in events if e == "progress"}
    # LLM_INVALID_RESPONSE after one repair round trip: the rules read the posting
    assert stages["posting_analysis"]["data"]["fallback_reason"] == "LLM_INVALID_RESPONSE"
    assert stages["posting_analysis"]["data"]["engine"] == "local"
    assert events[-1][0] == "complete"
