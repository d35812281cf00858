"""Account test helpers: users, tokens, and a clean login-throttle slate for every test."""
from __future__ import annotations

import itertools

import pytest
import redis
import requests

STRONG_PASSWORD = "Interview-Ready-2026"
_seq = itertools.count(1)


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


@pytest.fixture
def make_user():
    """Create a user; with live_url (transactional_db) it is committed and the server sees it."""

    def make(*, password: str = STRONG_PASSWORD, staff: bool = False, **fields):
        from accounts.models import User

        n = next(_seq)
        fields.setdefault("username", f"user{n}")
        fields.setdefault("email", f"user{n}@example.com")
        user = User(is_staff=staff, **fields)
        user.set_password(password)
        user.save()
        user.raw_password = password
        return user

    return make


def api_login(base: str, email: str, password: str = STRONG_PASSWORD) -> dict:
    """Seed 003 login over HTTP; returns the token pair."""
    response = requests.post(f"{base}/api/auth/login", json={"email": email, "password": password}, timeout=15)
    assert response.status_code == 200, response.text
    return response.json()


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}
