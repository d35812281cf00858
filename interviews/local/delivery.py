"""Delivery analytics from a recorded answer, and an honest confidence estimate.

Measured: duration, speaking rate (syllables per second for Korean, words per minute for
English), filler words by kind, long pauses (over 1.5 s between recognised words, or from the
audio's energy when the engine gave no word times), and loudness.

The "emotion" figures seed 002 asks for are NOT read from a face or a voice-emotion model. They
are a transparent estimate from the same speech measurements: a steady pace, few fillers, few
long pauses and a firm voice read as confidence; the opposite as nervousness. The payload says so.
"""
from __future__ import annotations

import numpy as np

from ai import audio as audio_mod
from ai.nlp import text as nlp_text
from ai.nlp.fillers import filler_kinds
from interviews.local import analysis
from interviews.local.evaluation import count_fillers

LONG_PAUSE_SECONDS = 1.5
# Comfortable interview pace: Korean 3.5–5.5 syllables/s, English 110–170 words/min.
PACE = {"ko": (3.5, 5.5, "syllables_per_second"), "en": (110.0, 170.0, "words_per_minute")}
METHOD = {
    "ko": "얼굴이나 표정이 아니라 녹음된 음성에서 측정한 말 속도, 군말, 긴 침묵, 목소리 크기로 추정한 값입니다.",
    "en": "Estimated from the recorded speech (pace, filler words, long pauses, loudness); no face or video is used.",
}
TEXT_METHOD = {
    "ko": "음성이 없는 글 답변이라 군말과 자신 없는 표현만으로 추정했습니다.",
    "en": "A typed answer: estimated only from filler words and hedging in the text.",
}


def _clamp(value: float, lo: float = 0.0, hi: float = 1.0) -> float:
    return max(lo, min(hi, float(value)))


def _pace_fit(rate: float, lo: float, hi: float) -> float:
    """1 inside the comfortable band, falling to 0 at 50% outside it."""
    if lo <= rate <= hi:
        return 1.0
    edge = lo if rate < lo else hi
    return _clamp(1 - abs(rate - edge) / (0.5 * edge))


def measure(*, samples: np.ndarray, sample_rate: int, transcript, language: str) -> dict:
    """Delivery metrics for one recorded answer. `transcript` is an ai.stt.Transcript."""
    lang = "en" if language == "en" else "ko"
    text = transcript.text or ""
    duration = samples.size / sample_rate if sample_rate else float(transcript.duration or 0)
    activity = audio_mod.speech_activity(samples, sample_rate)
    words = [w for w in transcript.words if w.word.strip()]
    if words:
        spoken_from, spoken_to = words[0].start, words[-1].end
        gaps = [(a.end, b.start) for a, b in zip(words, words[1:]) if b.start - a.end >= LONG_PAUSE_SECONDS]
        pause_source = "word_timings"
    else:
        spoken_from = activity.speech[0].start if activity.speech else 0.0
        spoken_to = activity.speech[-1].end if activity.speech else duration
        gaps = [(p.start, p.end) for p in activity.pauses if p.duration >= LONG_PAUSE_SECONDS]
        pause_source = "energy"
    speaking_time = max(0.1, spoken_to - spoken_from)
    lo, hi, unit = PACE[lang]
    if lang == "ko":
        units = nlp_text.hangul_syllables(text) or nlp_text.count_syllables(text)
        rate = units / speaking_time
    else:
        units = len([w for w in text.split() if any(ch.isalnum() for ch in w)])
        rate = units / (speaking_time / 60)
    fillers = count_fillers(text, lang)
    filler_total = sum(fillers.values())
    minutes = max(speaking_time / 60, 1 / 60)
    voiced = samples[samples != 0] if samples.size else samples
    energies = audio_mod.frame_energies(samples, sample_rate) if samples.size else np.zeros(0)
    threshold = audio_mod.speech_threshold(energies) if energies.size else audio_mod.SILENCE_FLOOR_DB
    speech_energies = energies[energies > threshold] if energies.size else energies
    loudness = float(np.mean(speech_energies)) if speech_energies.size else audio_mod.rms_dbfs(voiced)
    variation = float(np.std(speech_energies)) if speech_energies.size > 1 else 0.0
    metrics = {
        "source": "audio",
        "duration": round(duration, 2),
        "speaking_time": round(speaking_time, 2),
        "speech_ratio": round(activity.speech_seconds / duration, 3) if duration else 0.0,
        "speaking_rate": round(rate, 2),
        "speaking_rate_unit": unit,
        "speaking_rate_band": [lo, hi],
        "syllables" if lang == "ko" else "words": units,
        "fillers": fillers,
        "filler_kinds": filler_kinds(fillers, lang),
        "filler_total": filler_total,
        "fillers_per_minute": round(filler_total / minutes, 2),
        "long_pauses": len(gaps),
        "long_pause_seconds": round(sum(b - a for a, b in gaps), 2),
        "longest_pause": round(max((b - a for a, b in gaps), default=activity.longest_pause), 2),
        "pause_source": pause_source,
        "loudness_dbfs": round(loudness, 1),
        "loudness_variation_db": round(variation, 1),
        "stt_confidence": round(float(transcript.confidence), 3),
    }
    metrics.update(estimate(metrics, text, lang))
    return metrics


