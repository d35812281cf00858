"""The `openai` engine: the rules always run; what the model names is found again on the word
boxes and added (never a box the model invents); a provider outage leaves the rules' items."""
from __future__ import annotations

from masking import ai as masking_ai
from masking.ai import DetectOptions, PageInput, Word


def _page() -> PageInput:
    words = [
        Word("추천인:", (100, 100, 120, 40)), Word("홍길순", (230, 100, 110, 40)), Word("선배", (350, 100, 70, 40)),
        Word("연락처", (100, 200, 110, 40)), Word("010-1234-5678", (220, 200, 260, 40)),
    ]
    return PageInput(1, 1000, 400, words, "ocr", None)


def test_model_adds_names_the_rules_do_not_know(fake_openai, openai_engine):
    fake_openai.chat(json={"items": [
        {"type": "name", "text": "홍길순"},
        {"type": "phone", "text": "010-1234-5678"},  # the rules found it already: not doubled
        {"type": "name", "text": "김철수"},  # not on the page: ignored
        {"type": "password", "text": "hunter2"},  # not a type we know: ignored
    ]})
    detection = masking_ai.detect([_page()], DetectOptions())
    assert detection.engine == "openai"
    by_type = sorted((i.type, i.rule, i.box) for i in detection.items)
    assert by_type == [("name", "llm", (220, 94, 130, 52)), ("phone", "phone", (210, 194, 280, 52))]
    sent = fake_openai.requests_to("/chat/completions")[0].json
    assert "010-1234-5678" in sent["messages"][-1]["content"]


def test_provider_outage_keeps_the_rules_items(fake_openai, openai_engine):
    fake_openai.fail(503, times=10, retry_after=0)
    detection = masking_ai.detect([_page()], DetectOptions())
    assert (detection.engine, detection.fallback_reason) == ("local", "LLM_ERROR")  # labelled, never a silent mix
    assert [(i.type, i.rule) for i in detection.items] == [("phone", "phone")]
