"""The same three flows on the `openai` engine, against the scripted OpenAI-compatible server:
questions, evaluations and reports come from the model (validated), speech from /audio/*."""
import re
import uuid

import pytest

from interviews.models import InterviewSession, InterviewTurn
from tests.factories import POSTING_KO, bearer
from tests.fakeopenai import schema_instance
from tests.interviews.conftest import RESUME_KO, STRONG_EN, WEAK_EN, Api, espeak_wav, sse_events, wait_until


def _last_user(body: dict) -> str:
    return next(m["content"] for m in reversed(body["messages"]) if m["role"] == "user")


def brain(body: dict, tag: str = ""):
    """Answers like a model would, per task (the schema name says which). `tag` makes this test's
    questions new texts, so their speech is synthesised now rather than found in the TTS cache."""
    fmt = body.get("response_format") or {}
    name = (fmt.get("json_schema") or {}).get("name")
    prompt = _last_user(body)
    if name == "interview_question":
        number = int(re.search(r"question (\d) of 5 comes next", prompt).group(1))
        return {"question": f"[model] Question {number}: which result of yours are you proudest of, and why? {tag}",
                "is_followup": number > 1, "followup_reason": "numbers" if number > 1 else "none",
                "competency": "project", "skill": ""}
    if name == "interview_plan":
        return {"questions": [f"[model] Planned question {n}: describe a hard problem you solved." for n in range(1, 6)]}
    if name == "answer_evaluation":
        answer = prompt.split("Answer: ", 1)[1].split("\n\nRule-based rubric", 1)[0]
        return {"score": 70 + len(answer) % 20, "feedback": "[model] Clear, but add the outcome.",
                "keywords": ["payment"], "strengths": ["[model] concrete"], "improvements": ["[model] add numbers"],
                "evidence": [{"quote": answer[:24], "note": "opening"},
                             {"quote": "words the candidate never said", "note": "invented"}]}
    if name == "interview_report":
        turns = [int(n) for n in re.findall(r"\[A(\d)\]", prompt)]
        return {"total_feedback": "[model] A solid interview overall.", "strength_patterns": ["[model] structure"],
                "weakness_patterns": ["[model] few numbers"], "learning_guide": ["[model] practise STAR answers"],
                "turn_feedback": [{"turn": n, "feedback": f"[model] feedback {n}"} for n in turns]}
    return schema_instance((fmt.get("json_schema") or {}).get("schema") or {})


@pytest.fixture
def model(fake_openai, transactional_db):
    tag = uuid.uuid4().hex[:6]
    fake_openai.handle("chat", lambda body: brain(body, tag))
    return fake_openai


def test_seed002_on_the_openai_engine(openai_app, model, make_user):
    user = make_user()
    api = Api(openai_app.url, bearer(user))
    session = api.post("/sessions", json={"user_name": "김철수", "position": "Backend Developer"}).json()
    questions = api.get(f"/sessions/{session['id']}/questions").json()
    assert [q["question_text"] for q in questions] == [
        f"[model] Planned question {n}: describe a hard problem you solved." for n in range(1, 6)]
    for record, text in zip(questions, [STRONG_EN, WEAK_EN, STRONG_EN, WEAK_EN, STRONG_EN]):
        assert api.post("/answers", json={"record_id": record["id"], "answer_text": text}).status_code == 200
    results = wait_until(lambda: (lambda rows: rows if all(r["evaluation"] for r in rows) else None)(
        api.get(f"/sessions/{session['id']}/results").json()), timeout=90)
    for row in results:
        evaluation = row["evaluation"]
        assert evaluation["engine"] == "openai" and evaluation["feedback"].startswith("[model]")
        # the invented quote is dropped: evidence only quotes what the candidate said
        assert [e["quote"] for e in evaluation["evidence"]] == [row["answer"][:24]]
    done = wait_until(lambda: InterviewSession.objects.filter(pk=session["id"], status="completed").first(), timeout=60)
    assert done.report["engine"] == "openai" and done.total_feedback == "[model] A solid interview overall."
    assert model.requests_to("/chat/completions")


