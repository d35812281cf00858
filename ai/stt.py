"""Speech to text: `transcribe()` for whole recordings and `StreamingTranscriber` for live PCM.

Providers (ai.providers, capability `stt`): `local` runs faster-whisper on the packaged offline
weights (tiny.en for English, Whisper base multilingual for Korean and anything else); a remote
provider (`openai`) posts to an OpenAI-compatible `/audio/transcriptions`.

No speech: `transcribe()` raises STTError("STT_NO_SPEECH") when the recording holds no speech
energy or the model hears no words, so callers never store an empty answer as if it were one.
"""
from __future__ import annotations

import math
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import ctranslate2
import numpy as np

from ai import audio as audio_mod
from ai import models_store, providers
from ai.errors import STTError

SAMPLE_RATE = audio_mod.TARGET_RATE
ENGLISH_ALIASES = {"en", "en-us", "en-gb", "english"}
# Bounded fallback: robotic or noisy audio can make Whisper retry at six temperatures otherwise.
TEMPERATURES = (0.0, 0.4, 0.8)
# Whisper base drifts into English or romanisation on unclear Korean audio; a short Korean
# prompt in the interview register keeps it in Hangul (measured: stable output, no leaked words).
KOREAN_PROMPT = "안녕하세요. 네, 말씀드리겠습니다."
# Whisper reads at most 224 prompt tokens; the question and the domain words fit well inside.
MAX_PROMPT_CHARS = 400
MAX_HOTWORDS = 40


@dataclass(frozen=True)
class SpeechContext:
    """What the speaker is likely to say: the question being answered (as the decoder's previous
    text) and domain words such as the posting's and resume's skill names (as hotwords). Both
    only bias recognition toward these spellings; they are never inserted into the transcript."""
    prompt: str = ""
    hotwords: tuple[str, ...] = ()

    @classmethod
    def build(cls, *, question: str = "", terms=()) -> "SpeechContext":
        seen, words = set(), []
        for term in terms:
            term = " ".join(str(term or "").split())
            if term and term.lower() not in seen and len(term) <= 40:
                seen.add(term.lower())
                words.append(term)
        return cls(" ".join((question or "").split())[-MAX_PROMPT_CHARS:], tuple(words[:MAX_HOTWORDS]))

    def initial_prompt(self, language: str | None) -> str | None:
        if language == "ko":
            # Korean keeps the register line only. The test recordings (espeak-ng Korean) are too
            # unclear to show whether hints help, and on them a longer prompt made Whisper loop
            # ("포니라니, 포니라니, …") and take 20+ s: no hint is added until real speech shows a gain.
            return KOREAN_PROMPT
        parts = []
        if self.prompt:
            parts.append(self.prompt)
        if self.hotwords:
            parts.append(", ".join(self.hotwords) + ".")
        text = " ".join(parts).strip()
        return text[-MAX_PROMPT_CHARS * 2:] or None



@dataclass(frozen=True)
class Word:
    start: float
    end: float
    word: str
    probability: float


@dataclass(frozen=True)
class Segment:
    start: float
    end: float
    text: str
    words: list[Word] = field(default_factory=list)
    avg_logprob: float | None = None
    no_speech_prob: float | None = None


@dataclass(frozen=True)
class Transcript:
    text: str
    language: str
    duration: float
    segments: list[Segment]
    engine: str
    model: str
    processing_seconds: float = 0.0

    @property
    def words(self) -> list[Word]:
        return [w for s in self.segments for w in s.words]

    @property
    def confidence(self) -> float:
        """Mean word probability (or segment log-probability when the engine gave no words)."""
        words = self.words
        if words:
            return float(np.mean([w.probability for w in words]))
        logprobs = [s.avg_logprob for s in self.segments if s.avg_logprob is not None]
        return float(math.exp(np.mean(logprobs))) if logprobs else 0.0


