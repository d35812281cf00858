"""A whole interview by voice in Chromium: the fake microphone plays an espeak recording, the room
plays each question, records after it, uploads to the seed 003 endpoint, shows the transcript,
and the result page shows the report, the chart, transcripts and audio players."""

import numpy as np
import pytest

from ai import audio
from interviews.models import InterviewSession
from tests.browser import csp_safe_waits, launch_with_microphone, sign_in
from tests.browser import microphone_wav as write_microphone_wav
from tests.factories import SPEECH_CACHE as AUDIO_DIR
from tests.interviews.conftest import espeak_wav

pytestmark = pytest.mark.browser

SPOKEN = ("I built the payment service with Python and PostgreSQL. "
          "I added a Redis cache, and the response time dropped by forty percent.")


@pytest.fixture(scope="module")
def microphone_wav() -> str:
    """48 kHz 16-bit mono WAV (what Chromium's fake capture reads), with a pause before it loops."""
    decoded = audio.decode(espeak_wav(SPOKEN), sample_rate=48000)
    samples = np.concatenate([decoded.samples, np.zeros(48000, np.float32)])
    return write_microphone_wav(samples, AUDIO_DIR / "microphone.wav")


@pytest.fixture(scope="module")
def mic_browser(_browser, microphone_wav):
    browser = launch_with_microphone(_browser, microphone_wav)
    yield browser
    browser.close()


def test_five_question_voice_interview_in_chromium(mic_browser, live_url, make_user):
    user = make_user()
    context = mic_browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 900})
    sign_in(context, live_url, user)
    context.grant_permissions(["microphone"], origin=live_url)
    # Questions are spoken at triple speed so the test does not sit through five of them.
    context.add_init_script("document.addEventListener('play', e => { e.target.playbackRate = 3; }, true);")
    page = csp_safe_waits(context.new_page())
    errors = []
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.set_default_timeout(60_000)
    try:
        page.goto(live_url + "/interviews")
        page.check("input[name=language][value=en]")
        page.check("input[name=interview_type][value=technical]")
        page.fill("input[name=position]", "Backend developer")
        page.click("[data-start-submit]")
        page.wait_for_selector("[data-room]")
        session = InterviewSession.objects.get(owner=user)
        assert session.language == "en"
        page.click("[data-begin]")
        heard = []
        for number in range(1, 6):
            # recording starts by itself when the question audio ends
            page.wait_for_selector("[data-recorder]:not([hidden])")
            # the level meter follows the microphone (the fake one has a silent second between loops)
            page.wait_for_function("parseFloat(document.querySelector('[data-level]').style.width) > 0", timeout=5000)
            page.wait_for_function("document.querySelector('[data-timer]').textContent >= '0:04'")
            if number == 2:  # a retry throws the take away and records again from zero
                page.click("[data-retry]")
                page.wait_for_function("document.querySelector('[data-timer]').textContent === '0:00'")
                page.wait_for_function("document.querySelector('[data-timer]').textContent >= '0:04'")
            page.click("[data-stop]")
            if number < 5:
                page.wait_for_function(f"document.querySelectorAll('[data-transcripts] li').length === {number}")
                heard.append(page.locator("[data-transcripts] li").nth(number - 1).inner_text())
                page.wait_for_function(f"document.querySelector('[data-room]').dataset.turn === '{number + 1}'")
                assert page.locator("[data-progress-label]").inner_text() == f"5개 중 {number + 1}번째 질문"
        # Takes start wherever the looping recording happens to be, so a take may hold only a clipped
        # tail of it that Whisper mishears; most takes must still carry the answer's words.
        understood = [t for t in heard if any(w in t.lower() for w in ("payment", "python", "redis", "response"))]
        assert len(understood) >= 3, heard
        page.wait_for_url(f"{live_url}/interviews/{session.pk}/result")
        page.wait_for_selector("[data-report]", timeout=90_000)  # the page reloads when the report is ready
        assert page.locator("[data-total-score] .score").inner_text().isdigit()
        assert page.locator("[data-total-feedback]").inner_text().startswith("Average over 5 answers")
        assert page.locator("[data-score-chart] [data-bar]").count() == 5
        transcripts = page.locator(".turns [data-transcript]")
        assert transcripts.count() == 5
        assert all(transcripts.nth(i).inner_text().strip() for i in range(5))
        assert page.locator("[data-answer-player]").count() == 5
        assert page.locator("[data-question-player]").count() == 5
        assert page.locator("[data-turn-feedback]").count() == 5
        assert page.locator("[data-guide] li").count() >= 1
        # the recorded answers replay: the signed link serves the browser's own recording
        src = page.locator("[data-answer-player]").first.get_attribute("src")
        response = page.request.get(live_url + src)
        assert response.status == 200 and response.body()[:4] == b"\x1aE\xdf\xa3"  # WebM from MediaRecorder
        turns = list(session.turns.all())
        assert all(t.answer_source == "voice" and t.delivery["source"] == "audio" for t in turns)
        assert errors == []
    finally:
        context.close()
