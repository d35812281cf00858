"""No client input makes any interview endpoint answer 500: malformed bodies get a 4xx in the
surface's own error format."""
import pytest


BODIES = [None, "not json", [], [1, 2], {"x": 1}, {"record_id": None}, {"turn_number": {"a": 1}},
          {"interview_type": ["technical"], "room_id": 5, "session_id": {"a": 1}, "resume_text": 3,
           "posting_text": None, "ended_by": 7},
          {"user_name": "x" * 5000, "position": ""}, {"cover_letter_id": -1, "type": "x", "language": "fr"}]


@pytest.fixture
def api(make_user, api_for):
    return api_for(make_user())


def _post(api, path, body):
    if body is None:
        return api.post(path)
    if isinstance(body, str):
        return api.post(path, data=body, headers={"Content-Type": "application/json"})
    return api.post(path, json=body)


def test_malformed_bodies_get_client_errors(live_url, api):
    started = api.post("/api/interviews/start", json={"language": "en"}).json()["session_id"]
    paths = ["/sessions", "/answers", "/api/interviews/start", f"/api/interviews/{started}/answer",
             "/ai/interview/question", "/ai/interview/save", "/ai/interview/report"]
    for path in paths:
        for body in BODIES:
            response = _post(api, path, body)
            assert response.status_code < 500, (path, body, response.status_code, response.text[:200])
            if path == "/api/interviews/start" and response.status_code == 200:
                continue  # every field of a start is optional
            assert response.status_code >= 400, (path, body, response.text[:200])
            data = response.json()
            if path.startswith("/ai/"):
                assert set(data) == {"message", "error_code", "data"}, data
            else:
                assert "detail" in data, data
    for path in ("/sessions/abc/questions", "/api/interviews/abc/result", "/api/interviews/99999999999999999999/result"):
        assert api.get(path).status_code == 404
    assert api.get("/api/interviews/history?limit=abc").status_code == 400
    assert api.get("/api/interviews/history?limit=-5&offset=-1").status_code == 200
