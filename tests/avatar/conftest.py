"""Fixtures for the avatar tests: owners with API keys, spoken answers made with espeak-ng."""
from __future__ import annotations

import asyncio
import time

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
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


async def wait_for(events: list[dict], kind: str, timeout: float = 60.0, after: int = 0, pred=lambda e: True) -> dict:
    """The first `kind` message from index `after` of a growing message list that `pred` accepts."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for event in events[after:]:
            if event["type"] == kind and pred(event):
                return event
        await asyncio.sleep(0.03)
    seen = [e["type"] for e in events[after:] if e["type"] != "avatar_frame"][-30:]
    raise AssertionError(f"no {kind} within {timeout}s; saw {seen}")


async def wait_quiet(events: list[dict], kind: str = "tts_audio", quiet: float = 1.0, timeout: float = 60.0) -> None:
    """Until no `kind` message (stamped `_at` on arrival) has come for `quiet` seconds (the
    interviewer stopped talking)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        stamps = [e["_at"] for e in events if e["type"] == kind]
        if stamps and time.monotonic() - stamps[-1] > quiet:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"{kind} never went quiet")
