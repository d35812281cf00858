"""The seed's Python SDK, unchanged, holds a whole spoken interview against a live server."""
from __future__ import annotations

import asyncio
import time

import pytest
import requests

from tests.avatar.conftest import chunks, run_async, wait_for, wait_quiet
from tests.avatar.sdk import InterviewAvatarClient
from tests.factories import speech_pcm16 as espeak_pcm16

ANSWER_EN = ("I built a payment API in Python and PostgreSQL. I reduced the response time "
             "from eight hundred to one hundred twenty milliseconds with a Redis cache.")
ANSWER_KO = "저는 파이썬으로 결제 시스템을 개발했고 응답 시간을 절반으로 줄였습니다."


def record(client, events):
    async def handler(data):
        data["_at"] = time.monotonic()
        events.append(data)

    for kind in ("connected", "session_started", "stt_interim", "stt_final", "llm_start", "llm_response",
                 "tts_audio", "avatar_frame", "error", "pong", "interrupted", "session_ended"):
        client.on(kind, handler)


async def speak(client, pcm: bytes, pace: float = 0.02):
    for part in chunks(pcm, 0.1):
        await client.send_audio(part)
        await asyncio.sleep(pace)


@pytest.mark.parametrize("language,voice,answer", [("en", "en-us", ANSWER_EN), ("ko", "ko", ANSWER_KO)])
def test_python_sdk_whole_session(live_url, owner, language, voice, answer):
    user, key = owner
    pcm = espeak_pcm16(answer, voice)

    async def main():
        client = InterviewAvatarClient(api_url=live_url, api_key=key)
        events: list[dict] = []
        record(client, events)
        session = await client.create_session(user_id="user123", interview_type="technical", language=language)
        sid = session["session_id"]
        assert session["websocket_url"].endswith(f"/ws/{sid}")
        await client.connect(sid)
        connected = await wait_for(events, "connected", 10)
        assert connected["session_id"] == sid
        await client.start_session()
        started = await wait_for(events, "session_started", 30)
        assert started["message"] and started["session_id"] == sid
        await wait_for(events, "tts_audio", 30)
        frame = await wait_for(events, "avatar_frame", 10)
        assert frame["width"] == 512 and frame["format"] == "jpeg" and frame["frame_data"]
        await wait_quiet(events)
        mark = len(events)
        await speak(client, pcm)
        final = await wait_for(events, "stt_final", 90, after=mark)
        assert final["transcript"].strip() and 0 <= final["confidence"] <= 1 and final["is_final"] is True
        await wait_for(events, "llm_start", 30, after=mark)
        done = await wait_for(events, "llm_response", 60, after=mark, pred=lambda e: e["done"])
        assert done["text"]
        audio = await wait_for(events, "tts_audio", 30, after=mark)
        assert audio["sample_rate"] == 24000 and audio["format"] == "pcm16" and audio["duration_ms"] > 0
        idx = events.index(audio)
        await wait_for(events, "avatar_frame", 10, after=idx)
        summary = await client.terminate_session(sid)
        await client.close()
        return sid, summary, events

    sid, summary, events = run_async(main())
    assert summary["status"] == "terminated" and summary["summary"]["user_responses"] >= 1
    assert summary["summary"]["total_messages"] >= 3
    assert 0 <= summary["feedback"]["overall_score"] <= 10 and summary["feedback"]["comments"]
    transcript = requests.get(summary["summary"]["transcript_url"], timeout=10)
    assert transcript.status_code == 200 and "[" in transcript.text
    # frames move: more than one distinct mouth while speaking
    frames = [e for e in events if e["type"] == "avatar_frame"]
    assert len({e["viseme"] for e in frames}) > 2
    numbers = [e["frame_number"] for e in frames]
    assert numbers == sorted(numbers)
    # the video renders on the worker and downloads
    headers = {"X-API-Key": owner[1]}
    deadline = time.monotonic() + 240
    body = {}
    while time.monotonic() < deadline:
        body = requests.get(f"{live_url}/api/sessions/{sid}", headers=headers, timeout=10).json()
        if body["summary"]["video_url"] or body["summary"]["video_status"] == "failed":
            break
        time.sleep(1)
    assert body["summary"]["video_url"], body["summary"]
    video = requests.get(body["summary"]["video_url"], timeout=30)
    assert video.status_code == 200 and video.content[4:8] == b"ftyp"
    latency = body["metadata"]["turn_latencies"]
    assert any("first_audio_ms" in l and "stt_ms" in l and "first_token_ms" in l for l in latency)
