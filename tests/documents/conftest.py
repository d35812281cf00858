"""Fixtures for documents: users, authenticated HTTP sessions and task polling."""
from __future__ import annotations

import itertools
import time

import pytest
import requests

_counter = itertools.count(1)


def make_user(name: str | None = None):
    from django.contrib.auth import get_user_model

    name = name or f"user{next(_counter)}_{time.monotonic_ns() % 100000}"
    return get_user_model().objects.create_user(username=name, email=f"{name}@example.com", password="pw-Docs-2026!")


def bearer(user) -> dict[str, str]:
    from rest_framework_simplejwt.tokens import RefreshToken

    return {"Authorization": f"Bearer {RefreshToken.for_user(user).access_token}"}


def api_session(user) -> requests.Session:
    session = requests.Session()
    session.headers.update(bearer(user))
    return session


def poll(session: requests.Session, base: str, task_id: str, *, timeout: float = 120) -> requests.Response:
    """GET /ai/task/{id} until the job is no longer processing; returns the final response."""
    deadline = time.monotonic() + timeout
    seen_progress = []
    while time.monotonic() < deadline:
        response = session.get(f"{base}/ai/task/{task_id}", timeout=10)
        body = response.json()
        if response.status_code == 200 and body["data"]["status"] == "processing":
            assert body["message"] == "task_processing"
            assert set(body["data"]) == {"task_id", "status", "progress"}
            seen_progress.append(body["data"]["progress"])
            time.sleep(0.2)
            continue
        response.seen_progress = seen_progress
        return response
    raise AssertionError(f"task {task_id} still processing after {timeout}s (progress {seen_progress[-5:]})")


@pytest.fixture
def user(transactional_db):
    return make_user()


@pytest.fixture
def other_user(transactional_db):
    return make_user()


@pytest.fixture
def client_for(live_url):
    """An authenticated `requests` session (JWT) for a user against the live server."""
    return api_session
