"""Fixtures for the avatar tests: owners with API keys, spoken answers made with espeak-ng."""
from __future__ import annotations

import pytest

from tests.factories import api_client, api_key


@pytest.fixture
def make_owner(make_user):
    """(user, raw API key) of a new owner."""

    def make(username: str | None = None):
        user = make_user(username)
        return user, api_key(user)

    return make


@pytest.fixture
def owner(make_owner):
    return make_owner()


@pytest.fixture
def api(owner):
    client = api_client(key=owner[1])
    client.owner = owner[0]
    client.key = owner[1]
    return client


def chunks(pcm: bytes, seconds: float = 0.1):
    size = int(16000 * seconds) * 2
    return [pcm[i:i + size] for i in range(0, len(pcm), size)]


def run_async(coro):
    """asyncio.run on its own thread: Playwright's sync API may already run a loop on this one."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()
