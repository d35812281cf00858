"""Avatar interviewer figures (local engine), against a real daphne process over WebSocket:

- turn latency from the end of the candidate's speech to the first interviewer audio (p50/p95),
  answers spoken by espeak-ng and streamed at real time in 100 ms chunks, plus the server's own
  per-stage marks (final transcript, first token, first audio, first frame);
- renderer frames per second on one core, JPEG encoding included (every frame drawn, and with the
  per-state frame cache a session uses);
- how many concurrent sessions one web process keeps at 25 fps while the interviewer speaks.
"""
import asyncio
import base64
import json
import os
import statistics
import subprocess
import time
import uuid

import numpy as np
from common import figure, latency_figures, live_app, percentile, setup_django

setup_django("avatar")

import websockets  # noqa: E402

from accounts import services as accounts  # noqa: E402
from accounts.models import User  # noqa: E402
from ai import audio  # noqa: E402

ANSWERS_EN = [
    "I built the checkout API in Python and PostgreSQL and reduced latency by eighty percent.",
    "I owned the migration to Kubernetes and wrote the deployment pipeline myself.",
    "We compared Kafka and RabbitMQ and chose Kafka because we needed replay.",
    "I added integration tests and production incidents fell by half in two months.",
]
ANSWERS_KO = [
    "저는 결제 API를 파이썬으로 개발했고 응답 시간을 절반으로 줄였습니다.",
    "제가 직접 배포 파이프라인을 만들어 배포 시간을 삼십 분에서 오 분으로 줄였습니다.",
    "팀과 의견이 다를 때는 데이터를 근거로 설득했습니다.",
]


def speech_pcm(text: str, voice: str) -> tuple[bytes, float]:
    wav = subprocess.run(["espeak-ng", "-v", voice, "-s", "160", "--stdout", text], capture_output=True,
                         check=True).stdout
    samples = audio.decode(wav, sample_rate=16000).samples
    lead, tail = np.zeros(4800, np.float32), np.zeros(16000 * 2, np.float32)
    pcm = audio.float_to_pcm16(np.concatenate([lead, samples, tail]))
    return pcm, (lead.size + samples.size) / 16000  # seconds until the end of speech


def renderer_figures() -> None:
    from avatar.renderer import VISEMES, Animator, FaceRenderer, FaceState

    os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    r = FaceRenderer()
    states = [FaceState(v, b, dx, 0) for v in VISEMES for b in range(3) for dx in (-2, 0, 2)]
    t = time.perf_counter()
    for s in states:
        r.render_uncached(s)
    figure("avatar_render_uncached_fps_one_core", len(states) / (time.perf_counter() - t), "fps")
    anim = Animator(seed=1)
    track = [(i * 0.08, i * 0.08 + 0.08, VISEMES[i % len(VISEMES)]) for i in range(125)]
    anim.say(track, 0.0, 10.0)
    t = time.perf_counter()
    frames = 0
    for i in range(25 * 60):  # one minute of a session, speaking for the first 10 s
        data = r.render(anim.state(i / 25))
        base64.b64encode(data)
        frames += 1
    figure("avatar_render_session_fps_one_core", frames / (time.perf_counter() - t), "fps")
    figure("avatar_frame_jpeg_kb", len(r.render(FaceState("aa"))) / 1024, "KB")
    os.sched_setaffinity(0, set(range(os.cpu_count() or 1)))


def new_session(url: str, key: str, language: str, user_id: str = "bench") -> str:
    import requests

    r = requests.post(f"{url}/api/sessions", headers={"X-API-Key": key}, timeout=30,
                      json={"user_id": user_id, "language": language, "interview_type": "technical"})
    r.raise_for_status()
    return r.json()["session_id"]


