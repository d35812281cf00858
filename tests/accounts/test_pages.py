"""Account pages through Django's test client: Korean errors, CSRF, email-or-username log-in,
profile, password change (old refresh tokens die), the staff API-keys page."""
import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD as STRONG_PASSWORD

pytestmark = pytest.mark.django_db


def test_url_names_and_paths():
    assert reverse("accounts:signup") == "/accounts/signup"
    assert reverse("accounts:login") == "/accounts/login"
    assert reverse("accounts:logout") == "/accounts/logout"
    assert reverse("accounts:profile") == "/accounts/profile"
    assert reverse("accounts:password_change") == "/accounts/password"
    assert reverse("accounts:api_keys") == "/accounts/api-keys"


def test_signup_shows_field_errors_in_korean(client, make_user):
    make_user(email="taken@example.com")
    response = client.post("/accounts/signup", {"email": "taken@example.com", "password1": "short",
                                                "password2": "different"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "이 이메일로 가입한 계정이 이미 있습니다." in text
    assert "두 비밀번호가 일치하지 않습니다." in text
    weak = client.post("/accounts/signup", {"email": "new@example.com", "password1": "1234", "password2": "1234"})
    text = weak.content.decode()
    assert "최소 8자" in text and "숫자로" in text
    missing = client.post("/accounts/signup", {})
    assert "필수 항목입니다" in missing.content.decode()


def test_signup_logs_in_and_lands_on_dashboard(client):
    from accounts.models import User

    response = client.post("/accounts/signup", {"email": "New.Person@Example.com", "full_name": "새사람",
                                                "password1": STRONG_PASSWORD, "password2": STRONG_PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("core:dashboard")
    user = User.objects.get(email="new.person@example.com")
    assert user.username == "new.person@example.com" and user.check_password(STRONG_PASSWORD)
    assert client.get(reverse("core:dashboard")).status_code == 200


def test_login_with_email_or_username_and_safe_next(client, make_user):
    make_user(username="minsu", email="minsu@example.com")
    for identifier in ("minsu", "MINSU@example.com"):
        response = client.post("/accounts/login", {"username": identifier, "password": STRONG_PASSWORD})
        assert response.status_code == 302 and response["Location"] == reverse("core:dashboard")
        client.post("/accounts/logout")
    inside = client.post("/accounts/login?next=/accounts/profile", {"username": "minsu", "password": STRONG_PASSWORD,
                                                                   "next": "/accounts/profile"})
    assert inside["Location"] == "/accounts/profile"
    client.post("/accounts/logout")
    outside = client.post("/accounts/login", {"username": "minsu", "password": STRONG_PASSWORD,
                                              "next": "https://evil.example/steal"})
    assert outside["Location"] == reverse("core:dashboard")


def test_wrong_password_and_unknown_user_read_the_same(client, make_user):
    make_user(username="sena")
    wrong = client.post("/accounts/login", {"username": "sena", "password": "nope-nope"}).content.decode()
    unknown = client.post("/accounts/login", {"username": "nobody", "password": "nope-nope"}).content.decode()
    message = "이메일(또는 사용자 이름)이나 비밀번호가 올바르지 않습니다."
    assert message in wrong and message in unknown


def test_csrf_is_enforced_on_pages(make_user):
    make_user(username="csrfuser")
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/accounts/login", {"username": "csrfuser", "password": STRONG_PASSWORD}).status_code == 403
    page = strict.get("/accounts/login")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    ok = strict.post("/accounts/login", {"username": "csrfuser", "password": STRONG_PASSWORD,
                                         "csrfmiddlewaretoken": token})
    assert ok.status_code == 302
    # the session cookie alone cannot change data through the API either
    assert strict.patch("/api/users/me", {"name": "x"}, content_type="application/json").status_code == 403


def test_logout_is_post_only(client, make_user):
    user = make_user()
    client.force_login(user)
    assert client.get("/accounts/logout").status_code == 405
    response = client.post("/accounts/logout")
    assert response.status_code == 302 and response["Location"] == reverse("core:home")
    assert client.get("/accounts/profile")["Location"].startswith("/accounts/login")


def test_profile_edits_own_spec_only(client, make_user):
    user, other = make_user(full_name="원래"), make_user(email="other@example.com")
    assert client.get("/accounts/profile").status_code == 302  # log-in first
    client.force_login(user)
    page = client.get("/accounts/profile").content.decode()
    assert "내 프로필 · 스펙" in page and "경력 요약" in page and "자격증" in page
    response = client.post("/accounts/profile", {"full_name": "김지원", "email": user.email, "age": "29",
                                                 "gender": "female", "career_summary": "백엔드 4년",
                                                 "certifications": "정보처리기사"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.full_name, user.age, user.gender, user.career_summary) == ("김지원", 29, "female", "백엔드 4년")
    taken = client.post("/accounts/profile", {"full_name": "바뀌면 안 됨", "email": "OTHER@example.com", "age": "200"})
    text = taken.content.decode()
    assert "이 이메일로 가입한 계정이 이미 있습니다." in text and "150" in text
    assert "바뀌면 안 됨" not in text.split("<main")[0]  # the header still shows the saved name
    user.refresh_from_db()
    other.refresh_from_db()
    assert user.full_name == "김지원" and other.full_name == ""


def test_password_change_revokes_old_refresh_tokens(client, make_user):
    from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken

    from accounts import services

    user = make_user()
    pair = services.token_pair_issue(user=user)
    client.force_login(user)
    bad = client.post("/accounts/password", {"old_password": "wrong", "new_password1": "x", "new_password2": "x"})
    assert "기존 비밀번호" in bad.content.decode() or "올바르지" in bad.content.decode()
    response = client.post("/accounts/password", {"old_password": STRONG_PASSWORD, "new_password1": "Brand-New-Pass-77",
                                                  "new_password2": "Brand-New-Pass-77"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Brand-New-Pass-77")
    assert client.get("/accounts/profile").status_code == 200  # still logged in here
    assert BlacklistedToken.objects.filter(token__user=user).count() == 1
    with pytest.raises(services.TokenRefreshFailed):
        services.token_refresh(raw_refresh=pair["refresh"])


def test_api_keys_page_is_staff_only(client, make_user):
    from accounts import selectors

    client.force_login(make_user())
    assert client.get("/accounts/api-keys").status_code == 404
    staff = make_user(staff=True)
    client.force_login(staff)
    page = client.get("/accounts/api-keys")
    assert page.status_code == 200 and "아직 키가 없습니다." in page.content.decode()
    created = client.post("/accounts/api-keys", {"action": "create", "name": "데모 키오스크"}).content.decode()
    key = re.search(r"data-new-key>(ick_[^<]+)<", created).group(1)
    assert "다시 볼 수 없습니다" in created
    api_key = selectors.api_key_get_active(key)
    assert api_key.owner == staff
    listing = client.get("/accounts/api-keys").content.decode()
    assert "데모 키오스크" in listing and key not in listing and api_key.prefix in listing
    revoked = client.post("/accounts/api-keys", {"action": "revoke", "key_id": api_key.pk}, follow=True)
    assert "폐기했습니다" in revoked.content.decode()
    assert selectors.api_key_get_active(key) is None
    assert client.post("/accounts/api-keys", {"action": "revoke", "key_id": "abc"}).status_code == 404


def test_english_pages_on_request(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # what the language switch sets
    page = client.get("/accounts/signup").content.decode()
    assert "Create your account" in page and "Password (again)" in page
