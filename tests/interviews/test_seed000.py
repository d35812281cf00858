"""Seed 000 §4 end to end: question/save ×5 (follow-ups from the saved answers), 4008 after five,
the report streamed over SSE with the documented final body, and the documented error codes."""
import uuid

from interviews.models import InterviewSession
from tests.factories import POSTING_KO
from tests.interviews.conftest import RESUME_KO, STRONG_KO, WEAK_KO, sse_events

ANSWERS = [WEAK_KO, STRONG_KO, WEAK_KO.replace("결제", "정산"), STRONG_KO.replace("Redis", "Kafka"),
           "음 그 부분은 잘 모르겠습니다."]


def _ids():
    return {"room_id": f"room_{uuid.uuid4().hex[:6]}", "session_id": f"session_{uuid.uuid4().hex[:8]}"}


def test_seed000_question_save_report(live_url, make_user, api_for):
    api = api_for(make_user())
    ids = _ids()
    question_body = {**ids, "interview_type": "technical", "resume_text": RESUME_KO, "posting_text": POSTING_KO}
    seen = []
    for number, answer in enumerate(ANSWERS, start=1):
        asked = api.post("/ai/interview/question", json=question_body)
        assert asked.status_code == 200, asked.text
        body = asked.json()
        assert body["message"] == "question_generated"
        data = body["data"]
        assert set(data) == {"success", "question_id", "question", "is_followup", "question_number"}
        assert data["success"] is True and data["question_number"] == number
        assert data["question_id"] == f"q_{number:03d}" and data["question"] not in seen
        seen.append(data["question"])
        if number == 2:  # the first answer said nothing concrete: asked what was done, and by whom
            assert data["is_followup"] is True and "구체적으로" in data["question"] and "본인" in data["question"]
        if number == 3:  # the second named Redis and lacked nothing else
            assert data["is_followup"] is True and "Redis" in data["question"]
        saved = api.post("/ai/interview/save", json={
            **ids, "question_id": data["question_id"], "question": data["question"], "answer": answer,
            "is_followup": data["is_followup"], "question_number": number})
        assert saved.status_code == 200, saved.text
        assert saved.json() == {"message": "qa_saved", "data": {
            "success": True, "qa_id": f"qa_{number:03d}", "session_id": ids["session_id"], "saved_count": number,
            "max_questions": 5}}
    session = InterviewSession.objects.get(client_session_id=ids["session_id"])
    assert session.language == "ko" and session.posting_facts["required_skills"]
    first = session.turns.get(order=1)
    assert first.grounding and first.grounding[0]["doc_type"] == "resume"  # from the inline resume_text

    sixth = api.post("/ai/interview/question", json=question_body)
    assert sixth.status_code == 400
    assert sixth.json() == {"message": "max_questions_reached", "error_code": 4008, "data": None}

    report = api.post("/ai/interview/report", json={**question_body, "ended_by": "auto"},
                      headers={"Accept": "text/event-stream"})
    assert report.status_code == 200 and report.headers["Content-Type"].startswith("text/event-stream")
    events = sse_events(report)
    assert events[0]["event"] == "progress" and events[-1]["event"] == "complete"
    assert all(e["event"] == "progress" for e in events[:-1])
    final = events[-1]["data"]
    assert set(final) == {"message", "data"} and final["message"] == "report_generated"
    data = final["data"]
    assert set(data) == {"success", "room_id", "session_id", "evaluations", "report"}
    assert data["success"] is True and data["room_id"] == ids["room_id"] and data["session_id"] == ids["session_id"]
    assert [e["qa_id"] for e in data["evaluations"]] == [f"qa_{n:03d}" for n in range(1, 6)]
    for evaluation, answer in zip(data["evaluations"], ANSWERS):
        assert set(evaluation) == {"qa_id", "question", "answer", "score", "good_points", "improvements"}
        assert evaluation["answer"] == answer and 0 <= evaluation["score"] <= 100
    assert data["evaluations"][1]["score"] > data["evaluations"][0]["score"]  # strong above weak
    assert data["evaluations"][4]["score"] <= 20
    summary = data["report"]
    assert set(summary) == {"total_score", "grade", "strength_patterns", "weakness_patterns", "learning_guide"}
    scores = [e["score"] for e in data["evaluations"]]
    assert summary["total_score"] == round(sum(scores) / 5) and summary["grade"]
    assert summary["learning_guide"] and summary["weakness_patterns"]

    # asking again reuses the finished report
    again = sse_events(api.post("/ai/interview/report", json={**question_body, "ended_by": "auto"}))
    assert again[-1]["data"] == final


def test_seed000_errors(live_url, make_user, api_for):
    api = api_for(make_user())
    ids = _ids()
    base = {**ids, "resume_text": "", "posting_text": ""}
    bad_type = api.post("/ai/interview/question", json={**base, "interview_type": "casual"})
    assert bad_type.status_code == 400
    assert bad_type.json() == {"message": "invalid_interview_type", "error_code": 4007, "data": None}
    missing = api.post("/ai/interview/question", json={"room_id": "r"})
    assert missing.status_code == 400 and missing.json()["error_code"] == 4003

    unknown = {**base, "session_id": "nope", "interview_type": "personality", "ended_by": "manual"}
    for path in ("/ai/interview/report",):
        response = api.post(path, json=unknown)
        assert response.status_code == 404
        assert response.json() == {"message": "session_not_found", "error_code": 4043, "data": None}
    save = api.post("/ai/interview/save", json={**ids, "session_id": "nope", "question_id": "q_001", "question": "q",
                                                "answer": "a", "is_followup": False, "question_number": 1})
    assert save.status_code == 404 and save.json()["error_code"] == 4043

    asked = api.post("/ai/interview/question", json={**base, "interview_type": "personality"})
    assert asked.status_code == 200
    # a question asked but nothing saved: no Q&A to evaluate
    empty = api.post("/ai/interview/report", json={**base, "interview_type": "personality", "ended_by": "manual"})
    assert empty.status_code == 400
    assert empty.json() == {"message": "no_qa_found", "error_code": 4009, "data": None}
    bad_report_type = api.post("/ai/interview/report", json={**base, "interview_type": "x", "ended_by": "manual"})
    assert bad_report_type.json()["error_code"] == 4007
    too_far = api.post("/ai/interview/save", json={**ids, "question_id": "q_006", "question": "q", "answer": "a",
                                                   "is_followup": False, "question_number": 6})
    assert too_far.status_code == 400 and too_far.json()["error_code"] == 4008

    # the same labels under another room, or another user's labels: not found
    other_room = api.post("/ai/interview/question", json={**base, "room_id": "elsewhere", "interview_type": "personality"})
    assert other_room.status_code == 404 and other_room.json()["error_code"] == 4043
    stranger = api_for(make_user())
    response = stranger.post("/ai/interview/save", json={**ids, "question_id": "q_001", "question": "q", "answer": "a",
                                                         "is_followup": False, "question_number": 1})
    assert response.status_code == 404 and response.json()["error_code"] == 4043

    anonymous = api_for(None).post("/ai/interview/question", json={**base, "interview_type": "personality"})
    assert anonymous.status_code == 401
    assert anonymous.json() == {"message": "unauthorized", "error_code": 4010, "data": None}
