"""The account pages in Chromium: sign up, log out, log in, edit the profile, log out again."""
import pytest

from tests.factories import PASSWORD as STRONG_PASSWORD

pytestmark = pytest.mark.browser


def test_signup_login_profile_logout(page, live_url):
    from accounts.models import User

    page.goto(live_url + "/")
    page.click("header >> text=회원가입")
    assert page.url.endswith("/accounts/signup")
    assert page.locator("h1").inner_text() == "계정 만들기"

    # a weak password first: the field error is Korean and the form keeps what was typed
    page.fill("input[name=email]", "jiwon@example.com")
    page.fill("input[name=full_name]", "김지원")
    page.fill("input[name=password1]", "12345")
    page.fill("input[name=password2]", "12345")
    page.click("form[data-signup-form] button[type=submit]")
    assert "최소 8자" in page.locator(".field.has-error").first.inner_text()
    assert page.input_value("input[name=email]") == "jiwon@example.com"

    page.fill("input[name=password1]", STRONG_PASSWORD)
    page.fill("input[name=password2]", STRONG_PASSWORD)
    page.click("form[data-signup-form] button[type=submit]")
    page.wait_for_url(live_url + "/dashboard")
    assert "환영합니다" in page.locator(".messages").inner_text()
    assert page.locator(".user-link").inner_text() == "김지원"

    page.click("header button:has-text('로그아웃')")
    page.wait_for_url(live_url + "/")
    assert page.locator("header >> text=로그인").is_visible()

    page.click("header >> text=로그인")
    page.fill("input[name=username]", "jiwon@example.com")
    page.fill("input[name=password]", "wrong-password")
    page.click("form[data-login-form] button[type=submit]")
    assert "올바르지 않습니다" in page.locator("[data-form-errors]").inner_text()
    page.fill("input[name=password]", STRONG_PASSWORD)
    page.click("form[data-login-form] button[type=submit]")
    page.wait_for_url(live_url + "/dashboard")

    page.click(".user-link")
    page.wait_for_url(live_url + "/accounts/profile")
    assert "내 프로필" in page.locator("h1").inner_text()
    page.fill("input[name=age]", "29")
    page.select_option("select[name=gender]", "female")
    page.fill("textarea[name=career_summary]", "백엔드 개발 4년 (Python/Django, 결제)")
    page.fill("textarea[name=certifications]", "정보처리기사, AWS SAA")
    page.click("form[data-profile-form] button[type=submit]")
    page.wait_for_url(live_url + "/accounts/profile")
    assert "프로필을 저장했습니다" in page.locator(".messages").inner_text()
    assert page.input_value("textarea[name=career_summary]") == "백엔드 개발 4년 (Python/Django, 결제)"
    user = User.objects.get(email="jiwon@example.com")
    assert (user.age, user.gender, user.certifications) == (29, "female", "정보처리기사, AWS SAA")

    page.click("header button:has-text('로그아웃')")
    page.wait_for_url(live_url + "/")
    assert "로그아웃되었습니다" in page.locator(".messages").inner_text()
    page.goto(live_url + "/accounts/profile")
    assert "/accounts/login" in page.url
    assert page.errors == []


def test_account_pages_fit_a_phone(page, live_url):
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ("/accounts/signup", "/accounts/login"):
        page.goto(live_url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
    assert page.errors == []


def test_revoking_an_api_key_asks_once(page, live_url, make_user):
    from accounts.models import ApiKey
    from tests.browser import sign_in
    from tests.factories import api_key

    user = make_user(staff=True)  # the API-keys page is for staff
    api_key(user)
    sign_in(page.context, live_url, user)
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.message)
        dialog.accept() if len(dialogs) > 1 else dialog.dismiss()

    page.on("dialog", answer)
    page.goto(live_url + "/accounts/api-keys")
    revoke = page.locator("form[data-confirm] button[type=submit]")
    revoke.click()  # dismissed: nothing is sent, the key stays active
    assert len(dialogs) == 1 and ApiKey.objects.get(owner=user).is_active
    revoke.click()
    page.wait_for_load_state()
    page.locator(".badge.bad").wait_for()
    assert len(dialogs) == 2 and not ApiKey.objects.get(owner=user).is_active
    assert page.errors == []
