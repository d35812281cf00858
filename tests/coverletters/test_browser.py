"""In Chromium: log in, paste a posting, see its analysis, stream a resume match, write a cover
letter, read the feedback with its highlighted sentences, edit it into a second version."""
import re

import pytest

from tests.browser import log_in
from tests.coverletters import fixtures as C
from tests.factories import make_user
from tests.postings import fixtures as F

pytestmark = pytest.mark.browser


def test_posting_match_and_cover_letter_feedback(live_url, page):
    make_user("browser", full_name="김지원", career_summary="백엔드 개발 3년", certifications="정보처리기사, AWS SAA")
    log_in(page, live_url, "browser")

    page.goto(f"{live_url}/postings")
    page.fill("#paste-text", F.BACKEND_POSTING)
    page.click("form[data-posting-paste] button[type=submit]")
    page.wait_for_url(re.compile(r".*/postings/\d+$"))
    assert page.text_content("[data-company]") == "그린커머스"
    required = page.locator("[data-required-skills] li").all_text_contents()
    assert {"Java", "Spring Boot", "JPA", "MySQL"} <= set(required)
    assert "Kubernetes" in page.locator("[data-preferred-skills] li").all_text_contents()
    assert "2026-12-31" in page.text_content("[data-deadline]")
    assert "local" in page.text_content("[data-engine]")
    assert page.locator("[data-section=requirements] li").count() == 5

    # the match streams in: stages tick, the gauge fills, skills appear
    page.fill("[data-resume-text]", F.BACKEND_GOOD)
    page.click("[data-match-submit]")
    page.wait_for_selector("[data-match-result][data-complete=true]")
    assert page.locator("[data-stages] li.done").count() == 3
    score = int(page.text_content("[data-score]"))
    assert 60 <= score <= 100
    assert page.text_content("[data-grade]") in {"A+", "A", "B+", "B", "C+", "C"}
    assert "Java" in page.locator("[data-matched] li").all_text_contents()
    assert "Kubernetes" in page.locator("[data-missing] li").all_text_contents()
    assert page.locator("[data-recommendations] li").count() >= 1
    offset = float(page.get_attribute("[data-gauge-value]", "style").split(":")[1].strip(" ;"))
    assert offset == pytest.approx(326.73 * (1 - score / 100), abs=0.5)

    # write a cover letter for it
    page.click("[data-write-letter]")
    page.wait_for_url(re.compile(r".*/cover-letters\?posting=\d+$"))
    page.fill("textarea[name=content]", C.PLANTED_LETTER)
    assert "자" in page.text_content("[data-char-counter]")
    page.click("form[data-letter-form] button[type=submit]")
    page.wait_for_url(re.compile(r".*/cover-letters/\d+$"))
    items = page.locator("[data-feedback-items] li").all_text_contents()
    joined = " ".join(items)
    for planted in ("쿠팡", "열정", "한국대학교", "JPA"):
        assert planted in joined, planted
    high = page.locator("[data-letter-preview] mark.sev-high").all_text_contents()
    assert "저는 열정을 가지고 쿠팡에 지원하게 되었습니다." in high
    assert page.locator("[data-expected-questions] li").count() >= 3
    assert int(page.text_content("[data-overall]")) < 40
    # a remark's quote jumps to its highlighted sentence
    page.locator("[data-feedback-items] [data-jump]").first.click()
    page.wait_for_selector("[data-letter-preview] mark.flash")

    # edit: a second version with new feedback
    page.fill("[data-edit-form] textarea[name=content]", C.GOOD_LETTER)
    page.click("[data-edit-form] button[type=submit]")
    page.wait_for_function("document.querySelector('[data-version]').textContent.trim() === 'v2'")
    assert page.locator("[data-versions] > li").count() == 2
    assert int(page.text_content("[data-overall]")) >= 70
    assert page.locator("[data-letter-preview] mark.sev-good").count() >= 1
    assert page.errors == []


def test_pages_fit_a_phone_screen(live_url, page):
    make_user("phone")
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_url, "phone")
    page.goto(f"{live_url}/postings")
    page.fill("#paste-text", F.NURSING_POSTING)
    page.click("form[data-posting-paste] button[type=submit]")
    page.wait_for_url(re.compile(r".*/postings/\d+$"))
    for path in (page.url, f"{live_url}/postings", f"{live_url}/cover-letters"):
        page.goto(path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, (path, overflow)
    assert page.errors == []
