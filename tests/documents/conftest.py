"""Fixtures for documents: committed users, authenticated HTTP sessions and task polling."""
from __future__ import annotations

import time

import pytest
import requests

from tests.factories import bearer, make_user


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
