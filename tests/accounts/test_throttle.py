"""Login throttling over HTTP: per account and per client IP, 429 with the time to wait."""
import re

import requests

from accounts.throttle import DEFAULTS
from tests.accounts.conftest import api_login


def _token(http, username, password):
    return http.post("/token", data={"username": username, "password": password}, timeout=15)


def test_account_is_locked_after_five_failures_with_retry_time(http, make_user):
    user = make_user(username="target")
    for _ in range(DEFAULTS["per_identifier"]):
        assert _token(http, "target", "wrong-password-1").status_code == 401
    locked = _token(http, "target", user.raw_password)  # even the right password waits now
    assert locked.status_code == 429
    retry = int(locked.headers["Retry-After"])
    assert 0 < retry <= DEFAULTS["window"]
    body = locked.json()
    assert body["retry_after"] == retry and "Too many failed login attempts" in body["detail"]
    # other accounts from elsewhere are unaffected
    other = make_user()
    assert api_login(http, other.email)["access_token"]


def test_unknown_names_are_throttled_the_same_way(http):
    answers = [_token(http, "no-such-user", "whatever-123").status_code for _ in range(DEFAULTS["per_identifier"] + 1)]
    assert answers == [401] * DEFAULTS["per_identifier"] + [429]


def test_email_and_username_share_one_budget(http, make_user):
    user = make_user(username="twoways", email="twoways@example.com")
    for _ in range(3):
        assert _token(http, "twoways", "bad-password-x").status_code == 401
    for _ in range(2):
        response = http.post("/api/auth/login", json={"email": user.email, "password": "bad-password-x"},
                                 timeout=15)
        assert response.status_code == 401
    locked = http.post("/api/auth/login", json={"email": user.email, "password": user.raw_password},
                           timeout=15)
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 0


def test_success_resets_the_account_count(http, make_user):
    user = make_user(username="forgetful")
    for _ in range(2):
        for _ in range(DEFAULTS["per_identifier"] - 1):
            assert _token(http, "forgetful", "not-it-at-all").status_code == 401
        assert _token(http, "forgetful", user.raw_password).status_code == 200


def test_one_ip_trying_many_names_is_locked(http, make_user):
    user = make_user(username="innocent")
    for n in range(DEFAULTS["per_ip"]):
        assert _token(http, f"spray{n}", "Summer2026!").status_code == 401
    blocked = _token(http, "innocent", user.raw_password)
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) > 0


def test_login_page_explains_the_lock_in_korean(live_url, make_user):
    make_user(username="pageuser")
    session = requests.Session()
    for attempt in range(DEFAULTS["per_identifier"] + 1):
        page = session.get(live_url + "/accounts/login", timeout=15)
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        response = session.post(live_url + "/accounts/login", timeout=15, headers={"Referer": live_url + "/accounts/login"},
                                data={"csrfmiddlewaretoken": csrf, "username": "pageuser", "password": "wrong-wrong"})
        if attempt < DEFAULTS["per_identifier"]:
            assert response.status_code == 200 and "올바르지 않습니다" in response.text
    assert response.status_code == 429
    assert "로그인 실패가 너무 많습니다" in response.text and "분 후에 다시 시도해 주세요" in response.text
    assert int(response.headers["Retry-After"]) > 0