@dataclass(frozen=True)
class TranscriptEvent:
    text: str
    is_final: bool
    confidence: float
    start: float  # seconds from the start of the stream
    end: float


def normalise_language(language: str | None) -> str | None:
    if not language:
        return None
    code = language.strip().lower().replace("_", "-")
    if code in ENGLISH_ALIASES:
        return "en"
    if code in {"ko", "ko-kr", "kor", "korean"}:
        return "ko"
    return code.split("-")[0]


# --- local engine ----------------------------------------------------------------------------------

_models: dict[str, object] = {}
_models_lock = threading.Lock()


def _cpu_threads() -> int:
    return int(os.environ.get("STT_CPU_THREADS") or min(4, os.cpu_count() or 1))


def _load(kind: str):
    """One WhisperModel per process and kind ("en" → tiny.en, "multi" → base); loading takes ~0.5 s."""
    with _models_lock:
        if kind not in _models:
            from faster_whisper import WhisperModel

            info = models_store.english_model() if kind == "en" else models_store.ensure_multilingual_model()
            try:
                _models[kind] = (WhisperModel(str(info.path), device="cpu", compute_type="int8",
                                              cpu_threads=_cpu_threads()), info.name)
            except (RuntimeError, ValueError, OSError) as exc:
                raise STTError("STT_ERROR", f"cannot load {info.name}: {exc}") from exc
        return _models[kind]


def _choose_model(samples: np.ndarray, language: str | None):
    if language == "en":
        return language, _load("en")
    base = _load("multi")
    if language is None:
        detected, _, _ = base[0].detect_language(samples)
        if detected == "en":
            return "en", _load("en")
        return detected, base
    return language, base


def _local_samples(samples: np.ndarray, language: str | None, *, fast: bool = False,
                   model_kind: str | None = None, context: SpeechContext | None = None) -> Transcript:
    """model_kind forces "en" (tiny.en) or "multi" (base); benchmarks compare the two on one clip."""
    started = time.perf_counter()
    duration = samples.size / SAMPLE_RATE
    if not model_kind and language == "en" and not fast and context is not None and (context.hotwords or context.prompt):
        # Domain words in English answers: Whisper base (multilingual) gets "four engineers … PostgreSQL"
        # right where tiny.en hears "foreign engineers" and, given hotwords, invents trailing words.
        model_kind = "multi"
    if model_kind:
        model, model_name = _load(model_kind)
    else:
        language, (model, model_name) = _choose_model(samples, language)
    if model_name == "whisper-tiny.en" and context is not None:
        context = SpeechContext(prompt=context.prompt)  # a list of words makes tiny.en invent trailing words
    # The temperature fallback samples; a fixed seed makes the same recording give the same text.
    ctranslate2.set_random_seed(0)
    try:
        segments_iter, info = model.transcribe(
            samples, language=language, beam_size=1 if fast else 2, temperature=0.0 if fast else TEMPERATURES,
            word_timestamps=not fast, without_timestamps=fast, condition_on_previous_text=False,
            # The domain words go in the prompt after the question, not in faster-whisper's `hotwords`:
            # measured on espeak speech, both at once tipped "a team of four" into "a team on four".
            initial_prompt=(context or SpeechContext()).initial_prompt(language),
            # Silero VAD (bundled with faster-whisper) skips long silences; short clips need no cut.
            vad_filter=duration > 20, vad_parameters={"min_silence_duration_ms": 700},
        )
        segments = [
            Segment(
                start=round(s.start, 3), end=round(s.end, 3), text=s.text.strip(),
                words=[Word(round(w.start, 3), round(w.end, 3), w.word.strip(), round(float(w.probability), 4))
                       for w in (s.words or [])],
                avg_logprob=float(s.avg_logprob), no_speech_prob=float(s.no_speech_prob),
            )
            for s in segments_iter
            # Whisper's own verdict: silent stretches it still "heard" words in are dropped.
            if s.text.strip() and not (s.no_speech_prob > 0.8 and s.avg_logprob < -1.0)
        ]
    except (RuntimeError, ValueError) as exc:
        raise STTError("STT_ERROR", f"speech recognition failed: {exc}", retryable=True) from exc
    text = " ".join(s.text for s in segments).strip()
    return Transcript(text, info.language or language or "", round(duration, 3), segments, "local", model_name,
                      round(time.perf_counter() - started, 3))


