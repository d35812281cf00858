"""`POST /ai/chat` with AI_ENGINE=embedded against the session's real llama.cpp server: the rules
retrieve, the packaged model writes the answer with checked citations, and says so; with the
server down the rules' answer comes back, labelled as theirs."""
from tests.assistant.conftest import chat, citations, final, store_documents, tokens

BASE = {"room_id": "room_embedded", "user_id": "user_456"}


def _author(response) -> str:
    found = [e["data"]["engine"] for e in response.events if e["event"] == "author"]
    assert len(found) == 1, response.events
    return found[0]


def test_document_answer_is_written_by_the_model_with_real_citations(api, user, other_user, embedded_engine):
    from assistant.models import ChatMessage

    resume, _portfolio, secret = store_documents(user, other_user)
    response = chat(api, {**BASE, "message": "내 이력서에서 Kafka 경험은?"})
    text = final(response)["data"]["response"]
    assert _author(response) == "embedded" and tokens(response) == text
    cited = citations(response)
    assert cited and all(c["document_pk"] != secret.pk for c in cited)
    assert any(c["document_pk"] == resume.pk and c["page"] == 2 for c in cited)
    assert f"[{cited[0]['n']}]" in text and "ORION" not in text
    assert ChatMessage.objects.filter(role="assistant", engine="embedded").count() == 1


def test_tool_intents_stay_with_the_rules(api, user, embedded_engine):
    response = chat(api, {**BASE, "message": "이번 주 일정 알려줘"})
    body = final(response)
    assert _author(response) == "local" and body["message"] in ("tool_required", "chat_response")


def test_server_down_the_rules_answer(api, user, other_user, settings):
    from core.processes import free_port

    settings.AI_ENGINE = "embedded"
    settings.EMBEDDED_LLM_URL = f"http://127.0.0.1:{free_port()}/v1"
    store_documents(user, other_user)
    response = chat(api, {**BASE, "message": "내 이력서에서 Kafka 경험은?"})
    text = final(response)["data"]["response"]
    assert _author(response) == "local" and "Kafka" in text and citations(response)


def test_quotes_decide_the_citations_and_must_be_in_a_passage():
    import pytest

    from ai.errors import LLMError
    from assistant.ai import Citation
    from assistant.embedded import answer_schema, check_answer, quotable

    passages = [Citation(1, 1, "r", "이력서", "resume", 2, 1, "Kafka 기반 파이프라인을 설계해 처리량을 3배 늘렸습니다. 응답 시간 35% 단축."),
                Citation(2, 2, "p", "포트폴리오", "portfolio", None, 2, "Python과 Redis로 추천 API를 만들었습니다.")]
    quotes = quotable(passages)
    assert quotes == ["Kafka 기반 파이프라인을 설계해 처리량을 3배 늘렸습니다.", "응답 시간 35% 단축.",
                      "Python과 Redis로 추천 API를 만들었습니다."]
    assert answer_schema(quotes)["properties"]["quotes"]["items"]["enum"] == quotes
    assert check_answer({"answer": "처리량을 3배 늘리셨습니다.", "quotes": [quotes[2]]}, passages, "ko") == [passages[1]]
    with pytest.raises(LLMError):
        check_answer({"answer": "처리량을 10배 늘리셨습니다.", "quotes": ["처리량을 10배 늘렸습니다."]}, passages, "ko")
    with pytest.raises(LLMError):
        check_answer({"answer": "You tripled throughput.", "quotes": [quotes[0]]}, passages, "ko")
