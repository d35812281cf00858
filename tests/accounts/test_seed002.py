"""Seed 002 over real HTTP: POST /register (JSON), POST /token (form), GET /users/me."""

from tests.factories import PASSWORD as STRONG_PASSWORD, bearer


def test_register_token_me_end_to_end(http):
    from accounts.models import User

    registered = http.post("/register", json={
        "username": "john_doe", "hashed_password": STRONG_PASSWORD, "full_name": "John Doe"}, timeout=15)
    assert registered.status_code == 200, registered.text
    body = registered.json()
    assert set(body) == {"username", "id"} and body["username"] == "john_doe"

    stored = User.objects.get(pk=body["id"])
    # the field called hashed_password carried the plain password: it must be hashed, never kept
    assert stored.password != STRONG_PASSWORD and stored.check_password(STRONG_PASSWORD)

    token = http.post("/token", data={"username": "john_doe", "password": STRONG_PASSWORD},
                          timeout=15)
    assert token.status_code == 200, token.text
    assert token.headers["Content-Type"].startswith("application/json")
    assert token.headers["Cache-Control"] == "no-store"
    assert set(token.json()) == {"access_token", "token_type"} and token.json()["token_type"] == "bearer"

    me = http.get("/users/me", headers=bearer(token.json()["access_token"]), timeout=15)
    assert me.status_code == 200
    profile = me.json()
    assert set(profile) == {"id", "username", "full_name", "created_at"}
    assert profile["id"] == body["id"] and profile["username"] == "john_doe" and profile["full_name"] == "John Doe"
    assert profile["created_at"].endswith("Z") and profile["created_at"].startswith(str(stored.created_at.year))


def test_appendix_curl_examples_weak_password_is_refused_and_a_compliant_one_works(http):
    """A.1/A.2 exactly as the document shows them, with its password `pass123` and then a strong one."""
    a1 = http.post("/register", headers={"Content-Type": "application/json"},
                       data='{"username":"testuser","hashed_password":"pass123","full_name":"Test User"}', timeout=15)
    assert a1.status_code == 400
    detail = a1.json()["detail"]
    assert detail.startswith("hashed_password:") and "too short" in detail and "at least 8 characters" in detail

    # curl -d sends application/x-www-form-urlencoded
    a2 = http.post("/token", data="username=testuser&password=pass123",
                       headers={"Content-Type": "application/x-www-form-urlencoded"}, timeout=15)
    assert a2.status_code == 401 and a2.json() == {"detail": "Incorrect username or password"}

    ok = http.post("/register", headers={"Content-Type": "application/json"},
                       data='{"username":"testuser","hashed_password":"Coach-Pass-2026!","full_name":"Test User"}',
                       timeout=15)
    assert ok.status_code == 200 and ok.json()["username"] == "testuser"
    token = http.post("/token", data="username=testuser&password=Coach-Pass-2026!",
                          headers={"Content-Type": "application/x-www-form-urlencoded"}, timeout=15)
    assert token.status_code == 200 and token.json()["token_type"] == "bearer"


def test_each_password_rule_is_named(http):
    cases = {
        "12345678901": "entirely numeric",
        "password123": "too common",
        "kimcoder77x": "too similar to the username",
    }
    for password, rule in cases.items():
        response = http.post("/register", json={"username": "kimcoder77", "hashed_password": password},
                                 timeout=15)
        assert response.status_code == 400, password
        assert rule in response.json()["detail"], (password, response.json())
        assert "hashed_password" in response.json()["errors"]


def test_rule_is_named_in_korean_when_the_client_asks(http):
    response = http.post("/register", json={"username": "hong", "hashed_password": "pass123"},
                             headers={"Accept-Language": "ko"}, timeout=15)
    assert response.status_code == 400
    assert "최소 8자" in response.json()["detail"]


def test_duplicate_username_any_case(http):
    first = http.post("/register", json={"username": "Dup_User", "hashed_password": STRONG_PASSWORD},
                          timeout=15)
    assert first.status_code == 200
    for name in ("Dup_User", "dup_user"):
        again = http.post("/register", json={"username": name, "hashed_password": STRONG_PASSWORD},
                              timeout=15)
        assert again.status_code == 400
        assert again.json() == {"detail": "Username already registered"}


def test_unknown_user_and_wrong_password_get_identical_answers(http, make_user):
    make_user(username="realuser")
    wrong = http.post("/token", data={"username": "realuser", "password": "not-the-password"}, timeout=15)
    unknown = http.post("/token", data={"username": "ghost", "password": "not-the-password"}, timeout=15)
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json() == {"detail": "Incorrect username or password"}
    assert wrong.headers["WWW-Authenticate"] == unknown.headers["WWW-Authenticate"]
    assert set(wrong.headers) == set(unknown.headers)


def test_token_accepts_email_and_oauth2_fields(http, make_user):
    user = make_user(username="formuser", email="form@example.com")
    response = http.post("/token", data={
        "grant_type": "password", "username": "form@example.com", "password": user.raw_password,
        "scope": "", "client_id": "", "client_secret": ""}, timeout=15)
    assert response.status_code == 200
    refused = http.post("/token", data={
        "grant_type": "client_credentials", "username": "formuser", "password": user.raw_password}, timeout=15)
    assert refused.status_code == 400 and "grant_type" in refused.json()["detail"]


def test_me_requires_a_token(http):
    response = http.get("/users/me", timeout=15)
    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication credentials were not provided."}
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_inactive_user_cannot_get_a_token(http, make_user):
    user = make_user(username="sleeper", is_active=False)
    response = http.post("/token", data={"username": "sleeper", "password": user.raw_password},
                             timeout=15)
    assert response.status_code == 401 and response.json() == {"detail": "Incorrect username or password"}


def test_api_messages_follow_the_language_the_client_asks_for(http):
    english = http.post("/register", json={"username": "lang1", "hashed_password": "pass123"},
                            headers={"Accept-Language": "en-US,en;q=0.9"}, timeout=15)
    assert "at least 8 characters" in english.json()["detail"]
    cookie = http.post("/register", json={"username": "lang2", "hashed_password": "pass123"},
                           cookies={"django_language": "ko"}, timeout=15)
    assert "최소 8자" in cookie.json()["detail"]
