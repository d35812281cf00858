"""The home page in a real browser: Korean first, English on request, no console errors."""
import pytest

pytestmark = pytest.mark.browser


def test_home_renders_in_korean_and_switches_to_english(page, live_url):
    page.goto(live_url + "/")
    assert page.locator("html").get_attribute("lang") == "ko"
    assert "면접 전에, 면접을 연습하세요." in page.locator("h1").inner_text()
    assert page.get_by_role("link", name="API 문서", exact=True).is_visible()
    page.click("[data-lang-switch=en]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Practise the interview before the interview." in page.locator("h1").inner_text()
    page.click("[data-lang-switch=ko]")
    assert "면접 전에" in page.locator("h1").inner_text()
    assert page.errors == []


def test_home_is_readable_on_a_phone(page, live_url):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_url + "/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    page.click("[data-nav-toggle]")
    assert page.get_by_role("link", name="API 문서", exact=True).is_visible()
    assert page.errors == []