async def turn_latencies(url: str, key: str, language: str, answers: list[str], voice: str):
    sid = await asyncio.to_thread(new_session, url, key, language)
    client_ms, server = [], []
    async with websockets.connect(url.replace("http", "ws") + f"/ws/{sid}?api_key={key}", max_size=2 ** 24) as ws:
        events: list = []

        async def reader():
            async for raw in ws:
                if '"avatar_frame"' in raw[:40]:
                    continue
                data = json.loads(raw)
                data["_at"] = time.monotonic()
                events.append(data)

        task = asyncio.create_task(reader())
        await ws.send(json.dumps({"type": "start_session"}))

        async def quiet():
            while True:
                await asyncio.sleep(0.2)
                audio_at = [e["_at"] for e in events if e["type"] == "tts_audio"]
                if audio_at and time.monotonic() - audio_at[-1] > 1.0:
                    return

        await quiet()
        for text in answers:
            pcm, speech_end = speech_pcm(text, voice)
            step = 3200
            t0 = time.monotonic()
            end_at = None
            for i in range(0, len(pcm), step):
                await ws.send(json.dumps({"type": "audio_data", "audio": base64.b64encode(pcm[i:i + step]).decode(),
                                          "sample_rate": 16000, "format": "pcm16"}))
                if end_at is None and (i + step) / 32000 >= speech_end:
                    end_at = time.monotonic()
                await asyncio.sleep(max(0.0, t0 + (i + step) / 32000 - time.monotonic()))
            mark = len(events)
            deadline = time.monotonic() + 60
            first_audio = None
            while time.monotonic() < deadline and first_audio is None:
                await asyncio.sleep(0.02)
                finals = [i for i, e in enumerate(events[mark - 40 if mark > 40 else 0:]) if e["type"] == "stt_final"]
                audios = [e for e in events if e["type"] == "tts_audio" and e["_at"] > end_at]
                if audios and any(e["type"] == "llm_start" and e["_at"] > end_at for e in events):
                    first_audio = audios[0]["_at"]
            if first_audio:
                client_ms.append(first_audio - end_at)
            await quiet()
        server = [e for e in events if e["type"] == "turn_latency"]
        task.cancel()
    return client_ms, server


async def concurrency(url: str, key: str) -> int:
    best = 0
    for n in (1, 2, 4, 8, 16, 32, 48, 64):
        sids = [await asyncio.to_thread(new_session, url, key, "en", f"load{i}") for i in range(n)]
        conns = [await websockets.connect(url.replace("http", "ws") + f"/ws/{s}?api_key={key}", max_size=2 ** 24)
                 for s in sids]
        counts = [0] * n
        window = {"on": False}

        async def reader(i, ws):
            try:
                async for raw in ws:
                    if window["on"] and '"avatar_frame"' in raw[:40]:
                        counts[i] += 1
            except websockets.ConnectionClosed:
                pass

        tasks = [asyncio.create_task(reader(i, ws)) for i, ws in enumerate(conns)]
        for ws in conns:
            await ws.send(json.dumps({"type": "start_session"}))
        await asyncio.sleep(2.0)  # greetings start speaking
        window["on"] = True
        await asyncio.sleep(5.0)
        window["on"] = False
        rates = [c / 5.0 for c in counts]
        for ws in conns:
            await ws.close()
        for t in tasks:
            t.cancel()
        ok = min(rates) >= 24.0
        print(f"# {n} sessions: min {min(rates):.1f} fps, mean {statistics.fmean(rates):.1f} fps", flush=True)
        for s in sids:  # free the per-user session slots
            await asyncio.to_thread(__import__("requests").delete, f"{url}/api/sessions/{s}",
                                    headers={"X-API-Key": key}, timeout=60)
        if not ok:
            break
        best = n
    return best


def main() -> None:
    only = os.environ.get("BENCH_AVATAR_ONLY", "")  # "latency", "render" or "sessions"; empty: all
    figure("avatar_machine_load_average_1min", os.getloadavg()[0], "processes")  # 2 shared cores: context
    if only in ("", "render"):
        renderer_figures()
    if only == "render":
        return
    user = User.objects.create_user(username=f"bench_{uuid.uuid4().hex[:8]}", password="Bench-Avatar-2026")
    _, key = accounts.api_key_create(owner=user, name="bench")
    with live_app(worker=False, web_processes=1, AVATAR_MAX_SESSIONS_PER_OWNER="100",
                  AVATAR_API_RATE="100000/min") as app:
        url = app.url
        if only == "sessions":
            figure("avatar_concurrent_sessions_at_25fps_one_process", asyncio.run(concurrency(url, key)), "sessions")
            return
        client_en, server_en = asyncio.run(turn_latencies(url, key, "en", ANSWERS_EN, "en-us"))
        client_ko, server_ko = asyncio.run(turn_latencies(url, key, "ko", ANSWERS_KO, "ko"))
        latency_figures("avatar_turn_end_of_speech_to_first_audio_en", client_en)
        latency_figures("avatar_turn_end_of_speech_to_first_audio_ko", client_ko)
        latency_figures("avatar_turn_end_of_speech_to_first_audio_all", client_en + client_ko)
        marks = server_en + server_ko
        for stage in ("stt_ms", "first_token_ms", "first_audio_ms", "first_frame_ms"):
            values = [m[stage] for m in marks if m.get(stage) is not None]
            if values:
                figure(f"avatar_server_{stage[:-3]}_p50", percentile(values, 50), "ms")
        if only != "latency":
            figure("avatar_concurrent_sessions_at_25fps_one_process", asyncio.run(concurrency(url, key)), "sessions")


if __name__ == "__main__":
    main()
