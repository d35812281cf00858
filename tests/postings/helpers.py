"""Async and SSE helpers for tests that read streamed test-client responses."""
from __future__ import annotations

import asyncio
from contextlib import contextmanager

from core.sse import parse_events


@contextmanager
def outside_playwright_loop():
    """Playwright's sync API (the session browser) leaves its suspended event loop registered as
    this thread's running loop, and asgiref then refuses async_to_sync here. Its loop is not
    actually running while test code runs, so step out of it for the duration."""
    loop = asyncio._get_running_loop()
    asyncio._set_running_loop(None)
    try:
        yield
    finally:
        asyncio._set_running_loop(loop)


def run_async(coroutine_function):
    """async_to_sync from test code: thread-sensitive work runs in this thread (its DB connection)."""
    from asgiref.sync import async_to_sync

    with outside_playwright_loop():
        return async_to_sync(coroutine_function)()


def stream_body(response) -> str:
    """The whole body of a streamed test-client response (the SSE body is an async iterator)."""

    async def collect() -> list[bytes]:
        return [chunk async for chunk in response.streaming_content]

    return b"".join(run_async(collect)).decode("utf-8")


def stream_events(response) -> list[dict]:
    return parse_events(stream_body(response))
