"""Seed 003 over real HTTP: register → login → me → refresh (rotation, blacklist) → me; profile PATCH."""
from datetime import timedelta

import jwt
import requests
from django.conf import settings

from tests.accounts.conftest import api_login
from tests.factories import PASSWORD as STRONG_PASSWORD, bearer

DOC_USER = {"email": "user@example.com", "password": "SecurePass123!", "name": "홍길동", "age": 28,
            "gender": "male", "career_summary": "백엔드 개발 3년", "certifications": "정보처리기사"}


def _claims(token: str) -> dict:
    return jwt.decode(token, settings.SIMPLE_JWT["SIGNING_KEY"], algorithms=["HS256"])


def test_register_login_refresh_me_end_to_end(http):
    registered = http.post("/api/auth/register", json=DOC_USER, timeout=15)
    assert registered.status_code == 201, registered.text
    assert set(registered.json()) == {"id", "email", "name"}
    assert registered.json()["email"] == "user@example.com" and registered.json()["name"] == "홍길동"

    pair = api_login(http, "user@example.com", "SecurePass123!")
    assert set(pair) == {"access_token", "refresh_token", "token_type"} and pair["token_type"] == "bearer"
    access, refresh = _claims(pair["access_token"]), _claims(pair["refresh_token"])
    assert access["token_type"] == "access" and refresh["token_type"] == "refresh"
    assert access["sub"] == str(registered.json()["id"])
    assert access["exp"] - access["iat"] == timedelta(minutes=15).total_seconds()
    assert refresh["exp"] - refresh["iat"] == timedelta(days=7).total_seconds()

    me = http.get("/api/users/me", headers=bearer(pair["access_token"]), timeout=15)
    assert me.status_code == 200
    assert me.json() == {"id": registered.json()["id"], **{k: v for k, v in DOC_USER.items() if k != "password"}}

    refreshed = http.post("/api/auth/refresh", json={"refresh_token": pair["refresh_token"]}, timeout=15)
    assert refreshed.status_code == 200, refreshed.text
    new = refreshed.json()
    assert new["token_type"] == "bearer" and new["access_token"] != pair["access_token"]
    assert new["refresh_token"] != pair["refresh_token"]
    me_again = http.get("/api/users/me", headers=bearer(new["access_token"]), timeout=15)
    assert me_again.status_code == 200 and me_again.json()["email"] == "user@example.com"

    # the used refresh token was blacklisted by the rotation
    reused = http.post("/api/auth/refresh", json={"refresh_token": pair["refresh_token"]}, timeout=15)
    assert reused.status_code == 401
    assert reused.json() == {"detail": "Invalid or expired refresh token"}
    # a replayed token means it leaked: the rotated one (maybe the thief's) is revoked as well
    stolen = http.post("/api/auth/refresh", json={"refresh_token": new["refresh_token"]}, timeout=15)
    assert stolen.status_code == 401
    # logging in again works
    assert api_login(http, "user@example.com", "SecurePass123!")["access_token"]


def test_concurrent_refresh_with_one_token_succeeds_once(live_url, make_user):
    from concurrent.futures import ThreadPoolExecutor

    user = make_user()
    refresh = api_login(live_url, user.email)["refresh_token"]

    def spend(_):
        return requests.post(live_url + "/api/auth/refresh", json={"refresh_token": refresh}, timeout=15).status_code

    with ThreadPoolExecutor(4) as pool:
        codes = sorted(pool.map(spend, range(4)))
    assert codes.count(200) == 1 and codes.count(401) == 3, codes


def test_token_types_are_not_interchangeable(http, make_user):
    user = make_user()
    pair = api_login(http, user.email)
    as_access = http.get("/api/users/me", headers=bearer(pair["refresh_token"]), timeout=15)
    assert as_access.status_code == 401 and as_access.json() == {"detail": "Invalid token"}
    as_refresh = http.post("/api/auth/refresh", json={"refresh_token": pair["access_token"]}, timeout=15)
    assert as_refresh.status_code == 401


