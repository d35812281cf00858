"""ai.llm against a real OpenAI-compatible HTTP server on loopback (tests/fakeopenai.py)."""
from __future__ import annotations

import json
import threading
import time

import pytest

import ai
from ai import llm, openai_client, providers
from ai.errors import LLMError
from ai.models import LLMUsage
from tests.fakeopenai import ChatReply, tool_call

FEEDBACK_SCHEMA = {
    "type": "object",
    "required": ["score", "strengths", "improvement"],
    "properties": {
        "score": {"type": "integer", "minimum": 1, "maximum": 10},
        "strengths": {"type": "array", "items": {"type": "string"}, "minItems": 1},
        "improvement": {"type": "string", "minLength": 5},
    },
    "additionalProperties": False,
}
ANSWER = [{"role": "system", "content": "당신은 면접 코치입니다."},
          {"role": "user", "content": "제 답변: 결제 서버의 장애를 30% 줄였습니다. 평가해 주세요."}]
SCHEDULE_TOOL = llm.function_tool("add_schedule", "채용 일정을 캘린더에 추가합니다.", {
    "type": "object", "required": ["title", "date"],
    "properties": {"title": {"type": "string"}, "date": {"type": "string"}, "time": {"type": "string"}}})


@pytest.fixture(autouse=True)
def fast_backoff(monkeypatch):
    monkeypatch.setattr(openai_client, "BACKOFF_BASE", 0.01)


def test_engine_is_read_from_settings(settings, openai_engine):
    assert ai.engine() == llm.engine() == "openai"
    settings.AI_ENGINE = "local"
    assert ai.engine() == "local"
    settings.AI_ENGINE = "something-else"
    assert ai.engine() == "local"
    assert providers.configuration_problems() == [
        "AI_ENGINE must be one of local, openai, embedded, not 'something-else'."]


def test_one_capability_can_be_overridden(settings, openai_engine):
    settings.AI_PROVIDERS = {"stt": "local", "tts": "local"}
    assert providers.selection() == {"llm": "openai", "embeddings": "openai", "stt": "local", "tts": "local",
                                     "ocr": "local"}
    assert ai.remote() and not providers.remote("stt")
    assert providers.endpoint("llm").base_url == settings.OPENAI_BASE_URL
    settings.AI_PROVIDERS = {"stt": "nonesuch"}
    assert providers.engine("stt") == "openai"
    assert providers.configuration_problems() == ["AI_PROVIDERS: no stt provider called 'nonesuch' is registered."]


def test_an_openai_protocol_provider_is_one_registry_entry(settings, fake_openai):
    """A second OpenAI-protocol llm server (e.g. an embedded one) needs only a register() call."""
    entry = providers.register(providers.Provider("llm", "second", lambda: providers.Endpoint(
        fake_openai.url, "", 10.0, "second-model")))
    try:
        settings.AI_ENGINE = "local"
        settings.AI_PROVIDERS = {"llm": "second"}
        assert ai.engine() == "second" and ai.remote()
        fake_openai.chat("네")
        result = llm.chat(ANSWER)
        assert (result.engine, result.text) == ("second", "네")
        assert fake_openai.requests_to("/chat/completions")[-1].json["model"] == "second-model"
    finally:
        providers._registry.pop((entry.capability, entry.name))


def test_embedded_provider_sends_llama_cpp_options_once_within_the_budget(settings, fake_openai):
    """The `embedded` provider (llama.cpp's server, here the fake at its URL): the schema goes as
    llama.cpp's grammar (json_object + schema), the model is the GGUF's, a failure is not retried,
    and both chat_json requests share the EMBEDDED_LLM_BUDGET."""
    from ai import embedded_llm

    settings.AI_ENGINE = "embedded"
    settings.EMBEDDED_LLM_URL = fake_openai.url
    settings.EMBEDDED_LLM_BUDGET = 1.5
    fake_openai.chat(json={"score": 7, "strengths": ["수치"], "improvement": "역할을 더 말하세요."})
    assert llm.chat_json(ANSWER, schema=FEEDBACK_SCHEMA)["score"] == 7
    body = fake_openai.requests_to("/chat/completions")[-1].json
    assert body["model"] == embedded_llm.MODEL_NAME
    assert body["response_format"] == {"type": "json_object", "schema": FEEDBACK_SCHEMA}
    sent = len(fake_openai.requests_to("/chat/completions"))
    fake_openai.fail(500)
    with pytest.raises(LLMError) as caught:
        llm.chat_json(ANSWER, schema=FEEDBACK_SCHEMA)
    assert caught.value.code == "LLM_ERROR" and len(fake_openai.requests_to("/chat/completions")) == sent + 1
    fake_openai.chat("not json").slow(2.0)  # the repair request would end after the budget
    started = time.monotonic()
    with pytest.raises(LLMError) as caught:
        llm.chat_json(ANSWER, schema=FEEDBACK_SCHEMA)
    assert caught.value.code == "LLM_TIMEOUT" and time.monotonic() - started < 1.5 + 0.5


