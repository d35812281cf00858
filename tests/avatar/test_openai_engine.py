"""The avatar on the `openai` engine (a scripted OpenAI-compatible server on loopback): the
acknowledgement streams from chat completions, questions come from the interview brain's
openai engine, speech from /audio/speech with energy-driven lip-sync, /api/config says so."""
from __future__ import annotations

import uuid

import requests

from tests.avatar.test_ws import Conn, new_session, run  # noqa: F401

# A new sentence every run, so its speech is not already in the content-addressed TTS cache.
ACK = f"Thanks, moving {uuid.uuid4().hex[:6]} to Kubernetes yourself is a strong example."


def test_typed_turn_on_the_openai_engine(openai_app, fake_openai, owner, transactional_db):
    url, key = openai_app.url, owner[1]

    def chat(body):
        if body.get("stream"):
            return ACK
        return None  # schema-shaped default for the question generator

    fake_openai.handle("chat", chat)
    config = requests.get(f"{url}/api/config", headers={"X-API-Key": key}, timeout=10).json()
    assert config["llm"]["provider"] == "openai" and config["tts"]["provider"] == "openai"
    assert config["avatar"]["lip_sync"] == "audio energy"
    sid = new_session(url, key)

    async def main():
        import websockets

        ws = await websockets.connect(url.replace("http", "ws") + f"/ws/{sid}?api_key={key}", max_size=2 ** 24)
        conn = Conn(ws)
        await conn.wait("connected", 10)
        await conn.send({"type": "start_session"})
        await conn.wait("session_started", 60)
        await conn.quiet(timeout=90)
        mark = len(conn.events)
        await conn.send({"type": "text", "text": "I moved our payment service to Kubernetes and wrote the charts."})
        done = await conn.wait("llm_response", 60, after=mark, pred=lambda e: e["done"])
        audio = await conn.wait("tts_audio", 30, after=mark)
        frames = [e for e in conn.events[mark:] if e["type"] == "avatar_frame"]
        await conn.wait("turn_latency", 60, after=mark)
        await conn.close()
        return done, audio, conn.events

    done, audio, events = run(main())
    assert done["text"].startswith(ACK) and done["engine"] == "openai"
    assert audio["sample_rate"] == 24000
    assert any(e["type"] == "avatar_frame" and e["viseme"] != "rest" for e in events)
    streamed = [r for r in fake_openai.requests_to("/chat/completions") if r.json.get("stream")]
    assert streamed and fake_openai.requests_to("/audio/speech")
    assert all(r.json.get("response_format") == "pcm" for r in fake_openai.requests_to("/audio/speech"))
