"""`POST /ai/chat` with the openai engine, against the scripted OpenAI-compatible server:
streamed text, RAG passages in the prompt with [n] citations, real tool calling."""
import json

from assistant.models import ChatRoom
from tests.assistant.conftest import chat, citations, final, store_documents, tokens
from tests.fakeopenai import tool_call

BASE = {"room_id": "room_ai", "user_id": "user_456"}


def _chat_requests(fake):
    return [r.json for r in fake.requests_to("/chat/completions")]


def test_plain_chat_streams_the_models_text(api, fake_openai, openai_engine):
    fake_openai.chat("안녕하세요! 취업 준비 도움이 필요하신가요?")
    response = chat(api, {**BASE, "message": "안녕", "history": [{"role": "user", "content": "이전 질문"},
                                                                  {"role": "assistant", "content": "이전 답"}]})
    body = final(response)
    assert body == {"message": "chat_response", "data": {"success": True, "response": "안녕하세요! 취업 준비 도움이 필요하신가요?",
                                                          "tool_used": None}}
    assert tokens(response) == body["data"]["response"] and response["X-AI-Engine"] == "openai"
    request = _chat_requests(fake_openai)[0]
    assert request["stream"] is True and {t["function"]["name"] for t in request["tools"]} == {
        "get_schedule", "add_schedule", "search_documents", "get_interview_history", "get_match_report"}
    roles = [(m["role"], m.get("content")) for m in request["messages"][1:]]
    assert roles == [("user", "이전 질문"), ("assistant", "이전 답"), ("user", "안녕")]  # the sent history, as given


def test_rag_passages_go_into_the_prompt_and_citations_come_back(api, fake_openai, openai_engine, user, other_user):
    resume, _portfolio, _secret = store_documents(user, other_user)

    def answer(body):
        system = body["messages"][0]["content"]
        assert "Kafka 기반 주문 이벤트 파이프라인" in system and "ORION" not in system
        number = next(line[1] for line in system.splitlines() if "Kafka 기반" in line)
        return f"Kafka로 주문 이벤트 파이프라인을 설계해 처리량을 3배 늘리셨습니다 [{number}]."

    fake_openai.chat(handler=answer)
    response = chat(api, {**BASE, "message": "내 이력서에서 Kafka 경험은?"})
    text = final(response)["data"]["response"]
    assert "3배" in text
    cited = citations(response)
    assert len(cited) == 1 and cited[0]["document_pk"] == resume.pk and cited[0]["page"] == 2


def test_tool_required_then_tool_result_in_the_same_room(api, fake_openai, openai_engine, user):
    fake_openai.chat(tool_calls=[tool_call("get_schedule", {"start_date": "2026-01-06", "end_date": "2026-01-12"},
                                           id="call_7")])
    body = final(chat(api, {**BASE, "message": "이번 주 일정 알려줘"}))
    assert body == {"message": "tool_required", "data": {"success": True, "response": None, "tool_used": {
        "tool": "get_schedule", "params": {"start_date": "2026-01-06", "end_date": "2026-01-12"}}}}

    fake_openai.chat(handler=lambda b: "이번 주에는 1월 8일 14:00 카카오 1차 면접이 있습니다.")
    result = {"tool": "get_schedule", "success": True, "data": [{"title": "카카오 1차 면접", "date": "2026-01-08",
                                                                  "time": "14:00"}]}
    body = final(chat(api, {**BASE, "tool_result": result}))
    assert body["message"] == "chat_response" and "카카오 1차 면접" in body["data"]["response"]
    second = _chat_requests(fake_openai)[1]["messages"]
    # the model sees its own call and the client's result, and the room's history (none was sent)
    call = next(m for m in second if m["role"] == "assistant" and m.get("tool_calls"))
    assert call["tool_calls"][0]["id"] == "call_7" and call["tool_calls"][0]["function"]["name"] == "get_schedule"
    tool_message = next(m for m in second if m["role"] == "tool")
    assert tool_message["tool_call_id"] == "call_7" and json.loads(tool_message["content"]) == result
    assert any(m["role"] == "user" and m["content"] == "이번 주 일정 알려줘" for m in second)
    room = ChatRoom.objects.get(owner=user, client_room_id="room_ai")
    assert [m.role for m in room.messages.all()] == ["user", "assistant", "tool", "assistant"]


def test_search_documents_tool_runs_on_the_server(api, fake_openai, openai_engine, user, other_user):
    store_documents(user, other_user)
    fake_openai.chat(tool_calls=[tool_call("search_documents", {"query": "Kafka Streams 정산"}, id="call_s")])

    def answer(body):
        result = json.loads(next(m for m in body["messages"] if m["role"] == "tool")["content"])
        assert result["success"] and all("ORION" not in item["text"] for item in result["data"])
        return f"정산 지연을 40분으로 줄이셨습니다 [{result['data'][0]['n']}]."

    fake_openai.chat(handler=answer)
    response = chat(api, {**BASE, "message": "정산 관련해서 뭘 했지?"})
    assert "40분" in final(response)["data"]["response"]
    assert citations(response) and citations(response)[0]["title"] == "김지원_이력서.pdf"


def test_page_runs_client_tools_itself(client, fake_openai, openai_engine, user, events):
    client.force_login(user)
    room = ChatRoom.objects.create(owner=user)
    first = events[0]
    fake_openai.chat(tool_calls=[tool_call("get_schedule", {"start_date": first.date.isoformat(),
                                                            "end_date": first.date.isoformat()})])
    fake_openai.chat(handler=lambda b: "목요일 14:00에 카카오 1차 면접이 있어요.")
    response = chat(client, {"message": "목요일 일정?"}, url=f"/assistant/rooms/{room.pk}/messages")
    body = final(response)
    assert body["data"]["tool_used"]["tool"] == "get_schedule" and "카카오" in body["data"]["response"]
    [card] = [e["data"] for e in response.events if e["event"] == "card"]
    assert card["success"] and [item["title"] for item in card["data"]] == ["카카오 1차 면접"]


def test_model_server_down_before_the_first_word_falls_back_to_the_rules(api, fake_openai, openai_engine):
    fake_openai.fail(503, times=10)
    response = chat(api, {**BASE, "message": "안녕"})
    body = final(response)
    assert body["data"]["success"] and body["data"]["response"] == tokens(response)
    from assistant.models import ChatMessage

    assert ChatMessage.objects.filter(role=ChatMessage.Role.ASSISTANT).latest("pk").engine == "local"


def test_model_server_down_and_rules_failing_is_an_error_event(api, fake_openai, openai_engine, monkeypatch):
    from ai.errors import LLMError
    from assistant import local

    def rules_down(*args, **kwargs):
        raise LLMError("LLM_ERROR", "down")

    monkeypatch.setattr(local, "respond", rules_down)
    fake_openai.fail(503, times=10)
    response = chat(api, {**BASE, "message": "안녕"})
    assert response.events[-1] == {"event": "error", "id": None, "data": {
        "message": "ai_service_unavailable", "error_code": 5031, "data": None}}