# --- remote provider (OpenAI protocol) ---------------------------------------------------------------------------------

# Seed codes for what ai.openai_client.classify calls <PREFIX>_RATE_LIMIT / _INVALID_RESPONSE.
_CODE_MAP = {"STT_RATE_LIMIT": "STT_ERROR", "STT_INVALID_RESPONSE": "STT_ERROR",
             "TTS_RATE_LIMIT": "TTS_QUOTA_EXCEEDED", "TTS_INVALID_RESPONSE": "TTS_ERROR"}


def call_openai(fn, error_cls, prefix: str, capability: str, provider: str):
    """Run an SDK call with the shared retry policy (retryable failures only); seed error codes."""
    from ai.openai_client import call

    if not providers.endpoint(capability, provider).configured:
        raise error_cls(f"{prefix}_ERROR", f"The {provider} {capability} provider needs OPENAI_BASE_URL or OPENAI_API_KEY")
    try:
        return call(fn, error=error_cls, prefix=prefix)
    except error_cls as exc:
        if exc.code in _CODE_MAP:
            raise error_cls(_CODE_MAP[exc.code], exc.message, retryable=exc.retryable) from exc
        raise


def _get(obj, key, default=None):
    return obj.get(key, default) if isinstance(obj, dict) else getattr(obj, key, default)


def _openai(provider: str, data: bytes, duration: float, language: str | None, filename: str,
            context: SpeechContext | None = None) -> Transcript:
    import openai

    from ai import openai_client

    started = time.perf_counter()
    model = providers.endpoint("stt", provider).model

    def client():
        return openai_client.client("stt", provider)
    params = {"model": model, "file": (filename, data), "response_format": "verbose_json",
              "timestamp_granularities": ["word", "segment"]}
    if language:
        params["language"] = language
    prompt = (context or SpeechContext()).initial_prompt(None) if context else None
    if prompt:
        params["prompt"] = prompt

    def request():
        try:
            return client().audio.transcriptions.create(**params)
        except openai.BadRequestError:
            if params["response_format"] != "verbose_json":
                raise
            # Some servers (and newer OpenAI models) only speak plain json.
            params["response_format"] = "json"
            params.pop("timestamp_granularities")
            return client().audio.transcriptions.create(**params)

    result = call_openai(request, STTError, "STT", "stt", provider)
    if isinstance(result, str):
        text, raw_segments, raw_words, lang = result, [], [], None
    else:
        text = _get(result, "text", "") or ""
        raw_segments = _get(result, "segments") or []
        raw_words = _get(result, "words") or []
        lang = _get(result, "language")
    words = [Word(float(_get(w, "start", 0)), float(_get(w, "end", 0)), str(_get(w, "word", "")).strip(),
                  float(_get(w, "probability", 1.0) or 1.0)) for w in raw_words]
    segments = []
    for s in raw_segments:
        start, end = float(_get(s, "start", 0)), float(_get(s, "end", 0))
        segments.append(Segment(start, end, str(_get(s, "text", "")).strip(),
                                [w for w in words if start <= w.start < end or (w.start == end == start)],
                                avg_logprob=_get(s, "avg_logprob"), no_speech_prob=_get(s, "no_speech_prob")))
    if not segments and text.strip():
        segments = [Segment(0.0, duration, text.strip(), words)]
    lang = normalise_language(lang) if lang else language
    return Transcript(text.strip(), lang or "", round(duration, 3), segments, provider, model,
                      round(time.perf_counter() - started, 3))