def test_local_engine_refuses_clearly(settings, fake_openai):
    settings.AI_ENGINE = "local"
    settings.OPENAI_BASE_URL = fake_openai.url
    with pytest.raises(LLMError) as caught:
        llm.chat(ANSWER)
    assert caught.value.code == "LLM_ERROR" and "local" in caught.value.message
    assert fake_openai.requests == []


def test_chat_sends_settings_and_returns_text_usage_model(settings, openai_engine):
    settings.OPENAI_MODEL = "qwen2.5:7b-instruct"
    openai_engine.chat("좋은 답변입니다. 수치가 구체적입니다.",
                       usage={"prompt_tokens": 41, "completion_tokens": 12, "total_tokens": 53})
    result = llm.chat(ANSWER, max_tokens=200)
    assert result.text == "좋은 답변입니다. 수치가 구체적입니다."
    assert result.usage == llm.Usage(41, 12, 53)
    assert (result.model, result.engine, result.finish_reason) == ("qwen2.5:7b-instruct", "openai", "stop")
    assert result.tool_calls == []
    [request] = openai_engine.requests_to("/chat/completions")
    assert request.headers["authorization"] == "Bearer test-key"
    assert request.json["model"] == "qwen2.5:7b-instruct"
    assert request.json["messages"] == ANSWER
    assert request.json["temperature"] == 0.3 and request.json["max_tokens"] == 200
    assert "stream" not in request.json


@pytest.mark.django_db
def test_token_usage_is_recorded(openai_engine):
    openai_engine.chat("네.", usage={"prompt_tokens": 30, "completion_tokens": 2, "total_tokens": 32})
    llm.chat(ANSWER, purpose="interview.evaluate")
    openai_engine.fail(400, message="bad request")
    with pytest.raises(LLMError):
        llm.chat(ANSWER, purpose="interview.evaluate")
    ok, failed = LLMUsage.objects.order_by("id")
    assert (ok.capability, ok.engine, ok.purpose) == ("llm", "openai", "interview.evaluate")
    assert (ok.prompt_tokens, ok.completion_tokens, ok.total_tokens) == (30, 2, 32)
    assert ok.error_code == "" and ok.latency_ms >= 0
    assert failed.error_code == "LLM_ERROR" and failed.total_tokens == 0


def test_chat_json_valid_answer(openai_engine):
    expected = {"score": 8, "strengths": ["구체적인 수치"], "improvement": "본인의 역할을 더 밝혀 주세요."}
    openai_engine.chat(json=expected)
    assert llm.chat_json(ANSWER, schema=FEEDBACK_SCHEMA, name="feedback") == expected
    [request] = openai_engine.requests
    response_format = request.json["response_format"]
    assert response_format["type"] == "json_schema"
    assert response_format["json_schema"]["name"] == "feedback"
    assert response_format["json_schema"]["schema"] == FEEDBACK_SCHEMA
    system = request.json["messages"][0]
    assert system["role"] == "system" and system["content"].startswith("당신은 면접 코치입니다.")
    assert json.dumps(FEEDBACK_SCHEMA, ensure_ascii=False) in system["content"]


def test_chat_json_repairs_once(openai_engine):
    wrong = {"score": 15, "strengths": ["수치"], "improvement": "역할을 밝히세요."}
    openai_engine.chat(json=wrong)
    openai_engine.chat("```json\n" + json.dumps({**wrong, "score": 7}, ensure_ascii=False) + "\n```")
    data = llm.chat_json(ANSWER, schema=FEEDBACK_SCHEMA)
    assert data == {**wrong, "score": 7}
    first, second = openai_engine.requests
    repair = second.json["messages"]
    assert repair[:-2] == first.json["messages"]
    assert repair[-2] == {"role": "assistant", "content": json.dumps(wrong, ensure_ascii=False)}
    assert repair[-1]["role"] == "user" and "$.score" in repair[-1]["content"] and "15" in repair[-1]["content"]


def test_chat_json_invalid_twice_raises_invalid_response(openai_engine):
    openai_engine.chat("죄송하지만 JSON으로 답할 수 없습니다.")
    openai_engine.chat(json={"score": "여덟", "strengths": []})
    with pytest.raises(LLMError) as caught:
        llm.chat_json(ANSWER, schema=FEEDBACK_SCHEMA)
    assert caught.value.code == "LLM_INVALID_RESPONSE" and caught.value.retryable is False
    assert "$.score" in caught.value.message
    assert len(openai_engine.requests) == 2
    assert "not a JSON object" in openai_engine.requests[1].json["messages"][-1]["content"]


