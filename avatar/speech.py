"""One spoken sentence: ai.tts audio as pcm16 at 24 kHz with its mouth track."""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ai import audio as audio_mod
from ai import tts
from ai.nlp.text import sentence_spans
from avatar import visemes

SAMPLE_RATE = 24_000
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_KANA = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


@dataclass(frozen=True)
class Utterance:
    text: str
    pcm16: bytes
    duration: float
    track: list[tuple[float, float, str]]
    words: list[tuple[float, float, str]]  # (start, end, word) for what-was-heard on interruption
    cached: bool
    language: str


def language_of(text: str, default: str) -> str:
    """The voice a sentence needs, not its dominant language (ai.nlp.text.detect_language): a single
    Hangul syllable needs the Korean voice, which also reads the English terms around it, while an
    English voice cannot read Hangul at all ("Helm chart를 직접 작성하셨나요?" is Korean here)."""
    if _HANGUL.search(text):
        return "ko"
    if _KANA.search(text):
        return "ja"
    return "en" if re.search(r"[A-Za-z]", text) else default


def spoken_sentences(text: str) -> list[str]:
    """The sentences to speak one by one (ai.nlp's splitter), without pieces that have no word."""
    return [span.text for span in sentence_spans(text) if any(ch.isalnum() for ch in span.text)]


def speak(text: str, default_language: str) -> Utterance:
    language = language_of(text, default_language)
    speech = tts.synthesize(text, language=language, fmt="pcm16", sample_rate=SAMPLE_RATE)
    if speech.phonemes:
        track = visemes.from_phonemes(speech.phonemes, speech.duration)
    else:
        track = visemes.from_energy(audio_mod.pcm16_to_float(speech.audio), SAMPLE_RATE)
    words = [(w.start, w.end, w.word) for w in speech.timings]
    return Utterance(text, speech.audio, speech.duration, track, words, speech.cached, language)


def heard_part(utterance: Utterance, elapsed: float) -> str:
    """The words fully spoken `elapsed` seconds into the utterance."""
    if elapsed >= utterance.duration:
        return utterance.text
    spoken = [w for s, e, w in utterance.words if e <= elapsed]
    return " ".join(spoken)


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * SAMPLE_RATE), np.int16)
