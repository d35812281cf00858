"""Speech figures: STT real-time factor (processing time / audio time) for Whisper tiny.en and
base on ~30 s of espeak-ng speech, and local TTS throughput in characters per second."""
import os
import sys
import time

import django
import numpy as np
from common import BASE_DIR, figure, latency_figures

# Settings only (MODELS_DIR, storage): no database, so no migrate and no embedded PostgreSQL.
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("VAR_DIR", str(BASE_DIR / "var" / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
django.setup()

from django.test import override_settings  # noqa: E402

from ai import audio, stt, tts  # noqa: E402
from tests.ai import media  # noqa: E402

ENGLISH = media.ENGLISH_ANSWERS + [
    "I am most proud of the project where we moved our servers to the cloud.",
    "At my last company I was in charge of moving our payment system to the cloud.",
]
KOREAN = [
    media.KOREAN_ANSWER,
    "팀원들과 의견이 다를 때는 데이터를 근거로 대화하려고 노력했습니다.",
    "입사 후에는 서비스의 안정성을 높이는 일에 기여하고 싶습니다.",
    "가장 어려웠던 점은 일정이 짧았다는 것이었지만 우선순위를 정해 해결했습니다.",
    "저는 새로운 기술을 빠르게 배우고 팀에 공유하는 것을 좋아합니다.",
]


def clip(sentences, voice, seconds=30.0):
    """Sentences with short pauses until the clip is ~30 s long (a typical answer)."""
    parts, total, i = [], 0.0, 0
    while total < seconds:
        speech = audio.decode(media.espeak_wav(sentences[i % len(sentences)], voice)).samples
        parts += [speech, media.silence(0.4)]
        total += speech.size / 16000 + 0.4
        i += 1
    return np.concatenate(parts)[: int(seconds * 16000)]


english, korean = clip(ENGLISH, "en-us"), clip(KOREAN, "ko")
for kind, samples, language, name in [("en", english, "en", "stt_rtf_tiny_en"),
                                      ("multi", english, "en", "stt_rtf_base_english"),
                                      ("multi", korean, "ko", "stt_rtf_base_korean")]:
    stt._local_samples(samples[: 16000 * 3], language, model_kind=kind)  # load the model first
    runs = []
    for _ in range(2):
        started = time.perf_counter()
        stt._local_samples(samples, language, model_kind=kind)
        runs.append((time.perf_counter() - started) / (samples.size / 16000))
    figure(name, min(runs), "x")

with override_settings(AI_ENGINE="local"):
    questions = ENGLISH + KOREAN
    tts.synthesize("warm up", language="en", cache=False)
    samples, chars = [], 0
    started = time.perf_counter()
    for text in questions * 2:
        t0 = time.perf_counter()
        tts.synthesize(text, language="ko" if media.hangul_ratio(text) > 0.5 else "en", fmt="mp3", cache=False)
        samples.append(time.perf_counter() - t0)
        chars += len(text)
    figure("tts_chars_per_second", chars / (time.perf_counter() - started), "chars/s")
    latency_figures("tts_question_mp3", samples)
