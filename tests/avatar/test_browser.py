"""In Chromium: the seed's JavaScript SDK unchanged, and the avatar room with a fake microphone
holding a two-turn conversation (captions, frames, summary with transcript and video)."""
from __future__ import annotations

import base64
from pathlib import Path

import numpy as np
import pytest

from tests.browser import csp_safe_waits, launch_with_microphone, microphone_wav, sign_in
from tests.factories import speech_pcm16 as espeak_pcm16

pytestmark = pytest.mark.browser
SDK_JS = (Path(__file__).parent / "sdk.js").read_text()
ANSWER = "I built the payment service in Python and cut the response time by forty percent with a Redis cache."


def test_javascript_sdk_in_chromium(page, live_url, owner):
    pcm = espeak_pcm16(ANSWER, "en-us")
    page.goto(f"{live_url}/health")
    # Loaded through DevTools: the site's CSP (rightly) refuses inline scripts, and a client app
    # would ship the SDK in its own bundle.
    page.evaluate("(() => {\n" + SDK_JS + "\nwindow.InterviewAvatarClient = InterviewAvatarClient;\n})()")
    result = page.evaluate("""async ([apiUrl, apiKey, pcmB64]) => {
      const client = new InterviewAvatarClient(apiUrl, apiKey);
      const seen = [];
      const wait = (pred, ms) => new Promise((resolve, reject) => {
        const t0 = Date.now();
        const tick = () => { const hit = seen.find(pred); if (hit) resolve(hit);
          else if (Date.now() - t0 > ms) reject(new Error('timeout; saw ' + seen.map(e => e.type).filter(t => t !== 'avatar_frame').slice(-20)));
          else setTimeout(tick, 50); };
        tick();
      });
      for (const type of ['connected', 'session_started', 'stt_final', 'llm_start', 'llm_response', 'tts_audio', 'avatar_frame', 'error'])
        client.on(type, (data) => { data._at = Date.now(); seen.push(data); });
      const session = await client.createSession({ userId: 'js-user', interviewType: 'technical', language: 'en' });
      await client.connect(session.session_id);
      await wait(e => e.type === 'connected', 10000);
      client.startSession();
      await wait(e => e.type === 'session_started', 30000);
      await wait(e => e.type === 'tts_audio', 30000);
      // let the greeting finish: no audio for a second
      await new Promise(resolve => { const check = () => { const a = seen.filter(e => e.type === 'tts_audio');
        if (Date.now() - a[a.length - 1]._at > 1000) resolve(); else setTimeout(check, 100); }; check(); });
      const bytes = Uint8Array.from(atob(pcmB64), c => c.charCodeAt(0));
      for (let i = 0; i < bytes.length; i += 3200) {
        client.sendAudio(bytes.slice(i, i + 3200));
        await new Promise(r => setTimeout(r, 25));
      }
      const final = await wait(e => e.type === 'stt_final', 90000);
      const done = await wait(e => e.type === 'llm_response' && e.done, 60000);
      const audio = await wait(e => e.type === 'tts_audio' && e._at >= done._at - 5000, 30000);
      const summary = await client.terminateSession(session.session_id);
      client.close();
      return { final: final.transcript, reply: done.text, rate: audio.sample_rate,
               frames: seen.filter(e => e.type === 'avatar_frame').length, summary };
    }""", [live_url, owner[1], base64.b64encode(pcm).decode()])
    assert "python" in result["final"].lower() or "payment" in result["final"].lower()
    assert result["reply"] and result["rate"] == 24000 and result["frames"] > 25
    assert result["summary"]["status"] == "terminated" and result["summary"]["summary"]["transcript_url"]


@pytest.fixture(scope="module")
def mic_wav(tmp_path_factory) -> str:
    """48 kHz WAV for Chromium's fake microphone: an answer, then a long pause (it loops)."""
    from ai import audio

    pcm = espeak_pcm16(ANSWER, "en-us", rate=48000, silence_after=0)
    samples = np.concatenate([audio.pcm16_to_float(pcm), np.zeros(48000 * 14, np.float32)])
    return microphone_wav(samples, tmp_path_factory.mktemp("mic") / "answer.wav")


@pytest.fixture(scope="module")
def mic_browser(_browser, mic_wav):
    browser = launch_with_microphone(_browser, mic_wav)
    yield browser
    browser.close()


def test_avatar_room_two_turns_with_fake_microphone(mic_browser, live_url, owner):
    user = owner[0]
    context = mic_browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 900})
    sign_in(context, live_url, user)
    context.grant_permissions(["microphone"], origin=live_url)
    page = csp_safe_waits(context.new_page())
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.set_default_timeout(60_000)
    page.goto(f"{live_url}/avatar/")
    assert page.locator("h1").inner_text().startswith("아바타 면접관")
    page.select_option("select[name=language]", "en")
    page.click("[data-start-form] button[type=submit]")
    page.wait_for_url("**/avatar/sess_*")
    page.click("[data-start]")
    page.wait_for_function("window.avatarRoom.frames > 10", timeout=30_000)
    page.wait_for_function("window.avatarRoom.captions.filter(c => c.final).length >= 2", timeout=150_000)
    page.wait_for_function("window.avatarRoom.turns >= 2", timeout=90_000)
    assert page.locator("[data-log] li.user").count() >= 2
    assert page.locator("[data-caption-final]").inner_text().strip()
    page.wait_for_function("document.querySelector('[data-lat=first_audio_ms]').textContent.includes('ms')")
    assert page.evaluate("window.avatarRoom.audioChunks") > 5
    page.click("[data-end]")
    page.wait_for_selector("[data-summary]:not([hidden]) [data-scores] strong")
    page.wait_for_selector("[data-transcript]:not([hidden])")
    page.wait_for_selector("[data-video]:not([hidden])", timeout=240_000)
    assert not errors, errors
    # the list shows the finished session
    page.goto(f"{live_url}/avatar/")
    assert page.locator("[data-avatar-sessions] tr[data-session]").count() == 1
    context.close()


def test_logging_out_elsewhere_stops_the_room(mic_browser, live_url, owner):
    """A log-out in another tab closes the room's socket (accounts.services.sockets_close): the room
    says so and stops reconnecting with a session that no longer exists."""
    user = owner[0]
    context = mic_browser.new_context(locale="ko-KR")
    sign_in(context, live_url, user)
    context.grant_permissions(["microphone"], origin=live_url)
    page = csp_safe_waits(context.new_page())
    page.set_default_timeout(60_000)
    sockets = []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    page.goto(f"{live_url}/avatar/")
    page.click("[data-start-form] button[type=submit]")
    page.wait_for_url("**/avatar/sess_*")
    page.click("[data-start]")
    page.wait_for_function("window.avatarRoom.frames > 3", timeout=30_000)

    other = context.new_page()
    other.goto(f"{live_url}/")
    other.click("form[action$='logout'] button")
    page.wait_for_function("document.querySelector('[data-state]').textContent.includes('로그아웃되었습니다')")
    opened = len(sockets)
    page.wait_for_timeout(4000)  # the room reconnects after 1.5 s when a connection merely drops
    assert len(sockets) == opened == 1
    context.close()
