"""Helpers shared by the postings and cover-letter tests."""
from __future__ import annotations

import asyncio
import io
from contextlib import contextmanager

from django.contrib.auth import get_user_model
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from core.sse import parse_events


def make_user(username: str = "jiwon", **extra):
    extra.setdefault("email", f"{username}@example.com")
    return get_user_model().objects.create_user(username, extra.pop("email"), "pw-Interview-2026", **extra)


def token_for(user) -> str:
    return str(RefreshToken.for_user(user).access_token)


def jwt_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(user)}")
    return client


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


def text_pdf(text: str) -> bytes:
    """A real PDF whose text layer holds `text` (Korean through reportlab's built-in CID font)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("HYSMyeongJo-Medium"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.setFont("HYSMyeongJo-Medium", 10)
    y = 800
    for line in text.splitlines():
        if y < 40:
            pdf.showPage()
            pdf.setFont("HYSMyeongJo-Medium", 10)
            y = 800
        pdf.drawString(40, y, line)
        y -= 15
    pdf.save()
    return buffer.getvalue()
