"""Helpers for the Chromium tests: a signed-in browser context, the login form, a fake microphone."""
from __future__ import annotations

import io
import re
import wave

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, csp_safe_waits  # noqa: F401 - for tests with their own contexts
from tests.factories import PASSWORD


def sign_in(context, base: str, user) -> None:
    """Give a browser context `user`'s session (a server-side log-in, no form)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": base,
                          "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])


def log_in(page, base: str, username: str, password: str = PASSWORD) -> None:
    """Log in through the login form and land on the dashboard."""
    page.goto(f"{base}/accounts/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form[data-login-form] button[type=submit]")
    page.wait_for_url(re.compile(r".*/dashboard$"))


def microphone_wav(samples, path) -> str:
    """Write 48 kHz float samples as the 16-bit mono WAV Chromium's fake capture reads (it loops)."""
    from ai import audio

    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(48000)
        w.writeframes(audio.float_to_pcm16(samples))
    path.write_bytes(buffer.getvalue())
    return str(path)


def launch_with_microphone(browser, wav: str):
    """Another Chromium from the session's Playwright whose microphone plays `wav`; close it after use."""
    return browser.browser_type.launch(executable_path=CHROMIUM, args=[
        *CHROMIUM_ARGS, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-audio-capture={wav}", "--autoplay-policy=no-user-gesture-required"])
