"""Seed 002 end to end over HTTP with the real Celery worker: register → token → session (questions
written by a job) → questions → five answers (evaluated by jobs) → results."""
import uuid

from interviews.models import InterviewSession
from tests.interviews.conftest import STRONG_KO, WEAK_KO, Api, wait_until

RECORD_KEYS = {"id", "session_id", "question_text", "order", "answer_text", "evaluation", "emotion_summary",
               "answered_at", "created_at"}


def _register_and_login(live_url) -> tuple[Api, int]:
    username = f"kim_{uuid.uuid4().hex[:8]}"
    api = Api(live_url)
    reg = api.post("/register", json={"username": username, "hashed_password": "Seed002-Pass-2026",
                                      "full_name": "김철수"})
    assert reg.status_code == 200, reg.text
    token = api.post("/token", data={"username": username, "password": "Seed002-Pass-2026"})
    assert token.status_code == 200, token.text
    api.http.headers["Authorization"] = f"Bearer {token.json()['access_token']}"
    return api, reg.json()["id"]


def test_seed002_full_flow(live_url):
    api, user_id = _register_and_login(live_url)
    created = api.post("/sessions", json={"user_name": "김철수", "position": "Backend Developer"})
    assert created.status_code == 200, created.text
    session = created.json()
    assert set(session) == {"id", "user_id", "user_name", "position", "status", "emotion_summary", "created_at"}
    assert isinstance(session["id"], int) and session["user_id"] == user_id
    assert session["status"] == "started" and session["emotion_summary"] is None
    assert session["position"] == "Backend Developer" and session["user_name"] == "김철수"

    questions = api.get(f"/sessions/{session['id']}/questions").json()
    assert [q["order"] for q in questions] == [1, 2, 3, 4, 5]
    assert all(set(q) == RECORD_KEYS for q in questions)
    assert all(q["session_id"] == session["id"] and q["answer_text"] is None and q["evaluation"] is None
               for q in questions)
    assert len({q["question_text"] for q in questions}) == 5
    assert "Backend Developer" in questions[0]["question_text"]
    # the Celery job (not the fallback) wrote them, with the local engine
    db_session = InterviewSession.objects.get(pk=session["id"])
    assert {t.question_engine for t in db_session.turns.all()} == {"local"}

    answers = [STRONG_KO, WEAK_KO, STRONG_KO.replace("Redis", "Kafka"), WEAK_KO + " 최선을 다했습니다.", STRONG_KO]
    for record, text in zip(questions, answers):
        sent = api.post("/answers", json={"record_id": record["id"], "answer_text": text})
        assert sent.status_code == 200, sent.text
        assert sent.json() == {"status": "submitted", "record_id": record["id"]}

    def evaluated():
        rows = api.get(f"/sessions/{session['id']}/results").json()
        return rows if all(r["evaluation"] for r in rows) else None

    results = wait_until(evaluated, timeout=90)
    assert [r["question"] for r in results] == [q["question_text"] for q in questions]
    assert [r["answer"] for r in results] == answers
    for row in results:
        assert set(row) == {"question", "answer", "evaluation", "emotion"}
        evaluation = row["evaluation"]
        assert 0 <= evaluation["score"] <= 100 and evaluation["feedback"]
        assert isinstance(evaluation["keywords"], list) and isinstance(evaluation["strengths"], list)
        assert isinstance(evaluation["improvements"], list)
        emotion = row["emotion"]
        assert set(emotion["emotion_scores"]) == {"confidence", "nervousness", "excitement"}
        assert emotion["dominant_emotion"] in emotion["emotion_scores"] and emotion["source"] == "text"
    assert results[0]["evaluation"]["score"] > results[1]["evaluation"]["score"]
    assert "Redis" in results[0]["evaluation"]["keywords"]

    # the fifth answer started the report job; the session completes with a summary
    db_session = wait_until(lambda: InterviewSession.objects.filter(pk=session["id"], status="completed").first(),
                            timeout=60)
    assert db_session.total_score is not None and db_session.grade and db_session.ended_by == "auto"
    assert db_session.emotion_summary["source"] == "text"
    records = api.get(f"/sessions/{session['id']}/questions").json()
    assert all(r["answer_text"] and r["answered_at"] and r["evaluation"] for r in records)


def test_seed002_errors_and_ownership(live_url, make_user, api_for):
    owner, stranger = make_user(), make_user()
    mine = api_for(owner)
    created = mine.post("/sessions", json={"user_name": "박지민", "position": "데이터 분석가"}).json()
    record = mine.get(f"/sessions/{created['id']}/questions").json()[0]

    other = api_for(stranger)
    for path in (f"/sessions/{created['id']}/questions", f"/sessions/{created['id']}/results"):
        response = other.get(path)
        assert response.status_code == 404 and response.json() == {"detail": "Session not found"}
    response = other.post("/answers", json={"record_id": record["id"], "answer_text": "남의 답변"})
    assert response.status_code == 404 and response.json() == {"detail": "Record not found"}
    assert mine.get("/sessions/999999/questions").status_code == 404

    missing = mine.post("/sessions", json={"user_name": "박지민"})
    assert missing.status_code == 400 and "position" in missing.json()["detail"]
    assert mine.post("/answers", json={"record_id": "abc", "answer_text": "x"}).status_code == 400
    assert mine.post("/answers", json={"record_id": record["id"], "answer_text": "   "}).status_code == 400
    assert mine.post("/answers", data="{broken", headers={"Content-Type": "application/json"}).status_code == 400

    anonymous = api_for(None)
    response = anonymous.post("/sessions", json={"user_name": "x", "position": "y"})
    assert response.status_code == 401 and "detail" in response.json()