def test_seed003_on_the_openai_engine(openai_app, model, make_user, posting_for):
    user = make_user()
    api = Api(openai_app.url, bearer(user))
    spoken = [WEAK_EN, STRONG_EN, "I wrote tests.", STRONG_EN, "I want to lead payment design."]
    for text in spoken:
        model.transcription(text, language="en")
    started = api.post("/api/interviews/start", json={"posting_id": posting_for(user).pk, "language": "en"}).json()
    sid = started["session_id"]
    assert started["current_turn"]["question_text"].startswith("[model] Question 1")
    speech = api.http.get(openai_app.url + started["current_turn"]["question_audio_url"]
                          if started["current_turn"]["question_audio_url"].startswith("/")
                          else started["current_turn"]["question_audio_url"], timeout=30)
    assert speech.status_code == 200 and len(speech.content) > 1000
    for number in range(1, 6):
        reply = api.post(f"/api/interviews/{sid}/answer", data={"turn_number": str(number)},
                         files={"audio": (f"a{number}.wav", espeak_wav(spoken[number - 1]), "audio/wav")}).json()
        assert reply["answer_stt_text"] == spoken[number - 1]
        if number < 5:
            assert reply["next_turn"]["question_text"].startswith(f"[model] Question {number + 1}")
    result = wait_until(lambda: (lambda r: r if r["status"] == "completed" else None)(
        api.get(f"/api/interviews/{sid}/result").json()), timeout=90)
    assert result["engine"] == "openai" and result["total_feedback"] == "[model] A solid interview overall."
    assert [t["turn_feedback"] for t in result["turns"]] == [f"[model] feedback {n}" for n in range(1, 6)]
    turns = InterviewTurn.objects.filter(session_id=sid)
    assert {t.question_engine for t in turns} == {"openai"} and {t.stt["engine"] for t in turns} == {"openai"}
    uploads = model.requests_to("/audio/transcriptions")
    assert len(uploads) == 5 and uploads[0].form["language"] == "en"
    assert model.requests_to("/audio/speech")


def test_seed000_on_the_openai_engine(openai_app, model, make_user):
    user = make_user()
    api = Api(openai_app.url, bearer(user))
    ids = {"room_id": "room_ai", "session_id": f"s_{uuid.uuid4().hex[:8]}"}
    body = {**ids, "interview_type": "technical", "resume_text": RESUME_KO, "posting_text": POSTING_KO}
    for number in range(1, 6):
        data = api.post("/ai/interview/question", json=body).json()["data"]
        assert data["question"].startswith(f"[model] Question {number}") and data["is_followup"] == (number > 1)
        api.post("/ai/interview/save", json={**ids, "question_id": data["question_id"], "question": data["question"],
                                             "answer": STRONG_EN, "is_followup": data["is_followup"],
                                             "question_number": number})
    final = sse_events(api.post("/ai/interview/report", json={**body, "ended_by": "auto"}))[-1]
    assert final["event"] == "complete" and final["data"]["message"] == "report_generated"
    report = final["data"]["data"]["report"]
    assert report["strength_patterns"] == ["[model] structure"] and report["learning_guide"] == ["[model] practise STAR answers"]
    assert all(e["good_points"] == ["[model] concrete"] for e in final["data"]["data"]["evaluations"])


def test_a_failing_model_falls_back_to_the_local_rules(openai_app, model, make_user):
    model.handle("chat", None)
    model.fail(400, kind="chat", message="model not loaded")
    api = Api(openai_app.url, bearer(make_user()))
    ids = {"room_id": "room_fb", "session_id": f"s_{uuid.uuid4().hex[:8]}"}
    asked = api.post("/ai/interview/question", json={**ids, "interview_type": "personality", "resume_text": "",
                                                      "posting_text": ""})
    assert asked.status_code == 200
    turn = InterviewTurn.objects.get(session__client_session_id=ids["session_id"])
    assert turn.question_engine == "local" and "LLM_ERROR" in turn.reason
    assert asked.json()["data"]["question"] == turn.question