# --- public API ------------------------------------------------------------------------------------

def transcribe(source: bytes | str | Path, *, language: str | None = None, engine: str | None = None,
               filename: str = "audio", context: SpeechContext | None = None) -> Transcript:
    """Transcribe a whole recording (any format ffmpeg decodes, at most 10 minutes). `context`
    (the question, the skill names of the posting and resume) biases recognition of domain words."""
    engine = engine or providers.engine("stt")
    language = normalise_language(language)
    data = audio_mod._read(source)
    decoded = audio_mod.decode(data)
    if not audio_mod.has_speech(decoded.samples, decoded.sample_rate):
        raise STTError("STT_NO_SPEECH", "no speech was detected in the recording")
    if providers.get("stt", engine).remote:
        name = filename if "." in filename else f"{filename}.{_extension(decoded.container)}"
        transcript = _openai(engine, data, decoded.duration, language, name, context)
    else:
        transcript = _local_samples(decoded.samples, language, context=context)
    if not transcript.text:
        raise STTError("STT_NO_SPEECH", "no words were recognised in the recording")
    return transcript


def transcribe_samples(samples: np.ndarray, *, language: str | None = None, engine: str | None = None,
                       fast: bool = False, context: SpeechContext | None = None) -> Transcript:
    """Transcribe 16 kHz mono float32 samples; returns an empty transcript for silence (no error)."""
    engine = engine or providers.engine("stt")
    language = normalise_language(language)
    if providers.get("stt", engine).remote:
        return _openai(engine, audio_mod.to_wav(samples, SAMPLE_RATE), samples.size / SAMPLE_RATE, language, "audio.wav",
                       context)
    return _local_samples(samples, language, fast=fast, context=context)


def _extension(container: str) -> str:
    for name in ("webm", "ogg", "mp3", "wav", "flac"):
        if name in container:
            return name
    return "m4a" if "mp4" in container else "wav"


# --- streaming -------------------------------------------------------------------------------------

