"""The assistant page in Chromium against the live server: a schedule card and a cited answer."""
import re

import pytest

from tests.assistant.conftest import store_documents
from tests.browser import sign_in


@pytest.mark.browser
def test_ask_schedule_and_resume_question(live_url, page, user, other_user, events):
    resume, _portfolio, _secret = store_documents(user, other_user)
    sign_in(page.context, live_url, user)
    page.goto(f"{live_url}/assistant")
    page.wait_for_url(re.compile(r"/assistant/rooms/\d+"))
    assert "김지원_이력서.pdf" in page.locator("[data-documents]").inner_text()

    page.fill("[data-chat-input]", "이번 주 일정 알려줘")
    page.click("[data-chat-send]")
    card = page.locator('[data-tool-card="get_schedule"]').last
    card.wait_for(timeout=45000)
    assert "카카오 1차 면접" in card.inner_text() and "네이버 서류 마감" in card.inner_text()
    assert "비밀회사" not in card.inner_text()
    answer = page.locator(".bubble.assistant[data-complete]").last
    answer.wait_for(timeout=45000)
    assert "이번 주" in answer.inner_text() and "2건" in answer.inner_text()

    page.fill("[data-chat-input]", "내 이력서에서 Kafka 경험은?")
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelectorAll('.bubble.assistant[data-complete]').length >= 2", timeout=45000)
    answer = page.locator(".bubble.assistant[data-complete]").last
    text = answer.inner_text()
    assert "Kafka 기반 주문 이벤트 파이프라인을 설계해 처리량을 3배 늘렸습니다." in text and "[1]" in text
    assert "ORION" not in text
    link = answer.locator("[data-citations] a[data-citation]").first
    assert link.get_attribute("href") == f"/documents/{resume.pk}#page-2"
    assert "김지원_이력서.pdf" in link.inner_text() and "2쪽" in link.inner_text()

    # the conversation is kept: reload and the cards and citations are still there
    page.reload()
    assert page.locator('[data-tool-card="get_schedule"]').count() == 1
    assert page.locator("[data-citations] a").count() >= 1
    link = page.locator("[data-citations] a").first
    link.click()
    page.wait_for_url(re.compile(rf"/documents/{resume.pk}#page-2"))
    assert "Kafka" in page.locator("#page-2").inner_text()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_url}/assistant")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.errors == []
