"""Account test helpers: log-in over HTTP, and a clean login-throttle slate for every test."""
from __future__ import annotations

import pytest
import redis
import requests

from tests.factories import PASSWORD as STRONG_PASSWORD


def clear_login_throttle() -> None:
    """Failed log-ins are counted in the shared Redis (also by the live server): start each test clean."""
    from django.conf import settings

    from accounts.throttle import KEY_PREFIX

    client = redis.Redis.from_url(settings.REDIS_URL)
    try:
        keys = list(client.scan_iter(match=f"*{KEY_PREFIX}:*", count=1000))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


@pytest.fixture(autouse=True)
def _clean_login_throttle():
    clear_login_throttle()
    yield
    clear_login_throttle()


def api_login(http, email: str, password: str = STRONG_PASSWORD) -> dict:
    """Seed 003 login through the in-process `http` fixture, or over HTTP to a live server's base URL;
    returns the token pair."""
    body = {"email": email, "password": password}
    if isinstance(http, str):
        response = requests.post(f"{http}/api/auth/login", json=body, timeout=15)
    else:
        response = http.post("/api/auth/login", json=body)
    assert response.status_code == 200, response.text
    return response.json()