def test_chat_json_object_mode(openai_engine):
    openai_engine.chat('분석 결과는 다음과 같습니다: {"score": 9, "strengths": ["STAR"], "improvement": "결과를 수치로"}')
    data = llm.chat_json(ANSWER, schema=FEEDBACK_SCHEMA, mode="json_object")
    assert data == {"score": 9, "strengths": ["STAR"], "improvement": "결과를 수치로"}
    assert openai_engine.requests[0].json["response_format"] == {"type": "json_object"}


def test_stream_yields_deltas_then_usage(openai_engine):
    text = "첫 번째 질문입니다. 최근 프로젝트에서 맡은 역할을 설명해 주세요."
    openai_engine.chat(text, usage={"prompt_tokens": 20, "completion_tokens": 15, "total_tokens": 35})
    events = list(llm.stream(ANSWER, purpose="interview.question"))
    deltas = [e for e in events if e.kind == "delta"]
    done = events[-1]
    assert len(deltas) >= 5 and "".join(e.text for e in deltas) == text
    assert done.kind == "done" and done.text == text and done.finish_reason == "stop"
    assert done.usage == llm.Usage(20, 15, 35)
    body = openai_engine.requests[0].json
    assert body["stream"] is True and body["stream_options"] == {"include_usage": True}


def test_stream_delivers_deltas_as_they_arrive(openai_engine):
    openai_engine.chat("하나 둘 셋 넷", chunk_delay=0.3)
    started = time.monotonic()
    events = llm.stream(ANSWER)
    first = next(events)
    first_at = time.monotonic() - started
    rest = list(events)
    total = time.monotonic() - started
    assert first.kind == "delta" and first.text.strip() == "하나"
    assert rest[-1].text == "하나 둘 셋 넷"
    assert first_at < total - 0.5  # the first words came before the stream finished


def test_tool_calls_round_trip(openai_engine):
    openai_engine.chat(tool_calls=[tool_call("add_schedule", {"title": "네이버 1차 면접", "date": "2026-01-20",
                                                               "time": "14:00"}, id="call_1")])
    first = llm.chat(ANSWER, tools=[SCHEDULE_TOOL], tool_choice="auto")
    assert first.finish_reason == "tool_calls" and first.text == ""
    [call] = first.tool_calls
    assert (call.id, call.name) == ("call_1", "add_schedule")
    assert call.arguments == {"title": "네이버 1차 면접", "date": "2026-01-20", "time": "14:00"}
    sent = openai_engine.requests[0].json
    assert sent["tools"] == [SCHEDULE_TOOL] and sent["tool_choice"] == "auto"

    openai_engine.chat("1월 20일 오후 2시 면접 일정을 추가했습니다.")
    follow_up = [*ANSWER, first.assistant_message(),
                 {"role": "tool", "tool_call_id": call.id, "content": json.dumps({"ok": True})}]
    second = llm.chat(follow_up, tools=[SCHEDULE_TOOL])
    assert second.text == "1월 20일 오후 2시 면접 일정을 추가했습니다."
    messages = openai_engine.requests[1].json["messages"]
    assert messages[-2]["tool_calls"][0]["function"]["name"] == "add_schedule"
    assert json.loads(messages[-2]["tool_calls"][0]["function"]["arguments"])["date"] == "2026-01-20"
    assert messages[-1] == {"role": "tool", "tool_call_id": "call_1", "content": '{"ok": true}'}


def test_tool_calls_streamed(openai_engine):
    openai_engine.chat("일정을 확인할게요.", tool_calls=[
        tool_call("add_schedule", {"title": "서류 마감", "date": "2026-01-15"}),
        tool_call("add_schedule", {"title": "코딩 테스트", "date": "2026-01-18", "time": "10:00"})])
    events = list(llm.stream(ANSWER, tools=[SCHEDULE_TOOL]))
    done = events[-1]
    assert done.kind == "done" and done.finish_reason == "tool_calls"
    assert done.text == "일정을 확인할게요."
    assert [c.arguments for c in done.tool_calls] == [{"title": "서류 마감", "date": "2026-01-15"},
                                                      {"title": "코딩 테스트", "date": "2026-01-18", "time": "10:00"}]
    assert all(c.id.startswith("call_") and c.name == "add_schedule" for c in done.tool_calls)
    assert len({c.id for c in done.tool_calls}) == 2


