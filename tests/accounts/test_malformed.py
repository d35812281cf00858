"""Malformed requests to every account endpoint get a 4xx with a readable body, never a 500."""
import pytest
import requests

from tests.accounts.conftest import api_login
from tests.factories import PASSWORD as STRONG_PASSWORD, bearer

JSON = {"Content-Type": "application/json"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}

# (method, path, kwargs, expected status); "{auth}" in a header is replaced by a valid access token
CASES = [
    # POST /register
    ("post", "/register", {"json": {}}, 400),
    ("post", "/register", {"json": {"username": "nopass"}}, 400),
    ("post", "/register", {"json": {"hashed_password": STRONG_PASSWORD}}, 400),
    ("post", "/register", {"json": {"username": ["a"], "hashed_password": STRONG_PASSWORD}}, 400),
    ("post", "/register", {"json": {"username": "x", "hashed_password": {"p": 1}}}, 400),
    ("post", "/register", {"json": {"username": "x", "hashed_password": 12345678}}, 400),
    ("post", "/register", {"json": {"username": "has space", "hashed_password": STRONG_PASSWORD}}, 400),
    ("post", "/register", {"json": {"username": "u" * 151, "hashed_password": STRONG_PASSWORD}}, 400),
    ("post", "/register", {"json": {"username": "nul\u0000l", "hashed_password": STRONG_PASSWORD}}, 400),
    ("post", "/register", {"json": {"username": "ok_name", "hashed_password": STRONG_PASSWORD, "full_name": "n" * 101}}, 400),
    ("post", "/register", {"json": {"username": "", "hashed_password": ""}}, 400),
    ("post", "/register", {"json": ["username", "hashed_password"]}, 400),
    ("post", "/register", {"json": None}, 400),
    ("post", "/register", {"data": "{not json", "headers": JSON}, 400),
    ("post", "/register", {"data": b'{"username": "\xff\xfe"}', "headers": JSON}, 400),
    ("post", "/register", {"data": '{"username": NaN, "hashed_password": Infinity}', "headers": JSON}, 400),
    ("post", "/register", {"data": "[" * 30000 + "]" * 30000, "headers": JSON}, 400),
    ("post", "/register", {"data": '{"username": "' + "a" * 2_000_000 + '"}', "headers": JSON}, 413),
    ("post", "/register", {"data": "username=a&hashed_password=b", "headers": FORM}, 415),
    ("post", "/register", {"data": "hello", "headers": {"Content-Type": "text/plain"}}, 415),
    ("get", "/register", {}, 405),
    # POST /token
    ("post", "/token", {"data": {}}, 400),
    ("post", "/token", {"data": {"username": "someone"}}, 400),
    ("post", "/token", {"json": {"username": 5, "password": ["x"]}}, 400),
    ("post", "/token", {"data": {"username": "a" * 300, "password": "x"}}, 400),
    ("post", "/token", {"data": "a=" + "b" * 200_000, "headers": FORM}, 413),
    ("post", "/token", {"data": "%%%=%%%", "headers": FORM}, 400),
    ("post", "/token", {"files": {"username": (None, "x" * 100_000), "password": (None, "y")}}, 413),
    ("post", "/token", {"data": "<xml/>", "headers": {"Content-Type": "application/xml"}}, 415),
    # seed 003
    ("post", "/api/auth/register", {"json": {"email": "not-an-email", "password": STRONG_PASSWORD}}, 400),
    ("post", "/api/auth/register", {"json": {"email": "a@example.com", "password": STRONG_PASSWORD, "age": "twenty"}}, 400),
    ("post", "/api/auth/register", {"json": {"email": "b@example.com", "password": STRONG_PASSWORD, "age": True}}, 400),
    ("post", "/api/auth/register", {"json": {"email": "c@example.com", "password": STRONG_PASSWORD, "age": 10 ** 30}}, 400),
    ("post", "/api/auth/register", {"json": {"email": "d@example.com", "password": STRONG_PASSWORD, "gender": "robot"}}, 400),
    ("post", "/api/auth/register", {"json": {"email": "e@" + "x" * 300 + ".com", "password": STRONG_PASSWORD}}, 400),
    ("post", "/api/auth/register", {"json": {"email": "f@example.com", "password": "p" * 5000}}, 400),
    ("post", "/api/auth/login", {"json": {"email": "a@example.com"}}, 400),
    ("post", "/api/auth/login", {"json": {"email": None, "password": None}}, 400),
    ("post", "/api/auth/login", {"data": "", "headers": JSON}, 400),
    ("post", "/api/auth/refresh", {"json": {}}, 400),
    ("post", "/api/auth/refresh", {"json": {"refresh_token": 12345}}, 401),
    ("post", "/api/auth/refresh", {"json": {"refresh_token": {"nested": True}}}, 400),
    ("post", "/api/auth/refresh", {"json": {"refresh_token": "garbage"}}, 401),
    ("post", "/api/auth/refresh", {"json": {"refresh_token": "a.b.c"}}, 401),
    ("get", "/api/auth/refresh", {}, 405),
    ("patch", "/api/users/me", {"json": ["not", "a", "dict"], "headers": {"Authorization": "{auth}"}}, 400),
    ("patch", "/api/users/me", {"data": "{", "headers": {"Authorization": "{auth}", **JSON}}, 400),
    ("patch", "/api/users/me", {"json": {"age": 1.5}, "headers": {"Authorization": "{auth}"}}, 400),
    ("put", "/api/users/me", {"json": {"name": "x"}, "headers": {"Authorization": "{auth}"}}, 405),
    # credentials in odd shapes
    ("get", "/api/users/me", {"headers": {"Authorization": "Bearer"}}, 401),
    ("get", "/api/users/me", {"headers": {"Authorization": "Bearer a b"}}, 401),
    ("get", "/api/users/me", {"headers": {"Authorization": "Bearer " + "x" * 5000}}, 401),
    ("get", "/api/users/me", {"headers": {"Authorization": "Basic dXNlcjpwYXNz"}}, 401),
    ("get", "/users/me", {"headers": {"X-API-Key": ""}}, 401),
    ("get", "/users/me", {"headers": {"X-API-Key": "k" * 5000}}, 401),
    ("get", "/admin/api-keys/abc", {}, 404),
]


@pytest.fixture
def access_token(live_url, make_user):
    user = make_user()
    return api_login(live_url, user.email)["access_token"]


def test_malformed_requests_get_4xx(live_url, access_token):
    failures = []
    for method, path, kwargs, expected in CASES:
        kwargs = dict(kwargs)
        if "headers" in kwargs:
            kwargs["headers"] = {k: (bearer(access_token)["Authorization"] if v == "{auth}" else v)
                                 for k, v in kwargs["headers"].items()}
        response = requests.request(method, live_url + path, timeout=30, **kwargs)
        ok = response.status_code == expected
        if path.startswith("/admin/api-keys/abc"):
            ok = ok and response.headers["Content-Type"].startswith("application/json")
        elif ok:
            body = response.json()
            ok = ("detail" in body) and isinstance(body["detail"], str) and body["detail"]
        if not ok:
            failures.append((method, path, str(kwargs)[:80], expected, response.status_code, response.text[:200]))
    assert len(CASES) >= 50
    assert not failures, "\n".join(map(str, failures))