class StreamingTranscriber:
    """Live transcription of 16-bit PCM chunks with an energy VAD.

    `feed()` returns interim events every ~1 s of speech (the current utterance re-transcribed)
    and a final event once 600 ms of silence closes an utterance; `flush()` finalises what is left.
    Transcription runs inside `feed()`: async callers should call it in a worker thread.
    """

    FRAME_MS = 30
    PREROLL_MS = 300
    INTERIM_EVERY_S = 1.0
    END_SILENCE_MS = 600
    MIN_UTTERANCE_S = 0.25
    MAX_UTTERANCE_S = 28.0  # Whisper's window; a longer monologue is finalised in pieces
    FINAL_FAST = False  # True: greedy final pass without word times (the live avatar trades them for latency)

    def __init__(self, language: str | None = None, sample_rate: int = SAMPLE_RATE, *, engine: str | None = None,
                 interim: bool = True, context: SpeechContext | None = None):
        self.language = normalise_language(language)
        self.context = context
        self.sample_rate = sample_rate
        self.engine = engine or providers.engine("stt")
        self.interim = interim
        self._frame = int(SAMPLE_RATE * self.FRAME_MS / 1000)
        self._pending = np.zeros(0, np.float32)  # not yet a whole frame
        self._preroll: list[np.ndarray] = []
        self._utterance: list[np.ndarray] = []
        self._in_speech = False
        self._silence_ms = 0
        self._speech_since_interim = 0.0
        self._noise_db = -60.0
        self._position = 0.0  # seconds of audio consumed
        self._utterance_start = 0.0
        self._last_interim = ""

    def feed(self, pcm16: bytes) -> list[TranscriptEvent]:
        samples = audio_mod.pcm16_to_float(pcm16)
        if self.sample_rate != SAMPLE_RATE:
            samples = audio_mod.resample(samples, self.sample_rate, SAMPLE_RATE)
        self._pending = np.concatenate([self._pending, samples])
        events: list[TranscriptEvent] = []
        while self._pending.size >= self._frame:
            frame, self._pending = self._pending[: self._frame], self._pending[self._frame:]
            event = self._frame_in(frame)
            if event:
                events.append(event)
        return events

    def flush(self) -> list[TranscriptEvent]:
        if self._pending.size and self._in_speech:
            self._utterance.append(self._pending)
        self._pending = np.zeros(0, np.float32)
        event = self._finish() if self._in_speech else None
        return [event] if event else []

    def _is_speech(self, frame: np.ndarray) -> bool:
        level = audio_mod.rms_dbfs(frame)
        speech = level > max(audio_mod.SILENCE_FLOOR_DB + 15, self._noise_db + 12)
        if not speech:  # the noise floor follows quiet frames quickly and loud ones never
            self._noise_db = 0.9 * self._noise_db + 0.1 * max(level, -90.0)
        return speech

    def _frame_in(self, frame: np.ndarray) -> TranscriptEvent | None:
        speech = self._is_speech(frame)
        self._position += frame.size / SAMPLE_RATE
        if not self._in_speech:
            self._preroll.append(frame)
            self._preroll = self._preroll[-(self.PREROLL_MS // self.FRAME_MS):]
            if speech:
                self._in_speech = True
                self._utterance = list(self._preroll)
                self._preroll = []
                self._utterance_start = self._position - len(self._utterance) * self.FRAME_MS / 1000
                self._silence_ms = 0
                self._speech_since_interim = 0.0
            return None
        self._utterance.append(frame)
        if speech:
            self._silence_ms = 0
            self._speech_since_interim += self.FRAME_MS / 1000
        else:
            self._silence_ms += self.FRAME_MS
        length = len(self._utterance) * self.FRAME_MS / 1000
        if self._silence_ms >= self.END_SILENCE_MS or length >= self.MAX_UTTERANCE_S:
            return self._finish()
        if self.interim and self._speech_since_interim >= self.INTERIM_EVERY_S:
            self._speech_since_interim = 0.0
            return self._interim()
        return None

    def _interim(self) -> TranscriptEvent | None:
        samples = np.concatenate(self._utterance)
        result = transcribe_samples(samples, language=self.language, engine=self.engine, fast=True,
                                    context=self.context)
        if not result.text or result.text == self._last_interim:
            return None
        self._last_interim = result.text
        return TranscriptEvent(result.text, False, round(result.confidence, 3), round(self._utterance_start, 3),
                               round(self._position, 3))

    def _finish(self) -> TranscriptEvent | None:
        frames = self._utterance
        # Trailing silence is what ended the utterance; Whisper does better without it.
        trailing = min(len(frames), self._silence_ms // self.FRAME_MS)
        speech_frames = frames[: len(frames) - trailing] if trailing < len(frames) else frames
        start, end = self._utterance_start, self._position - self._silence_ms / 1000
        self._in_speech, self._utterance, self._silence_ms, self._last_interim = False, [], 0, ""
        self._speech_since_interim = 0.0
        if len(speech_frames) * self.FRAME_MS / 1000 < self.MIN_UTTERANCE_S:
            return None
        result = transcribe_samples(np.concatenate(speech_frames), language=self.language, engine=self.engine,
                                    context=self.context, fast=self.FINAL_FAST)
        if not result.text:
            return None
        return TranscriptEvent(result.text, True, round(result.confidence, 3), round(start, 3), round(end, 3))


def warm_up(language: str | None = "ko") -> None:
    """Load (and for Korean assemble) the model now rather than on the first request."""
    _load("en" if normalise_language(language) == "en" else "multi")


__all__ = ["Word", "Segment", "Transcript", "TranscriptEvent", "StreamingTranscriber", "transcribe",
           "transcribe_samples", "warm_up", "SpeechContext"]