def test_tool_call_with_broken_arguments_is_invalid_response(openai_engine):
    openai_engine.chat(tool_calls=[tool_call("add_schedule", '{"title": "면접", "date": ')])
    with pytest.raises(LLMError) as caught:
        llm.chat(ANSWER, tools=[SCHEDULE_TOOL])
    assert caught.value.code == "LLM_INVALID_RESPONSE"


def test_rate_limit_is_retried_then_succeeds(openai_engine):
    openai_engine.fail(429, times=2, retry_after=0)
    openai_engine.chat("세 번째 시도에 성공했습니다.")
    assert llm.chat(ANSWER).text == "세 번째 시도에 성공했습니다."
    assert len(openai_engine.requests) == 3


def test_rate_limit_retry_after_is_honoured(openai_engine):
    openai_engine.fail(429, times=1, retry_after=0.4)
    openai_engine.chat("ok")
    llm.chat(ANSWER)
    first, second = openai_engine.requests
    assert second.at - first.at >= 0.35


def test_rate_limit_exhausted_maps_to_llm_rate_limit(openai_engine):
    openai_engine.fail(429, times=3, retry_after=0)
    with pytest.raises(LLMError) as caught:
        llm.chat(ANSWER)
    assert caught.value.code == "LLM_RATE_LIMIT" and caught.value.retryable is True
    assert len(openai_engine.requests) == openai_client.MAX_ATTEMPTS == 3


def test_timeout_maps_to_llm_timeout(openai_engine):
    openai_engine.slow(3.0, times=3)
    started = time.monotonic()
    with pytest.raises(LLMError) as caught:
        llm.chat(ANSWER, timeout=0.3)
    assert caught.value.code == "LLM_TIMEOUT" and caught.value.retryable is True
    assert len(openai_engine.requests) == 3
    assert time.monotonic() - started < 2.5  # three short timeouts, not the server's 3 s


def test_timeout_from_settings(settings, openai_engine):
    settings.OPENAI_TIMEOUT = 0.3
    openai_engine.slow(3.0, times=1)
    openai_engine.chat("두 번째는 제때 왔습니다.")
    assert llm.chat(ANSWER).text == "두 번째는 제때 왔습니다."


def test_server_error_retried_then_llm_error(openai_engine):
    openai_engine.fail(500, times=3, message="upstream crashed")
    with pytest.raises(LLMError) as caught:
        llm.chat(ANSWER)
    assert caught.value.code == "LLM_ERROR" and caught.value.retryable is True
    assert "500" in caught.value.message and "upstream crashed" in caught.value.message
    assert len(openai_engine.requests) == 3


def test_server_error_once_then_success(openai_engine):
    openai_engine.fail(503, times=1)
    openai_engine.chat("복구되었습니다.")
    assert llm.chat(ANSWER).text == "복구되었습니다."


def test_client_errors_are_not_retried(openai_engine, settings):
    openai_engine.api_key = "the-right-key"
    with pytest.raises(LLMError) as caught:
        llm.chat(ANSWER)
    assert caught.value.code == "LLM_ERROR" and caught.value.retryable is False and "401" in caught.value.message
    assert len(openai_engine.requests) == 1


def test_unreachable_server_is_a_retryable_llm_error(settings, openai_engine):
    from core.processes import free_port

    settings.OPENAI_BASE_URL = f"http://127.0.0.1:{free_port()}/v1"
    with pytest.raises(LLMError) as caught:
        llm.chat(ANSWER)
    assert caught.value.code == "LLM_ERROR" and caught.value.retryable is True


def test_stream_open_is_retried(openai_engine):
    openai_engine.fail(429, times=1, retry_after=0)
    openai_engine.chat("재시도 후 스트리밍")
    assert list(llm.stream(ANSWER))[-1].text == "재시도 후 스트리밍"
    assert len(openai_engine.requests) == 2


def test_stream_stalling_midway_is_llm_timeout(openai_engine):
    openai_engine.script("chat", ChatReply(content="첫 단어 다음 단어는 늦게 옵니다", chunk_delay=1.5))
    received = []
    with pytest.raises(LLMError) as caught:
        for event in llm.stream(ANSWER, timeout=0.5):
            received.append(event)
    assert caught.value.code == "LLM_TIMEOUT"
    assert received == []  # the role chunk came, then the server stalled past the read timeout
    assert len(openai_engine.requests) == 1  # text may have been shown: a stream is never replayed


def test_concurrent_calls_get_their_own_answers(openai_engine):
    openai_engine.handle("chat", lambda body: "echo:" + body["messages"][-1]["content"])
    results: dict[int, str] = {}

    def worker(n: int) -> None:
        results[n] = llm.chat([{"role": "user", "content": f"질문 {n}"}]).text

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert results == {n: f"echo:질문 {n}" for n in range(12)}
    assert len(openai_engine.requests) == 12
