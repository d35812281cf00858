"""In Chromium: open a problem, ask the helper, submit a wrong then a right answer and watch
the verdicts change."""
from __future__ import annotations

import pytest

from tests.browser import sign_in

pytestmark = pytest.mark.browser

WRONG = "n = int(input())\nprint(n)\n"
RIGHT = "n = int(input())\nprev, cur = 1, 1\nfor _ in range(n - 1):\n    prev, cur = cur, prev + cur\nprint(cur)\n"


def test_exam_room_in_chromium(page, live_url, make_user, starter):
    user = make_user()
    sign_in(page.context, live_url, user)
    page.goto(f"{live_url}/coding")
    page.click("[data-start='stairs']")
    page.wait_for_selector("[data-room]")
    page.wait_for_selector(".CodeMirror")  # the editor's scripts run after the room's markup is parsed
    assert page.locator(".CodeMirror").count() == 1  # the vendored editor took over the textarea
    assert page.locator(".CodeMirror .cm-keyword").count() > 0  # highlighted Python template

    page.fill("[data-chat-input]", "이 문제를 DP로 푸는 힌트를 줘")
    page.click("[data-chat-send]")
    page.wait_for_selector(".bubble.ai:not(.pending)")
    answer = page.locator(".bubble.ai").last.inner_text()
    assert "tokens · local" in answer and len(answer) > 40
    assert int(page.locator("[data-total-tokens]").inner_text()) > 0

    page.evaluate("code => window.examEditor.setValue(code)", WRONG)
    page.click("[data-submit]")
    page.wait_for_selector(".verdict-head[data-final='done']", timeout=60000)
    assert page.locator(".verdict-head .verdict").inner_text() == "WA"
    wrong_tests = page.locator(".tests li").count()
    assert wrong_tests == 6

    page.evaluate("code => window.examEditor.setValue(code)", RIGHT)
    page.click("[data-submit]")
    page.wait_for_function("() => document.querySelector('.verdict-head .verdict')?.textContent === 'AC'"
                           " && document.querySelector('.verdict-head').dataset.final === 'done'", timeout=60000)
    assert page.locator(".tests li[data-verdict='AC']").count() == 6
    page.click("[data-report-link]")  # the report: verdicts now, the evaluation once the exam closes
    page.wait_for_selector(".tests li")
    assert page.locator(".tests .verdict").all_inner_texts() == ["AC"] * 6
    assert page.errors == []
