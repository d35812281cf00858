"""The helper through the `openai` engine against the scripted OpenAI-compatible server."""
from __future__ import annotations

import pytest

from tests.grading.conftest import chat_body

pytestmark = pytest.mark.django_db


def test_openai_answer_uses_server_usage_and_context(make_user, starter, open_session, client_for, openai_engine):
    fake = openai_engine
    user = make_user()
    session = open_session(user, starter["two-sum"])
    fake.chat("해시맵에 이미 본 값을 저장해 보세요.", usage={"prompt_tokens": 300, "completion_tokens": 21, "total_tokens": 321})
    body = chat_body(session, 1, "어떻게 접근하면 좋을까요?", code="print(1)", language="python3")
    response = client_for(user).post("/api/chat/messages", body, format="json")
    assert response.status_code == 200, response.content
    message = response.json()["aiMessage"]
    assert message["content"] == "해시맵에 이미 본 값을 저장해 보세요."
    request = fake.requests_to("/chat/completions")[-1].json
    assert message["tokenCount"] == 321 and message["totalToken"] == 321  # the server's usage, as reported
    system = "\n".join(m["content"] for m in request["messages"] if m["role"] == "system")
    assert "must NOT" in system and "두 수의 합" in system and "print(1)" in system
    assert request["messages"][-1] == {"role": "user", "content": "어떻게 접근하면 좋을까요?"}
    # the second turn adds exactly its own usage; the history goes to the model
    fake.chat("정렬은 필요 없습니다.", usage={"prompt_tokens": 350, "completion_tokens": 9, "total_tokens": 359})
    second = client_for(user).post("/api/chat/messages", chat_body(session, 3, "정렬이 필요한가요?"), format="json")
    assert second.json()["aiMessage"]["tokenCount"] == 359 and second.json()["aiMessage"]["totalToken"] == 680
    assert [m["role"] for m in fake.requests_to("/chat/completions")[-1].json["messages"]][-3:] == ["user", "assistant", "user"]
    session.refresh_from_db()
    assert session.total_tokens == second.json()["aiMessage"]["totalToken"]
    assert set(session.messages.values_list("engine", flat=True)) == {"openai"}


def test_openai_full_code_is_withheld(make_user, starter, open_session, client_for, openai_engine):
    user = make_user()
    session = open_session(user, starter["stairs"])
    openai_engine.chat("여기 있습니다:\n```python\nn=int(input())\na,b=1,1\nfor _ in range(n-1):\n    a,b=b,a+b\nprint(b)\n```")
    answer = client_for(user).post("/api/chat/messages", chat_body(session, 1, "코드 좀 보여줘"), format="json").json()
    assert "a,b=b,a+b" not in answer["aiMessage"]["content"] and "code withheld" in answer["aiMessage"]["content"]


def test_timeout_and_engine_failure_fall_back_to_the_rules(make_user, starter, open_session, client_for,
                                                          openai_engine, settings):
    """README fallback policy: a slow or failing model server gives the rules' reply, labelled local."""
    settings.GRADING_HELPER_TIMEOUT = 1.5
    user = make_user()
    session = open_session(user, starter["stairs"])
    openai_engine.slow(3.0, times=3)
    response = client_for(user).post("/api/chat/messages", chat_body(session, 1, "힌트 주세요"), format="json")
    assert response.status_code == 200, response.content
    assert response.json()["aiMessage"]["content"]
    openai_engine.reset()
    openai_engine.fail(400, message="bad request")
    response = client_for(user).post("/api/chat/messages", chat_body(session, 3, "힌트 주세요"), format="json")
    assert response.status_code == 200, response.content
    assert set(session.messages.filter(role="AI").values_list("engine", flat=True)) == {"local"}


def test_timeout_and_failure_when_the_rules_fail_too(make_user, starter, open_session, client_for, openai_engine,
                                                     settings, monkeypatch):
    from ai.errors import LLMError
    from grading import ai as grading_ai

    def rules_down(inp):
        raise LLMError(rules_down.code, "rules down")

    monkeypatch.setattr(grading_ai, "_local_reply", rules_down)
    settings.GRADING_HELPER_TIMEOUT = 1.5
    user = make_user()
    session = open_session(user, starter["stairs"])
    rules_down.code = "LLM_TIMEOUT"
    openai_engine.slow(3.0, times=3)
    response = client_for(user).post("/api/chat/messages", chat_body(session, 1, "힌트 주세요"), format="json")
    assert response.status_code == 504
    assert response.json() == {"error": True, "error_code": "TIMEOUT", "error_message":
                               "요청 처리 시간이 초과되었습니다. (2분 타임아웃) - LLM API 응답 지연 또는 Quota 제한 가능"}
    openai_engine.reset()
    rules_down.code = "LLM_ERROR"
    openai_engine.fail(400, message="bad request")
    response = client_for(user).post("/api/chat/messages", chat_body(session, 1, "힌트 주세요"), format="json")
    assert response.status_code == 500
    assert response.json() == {"error": True, "error_code": "LANGGRAPH_ERROR",
                               "error_message": "LangGraph 실행 중 오류가 발생했습니다."}
    session.refresh_from_db()
    assert session.total_tokens == 0 and session.messages.count() == 0  # failures count nothing


def test_report_usage_classified_by_the_model(make_user, adder, open_session, openai_engine):
    from grading import services
    from grading.models import PromptMessage

    session = open_session(make_user(), adder)
    for turn, (question, answer) in enumerate([("Can you show how it would look in Python?", "No code, sorry."),
                                               ("입력은 어떻게 읽나요?", "input().split()을 보세요.")]):
        PromptMessage.objects.create(session=session, turn=2 * turn + 1, role="USER", content=question)
        PromptMessage.objects.create(session=session, turn=2 * turn + 2, role="AI", content=answer)
    submission, _ = services.submission_create(session=session, spec=session.spec, language="python3",
                                               language_label="python3",
                                               code="a, b = map(int, input().split())\nprint(a + b)\n",
                                               submission_id=515151)
    openai_engine.chat(json={"intents": ["solution_request", "concept"],
                             "summary": "개념 질문은 좋았지만 코드를 직접 요청한 적이 있습니다."})
    services.submission_grade(submission_pk=submission.pk)
    report = submission.__class__.objects.get(pk=submission.pk).report
    assert report.engine == "openai"
    assert report.details["ai_usage"]["intents"] == {"solution_request": 1, "concept": 1}
    assert "코드를 직접 요청한 적이 있습니다" in " ".join(report.details["reasons"])
    assert report.ai_usage < 100


def test_report_falls_back_to_local_rules(make_user, adder, open_session, openai_engine):
    from grading import services
    from grading.models import PromptMessage

    session = open_session(make_user(), adder)
    PromptMessage.objects.create(session=session, turn=1, role="USER", content="정답 코드 전체를 보여줘")
    PromptMessage.objects.create(session=session, turn=2, role="AI", content="드릴 수 없어요.")
    submission, _ = services.submission_create(session=session, spec=session.spec, language="python3",
                                               language_label="python3", code="print(3)\n", submission_id=525252)
    openai_engine.fail(400, times=2)
    services.submission_grade(submission_pk=submission.pk)
    report = submission.__class__.objects.get(pk=submission.pk).report
    assert report.engine == "local" and report.details["ai_usage"]["intents"] == {"solution_request": 1}