def estimate(metrics: dict, text: str, language: str) -> dict:
    """Confidence, nervousness and excitement in 0–1 from speech measurements (see module doc)."""
    lang = "en" if language == "en" else "ko"
    lo, hi, _ = PACE[lang]
    rate = float(metrics.get("speaking_rate") or 0)
    pace = _pace_fit(rate, lo, hi)
    fillers = _clamp(1 - float(metrics.get("fillers_per_minute") or 0) / 12)
    minutes = max(float(metrics.get("speaking_time") or 0) / 60, 1 / 60)
    pauses = _clamp(1 - (int(metrics.get("long_pauses") or 0) / minutes) / 4)
    loudness = float(metrics.get("loudness_dbfs") or -30)
    firmness = _clamp((loudness + 45) / 25)  # -45 dBFS (barely audible) → 0, -20 dBFS → 1
    hedges = len(analysis.HEDGES.findall(text or ""))
    hedging = _clamp(1 - hedges / 4)
    confidence = 0.3 * pace + 0.25 * fillers + 0.2 * pauses + 0.15 * firmness + 0.1 * hedging
    too_fast = _clamp((rate - hi) / (0.5 * hi)) if rate > hi else 0.0
    too_slow = _clamp((lo - rate) / (0.5 * lo)) if rate < lo else 0.0
    nervousness = (0.3 * (1 - fillers) + 0.25 * (1 - pauses) + 0.2 * max(too_fast, too_slow)
                   + 0.15 * (1 - hedging) + 0.1 * (1 - firmness))
    variation = float(metrics.get("loudness_variation_db") or 0)
    excitement = 0.5 * _clamp((variation - 4) / 8) + 0.3 * _clamp((rate - (lo + hi) / 2) / (hi - lo)) + 0.2 * firmness
    return _emotion(confidence, nervousness, excitement, "speech", METHOD[lang], {
        "pace_fit": round(pace, 2), "filler_score": round(fillers, 2), "pause_score": round(pauses, 2),
        "firmness": round(firmness, 2), "hedges": hedges,
    })


def estimate_from_text(text: str, language: str) -> dict:
    """For typed answers: only what the words show (fillers written out, hedging)."""
    lang = "en" if language == "en" else "ko"
    words = max(1, analysis.word_count(text or "", lang))
    filler_total = sum(count_fillers(text or "", lang).values())
    hedges = len(analysis.HEDGES.findall(text or ""))
    fillers = _clamp(1 - 100 * filler_total / words / 8)
    hedging = _clamp(1 - hedges / 4)
    facts = analysis.analyse(text or "", lang)
    assertive = 1.0 if facts.has_role else 0.6
    confidence = 0.4 * hedging + 0.3 * fillers + 0.3 * assertive
    nervousness = 0.5 * (1 - hedging) + 0.5 * (1 - fillers)
    return _emotion(confidence, nervousness, 0.2 * assertive, "text", TEXT_METHOD[lang],
                    {"filler_score": round(fillers, 2), "hedges": hedges})


def _emotion(confidence: float, nervousness: float, excitement: float, source: str, method: str,
             signals: dict) -> dict:
    scores = {"confidence": round(_clamp(confidence), 2), "nervousness": round(_clamp(nervousness), 2),
              "excitement": round(_clamp(excitement), 2)}
    dominant = max(scores, key=scores.get)
    return {"emotion": {"dominant_emotion": dominant, "emotion_scores": scores, "source": source,
                        "method": method, "signals": signals},
            "confidence": scores["confidence"]}


def summarise(emotions: list[dict]) -> dict | None:
    """A session's EmotionSummary: the mean of its answers' estimates."""
    emotions = [e for e in emotions if e and e.get("emotion_scores")]
    if not emotions:
        return None
    keys = ("confidence", "nervousness", "excitement")
    scores = {k: round(sum(float(e["emotion_scores"].get(k, 0)) for e in emotions) / len(emotions), 2) for k in keys}
    sources = sorted({e.get("source", "speech") for e in emotions})
    return {"dominant_emotion": max(scores, key=scores.get), "emotion_scores": scores,
            "source": "speech" if sources == ["speech"] else "+".join(sources),
            "method": emotions[0].get("method", ""), "answers": len(emotions)}