def test_profile_patch_as_documented(http, make_user):
    user = make_user(full_name="홍길동", age=28, gender="male", career_summary="백엔드 개발 3년",
                     certifications="정보처리기사")
    token = api_login(http, user.email)["access_token"]
    patch = http.patch("/api/users/me", headers=bearer(token), timeout=15,
                           json={"career_summary": "백엔드 개발 4년", "certifications": "정보처리기사, AWS SAA"})
    assert patch.status_code == 200
    body = patch.json()
    assert {"id", "email", "career_summary", "certifications"} <= set(body)
    assert body["career_summary"] == "백엔드 개발 4년" and body["certifications"] == "정보처리기사, AWS SAA"
    assert body["name"] == "홍길동" and body["age"] == 28  # untouched fields stay

    more = http.patch("/api/users/me", headers=bearer(token), timeout=15,
                          json={"name": "홍길순", "age": 29, "gender": "female"})
    assert more.status_code == 200 and more.json()["gender"] == "female"
    user.refresh_from_db()
    assert (user.full_name, user.age, user.gender) == ("홍길순", 29, "female")

    for bad in ({"gender": "robot"}, {"age": -1}, {"age": 151}, {"age": "스물"}, {"name": "x" * 101}):
        response = http.patch("/api/users/me", headers=bearer(token), json=bad, timeout=15)
        assert response.status_code == 400, bad
        assert list(bad)[0] in response.json()["detail"]
    # the email (the log-in identity) is not changed through this endpoint
    http.patch("/api/users/me", headers=bearer(token), json={"email": "other@example.com"}, timeout=15)
    user.refresh_from_db()
    assert user.email != "other@example.com"


def test_duplicate_email_any_case(http):
    first = http.post("/api/auth/register", json={"email": "Twin@Example.com", "password": STRONG_PASSWORD},
                          timeout=15)
    assert first.status_code == 201 and first.json()["email"] == "twin@example.com"
    again = http.post("/api/auth/register", json={"email": "twin@example.COM", "password": STRONG_PASSWORD},
                          timeout=15)
    assert again.status_code == 400 and again.json() == {"detail": "Email already registered"}


def test_minimal_registration_and_weak_password(http):
    weak = http.post("/api/auth/register", json={"email": "weak@example.com", "password": "1234"},
                         timeout=15)
    assert weak.status_code == 400 and weak.json()["detail"].startswith("password:")
    ok = http.post("/api/auth/register", json={"email": "min@example.com", "password": STRONG_PASSWORD},
                       timeout=15)
    assert ok.status_code == 201 and ok.json()["name"] == ""


def test_login_failures_look_the_same(http, make_user):
    user = make_user()
    wrong = http.post("/api/auth/login", json={"email": user.email, "password": "nope-nope-nope"}, timeout=15)
    unknown = http.post("/api/auth/login", json={"email": "nobody@example.com", "password": "nope-nope-nope"},
                            timeout=15)
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json() == {"detail": "Incorrect email or password"}


def test_one_user_base_for_both_surfaces(http):
    http.post("/api/auth/register", json={"email": "both@example.com", "password": STRONG_PASSWORD,
                                                         "name": "김둘"}, timeout=15)
    # the seed 002 token endpoint takes the email as username
    token = http.post("/token", data={"username": "both@example.com", "password": STRONG_PASSWORD},
                          timeout=15).json()["access_token"]
    assert http.get("/api/users/me", headers=bearer(token), timeout=15).json()["name"] == "김둘"
    assert http.get("/users/me", headers=bearer(token), timeout=15).json()["full_name"] == "김둘"


def test_simultaneous_registrations_of_one_email_create_one_account(http):
    from concurrent.futures import ThreadPoolExecutor

    from accounts.models import User

    def register(_):
        return http.post("/api/auth/register", timeout=15,
                             json={"email": "race@example.com", "password": STRONG_PASSWORD}).status_code

    with ThreadPoolExecutor(4) as pool:
        codes = sorted(pool.map(register, range(4)))
    assert codes == [201, 400, 400, 400], codes
    assert User.objects.filter(email="race@example.com").count() == 1


def test_username_is_derived_from_the_email(http):
    from accounts.models import User

    plain = http.post("/api/auth/register", json={"email": "plain@example.com", "password": STRONG_PASSWORD},
                          timeout=15)
    odd = http.post("/api/auth/register", json={"email": "o'brien@example.com", "password": STRONG_PASSWORD},
                        timeout=15)
    assert plain.status_code == odd.status_code == 201
    assert User.objects.get(pk=plain.json()["id"]).username == "plain@example.com"
    derived = User.objects.get(pk=odd.json()["id"]).username
    assert derived.startswith("obrien-") and "'" not in derived
    # the seed 002 log-in accepts the derived username too
    token = http.post("/token", data={"username": derived, "password": STRONG_PASSWORD}, timeout=15)
    assert token.status_code == 200
