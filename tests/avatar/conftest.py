"""Fixtures for the avatar tests: owners with API keys, spoken answers made with espeak-ng."""
from __future__ import annotations

import subprocess
import time

import numpy as np
import pytest


@pytest.fixture
def make_owner(db):
    from accounts import services
    from accounts.models import User

    counter = {"n": 0}

    def make(username: str | None = None):
        counter["n"] += 1
        name = username or f"av{counter['n']}_{int(time.time() * 1000) % 1000000}"
        user = User.objects.create_user(username=name, email=f"{name}@example.com", password="Avatar-Pass-2026")
        _, raw = services.api_key_create(owner=user, name="test")
        return user, raw

    return make


@pytest.fixture
def owner(make_owner):
    return make_owner()


@pytest.fixture
def api(owner):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_X_API_KEY=owner[1])
    client.owner = owner[0]
    client.key = owner[1]
    return client


def espeak_pcm16(text: str, voice: str, rate: int = 16000, silence_after: float = 1.2) -> bytes:
    """Speech from espeak-ng as 16 kHz mono pcm16, with trailing silence so the VAD closes the utterance."""
    from ai import audio

    wav = subprocess.run(["espeak-ng", "-v", voice, "-s", "150", "--stdout", text], capture_output=True,
                         check=True).stdout
    decoded = audio.decode(wav, sample_rate=rate)
    samples = np.concatenate([np.zeros(int(0.3 * rate), np.float32), decoded.samples,
                              np.zeros(int(silence_after * rate), np.float32)])
    return audio.float_to_pcm16(samples)


def espeak_wav(text: str, voice: str, path) -> str:
    subprocess.run(["espeak-ng", "-v", voice, "-s", "150", "-w", str(path), text], check=True)
    return str(path)


def chunks(pcm: bytes, seconds: float = 0.1):
    size = int(16000 * seconds) * 2
    return [pcm[i:i + size] for i in range(0, len(pcm), size)]


def run_async(coro):
    """asyncio.run on its own thread: Playwright's sync API may already run a loop on this one."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()
