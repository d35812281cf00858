"""Text to speech: `synthesize()` returns encoded audio plus word and phoneme timings for lip-sync.

Providers (ai.providers, capability `tts`): `local` is espeak-ng (Korean `ko`, English `en-us`; voice variants
such as `en-us+f3`) run through ai/espeak.py, which reports exact word and phoneme times;
a remote provider (`openai`) posts to `/audio/speech` and word times are estimated from character counts over the
voiced part of the audio (`timing_source` says which).

Results are cached by content: sha256 of (engine, model, voice, rate, pitch, format, sample rate,
text) names `tts-cache/<hash>.<ext>` in default storage with a JSON sidecar, so the same
question is synthesised once for every user and process.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field

import numpy as np
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from ai import audio as audio_mod
from ai import espeak, providers
from ai.errors import TTSError

MAX_TEXT_CHARS = 4096  # the OpenAI /audio/speech limit; longer texts are split by the caller
FORMATS = ("mp3", "wav", "opus", "pcm16")
EXTENSIONS = {"mp3": "mp3", "wav": "wav", "opus": "ogg", "pcm16": "pcm"}
CONTENT_TYPES = {"mp3": "audio/mpeg", "wav": "audio/wav", "opus": "audio/ogg", "pcm16": "audio/L16"}
LOCAL_VOICES = {"ko": "ko", "en": "en-us", "ja": "ja"}  # ja: the avatar (seed 001) accepts Japanese
OPENAI_DEFAULT_VOICE = "alloy"
OPENAI_PCM_RATE = 24_000  # OpenAI's `pcm` output: raw 16-bit little-endian mono at 24 kHz
ESPEAK_WPM = 175  # espeak-ng's default speed; `rate` multiplies it
CACHE_DIR = "tts-cache"
_VOICE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.+-]{0,39}$")  # espeak "en-us+f3", OpenAI "alloy"


@dataclass(frozen=True)
class WordTiming:
    start: float
    end: float
    word: str
    offset: int  # character offset of the word in the synthesised text
    exact: bool = True  # False: the engine gave no time for this word, so it was interpolated


@dataclass(frozen=True)
class PhonemeTiming:
    start: float
    end: float
    phoneme: str  # espeak mnemonic; "_" marks a pause


@dataclass(frozen=True)
class Speech:
    audio: bytes
    content_type: str
    fmt: str
    sample_rate: int
    duration: float
    timings: list[WordTiming]
    phonemes: list[PhonemeTiming] = field(default_factory=list)
    timing_source: str = "engine"  # "engine": reported by the synthesiser; "estimated": from character counts
    engine: str = "local"
    voice: str = ""
    language: str = ""
    cached: bool = False
    cache_name: str = ""  # storage name of the cached audio ("" when caching was off)


def _language(language: str) -> str:
    code = (language or "ko").strip().lower().split("-")[0]
    if code not in LOCAL_VOICES:
        raise TTSError("TTS_INVALID_TEXT", f"unsupported language {language!r}; use 'ko', 'en' or 'ja'")
    return code


def clean_text(text: str) -> str:
    if not isinstance(text, str):
        raise TTSError("TTS_INVALID_TEXT", "text must be a string")
    text = re.sub(r"\s+", " ", text).strip()
    if not text or not any(ch.isalnum() for ch in text):
        raise TTSError("TTS_INVALID_TEXT", "there is nothing to say")
    if len(text) > MAX_TEXT_CHARS:
        raise TTSError("TTS_INVALID_TEXT", f"text is {len(text)} characters; the limit is {MAX_TEXT_CHARS}")
    return text


def synthesize(text: str, *, language: str = "ko", voice: str | None = None, rate: float | None = None,
               pitch: int | None = None, fmt: str = "mp3", sample_rate: int | None = None,
               engine: str | None = None, cache: bool = True) -> Speech:
    """Speak `text`. rate: speed multiplier 0.5–2.0 (1.0 normal); pitch: 0–99 (50 normal, local only);
    sample_rate: output rate for wav/pcm16 (mp3 keeps the engine's, opus is 48 kHz)."""
    engine = engine or providers.engine("tts")
    remote = providers.get("tts", engine).remote
    text = clean_text(text)
    language = _language(language)
    if fmt not in FORMATS:
        raise TTSError("TTS_INVALID_PARAMS", f"unsupported format {fmt!r}; use one of {', '.join(FORMATS)}")
    rate = 1.0 if rate is None else float(rate)
    if not 0.5 <= rate <= 2.0:
        raise TTSError("TTS_INVALID_PARAMS", "rate must be between 0.5 and 2.0")
    pitch = 50 if pitch is None else int(pitch)
    if not 0 <= pitch <= 99:
        raise TTSError("TTS_INVALID_PARAMS", "pitch must be between 0 and 99")
    if sample_rate is not None and not 8000 <= int(sample_rate) <= 48000:
        raise TTSError("TTS_INVALID_PARAMS", "sample_rate must be between 8000 and 48000")
    if remote:
        voice = voice or OPENAI_DEFAULT_VOICE
        model = providers.endpoint("tts", engine).model
    else:
        voice = voice or LOCAL_VOICES[language]
        model = "espeak-ng"
    if not _VOICE_RE.match(voice):
        raise TTSError("TTS_INVALID_PARAMS", f"invalid voice name {voice!r}")

    key = hashlib.sha256(json.dumps(
        [engine, model, voice, language, round(rate, 3), pitch, fmt, sample_rate, text], ensure_ascii=False
    ).encode()).hexdigest()
    name = f"{CACHE_DIR}/{key}.{EXTENSIONS[fmt]}"
    if cache:
        hit = _cache_get(name)
        if hit:
            return hit
    if remote:
        speech = _openai(engine, text, voice, model, rate, fmt, sample_rate, language)
    else:
        speech = _local(text, voice, rate, pitch, fmt, sample_rate, language)
    if cache:
        _cache_put(name, speech)
        speech = Speech(**{**_fields(speech), "cache_name": name})
    return speech


# --- local engine ----------------------------------------------------------------------------------

def _local(text: str, voice: str, rate: float, pitch: int, fmt: str, sample_rate: int | None,
           language: str) -> Speech:
    try:
        result = espeak.synthesize(text, voice, int(round(ESPEAK_WPM * rate)), pitch)
    except TimeoutError as exc:
        raise TTSError("TTS_TIMEOUT", str(exc), retryable=True) from exc
    except espeak.EspeakFailure as exc:
        code = "TTS_INVALID_PARAMS" if "voice" in str(exc) else "TTS_ERROR"
        raise TTSError(code, f"espeak-ng failed: {exc}") from exc
    except OSError as exc:
        raise TTSError("TTS_ERROR", f"cannot run espeak-ng: {exc}") from exc
    samples = audio_mod.pcm16_to_float(result.pcm16)
    if samples.size == 0:
        raise TTSError("TTS_ERROR", "espeak-ng produced no audio")
    duration = samples.size / result.sample_rate
    words, phonemes = _espeak_timings(text, result, duration)
    source = "engine"
    if not words:
        words, source = estimate_word_timings(text, samples, result.sample_rate), "estimated"
    return _encode(samples, result.sample_rate, fmt, sample_rate, words, phonemes, source, "local", voice, language)


WORD_RE = re.compile(r"\w[\w'’.@-]*\w|\w")


def _espeak_timings(text: str, result: espeak.EspeakResult, duration: float):
    """Word times from espeak's word events. espeak sometimes speaks two words as one unit and
    reports one event; the unreported words share that span in proportion to their length."""
    raw = sorted(result.phonemes, key=lambda p: p["start_ms"])
    phonemes = [PhonemeTiming(round(p["start_ms"] / 1000, 3),
                              round((raw[i + 1]["start_ms"] if i + 1 < len(raw) else duration * 1000) / 1000, 3),
                              p["phoneme"]) for i, p in enumerate(raw)]
    tokens = [(m.start(), m.end(), m.group()) for m in WORD_RE.finditer(text)]
    starts: list[float | None] = []
    for begin, end, _ in tokens:
        hits = [e["start_ms"] / 1000 for e in result.words if begin <= e["char"] < end]
        starts.append(min(hits) if hits else None)
    if not any(s is not None for s in starts):
        return [], phonemes
    if starts[0] is None:
        starts[0] = 0.0
    words: list[WordTiming] = []
    i = 0
    while i < len(tokens):
        j = i + 1  # tokens[i] is timed; tokens[i+1:j] are not
        while j < len(tokens) and starts[j] is None:
            j += 1
        start = starts[i]
        limit = starts[j] if j < len(tokens) else duration
        # The group ends where its last sounding phoneme ends, not at the pause that follows it.
        own = [p for p in phonemes if start <= p.start < limit and not p.phoneme.startswith("_")]
        end = max(start, min(limit, own[-1].end) if own else limit)
        group = tokens[i:j]
        total = sum(len(t[2]) for t in group)
        cursor = start
        for k, (offset, _, word) in enumerate(group):
            word_end = end if k == len(group) - 1 else cursor + (end - start) * len(word) / total
            words.append(WordTiming(round(cursor, 3), round(word_end, 3), word, offset, exact=k == 0))
            cursor = word_end
        i = j
    return words, phonemes


def estimate_word_timings(text: str, samples: np.ndarray, sample_rate: int) -> list[WordTiming]:
    """Spread the words over the voiced span in proportion to their length (no engine timings)."""
    matches = list(WORD_RE.finditer(text))
    if not matches or samples.size == 0:
        return []
    activity = audio_mod.speech_activity(samples, sample_rate)
    start = activity.speech[0].start if activity.speech else 0.0
    end = activity.speech[-1].end if activity.speech else samples.size / sample_rate
    weights = [len(m.group()) + 1 for m in matches]  # +1: the gap after each word
    scale = (end - start) / sum(weights)
    timings, cursor = [], start
    for m, weight in zip(matches, weights):
        timings.append(WordTiming(round(cursor, 3), round(cursor + (weight - 1) * scale, 3), m.group(), m.start(),
                                  exact=False))
        cursor += weight * scale
    return timings


def _encode(samples: np.ndarray, rate: int, fmt: str, sample_rate: int | None, words, phonemes, source: str,
            engine: str, voice: str, language: str) -> Speech:
    if fmt in ("wav", "pcm16"):
        out_rate = sample_rate or (OPENAI_PCM_RATE if fmt == "pcm16" else rate)
        samples, rate = audio_mod.resample(samples, rate, out_rate), out_rate
    try:
        data = audio_mod.encode(samples, rate, fmt)
    except (ValueError, OSError) as exc:
        raise TTSError("TTS_ERROR", f"cannot encode {fmt}: {exc}") from exc
    out_rate = 48_000 if fmt == "opus" else rate  # Opus always runs at 48 kHz
    return Speech(data, CONTENT_TYPES[fmt], fmt, out_rate, round(samples.size / rate, 3), words, phonemes, source,
                  engine, voice, language)


# --- remote provider (OpenAI protocol) ---------------------------------------------------------------------------------

def _openai(provider: str, text: str, voice: str, model: str, rate: float, fmt: str, sample_rate: int | None,
            language: str) -> Speech:
    from ai.openai_client import client
    from ai.stt import call_openai

    response_format = {"pcm16": "pcm"}.get(fmt, fmt)
    data = call_openai(lambda: client("tts", provider).audio.speech.create(
        model=model, voice=voice, input=text, response_format=response_format, speed=rate).read(), TTSError, "TTS", "tts", provider)
    if not data:
        raise TTSError("TTS_ERROR", "the speech service returned no audio", retryable=True)
    try:
        if fmt == "pcm16":
            samples, native = audio_mod.pcm16_to_float(data), OPENAI_PCM_RATE
        else:
            decoded = audio_mod.decode(data, sample_rate=OPENAI_PCM_RATE, max_seconds=None)
            samples, native = decoded.samples, decoded.sample_rate
    except Exception as exc:  # noqa: BLE001 - any decoding failure means the server sent something unusable
        raise TTSError("TTS_ERROR", f"the speech service returned unreadable audio: {exc}", retryable=True) from exc
    words = estimate_word_timings(text, samples, native)
    if fmt == "pcm16" and sample_rate and sample_rate != OPENAI_PCM_RATE:
        return _encode(samples, native, fmt, sample_rate, words, [], "estimated", provider, voice, language)
    # Keep the provider's own encoding; only measure it.
    out_rate = OPENAI_PCM_RATE if fmt == "pcm16" else _probe_rate(data, native)
    return Speech(data, CONTENT_TYPES[fmt], fmt, out_rate, round(samples.size / native, 3), words, [], "estimated",
                  provider, voice, language)


def _probe_rate(data: bytes, default: int) -> int:
    import io

    import av

    try:
        with av.open(io.BytesIO(data)) as container:
            return int(container.streams.audio[0].rate or default)
    except (av.FFmpegError, IndexError):
        return default


# --- cache -----------------------------------------------------------------------------------------

def _fields(speech: Speech) -> dict:
    return {f: getattr(speech, f) for f in speech.__dataclass_fields__}


def _cache_get(name: str) -> Speech | None:
    sidecar = name.rsplit(".", 1)[0] + ".json"
    try:
        if not default_storage.exists(sidecar) or not default_storage.exists(name):
            return None
        with default_storage.open(sidecar, "rb") as fh:
            meta = json.loads(fh.read())
        with default_storage.open(name, "rb") as fh:
            data = fh.read()
    except (OSError, ValueError):
        return None  # a damaged entry is simply synthesised again
    return Speech(
        data, meta["content_type"], meta["fmt"], meta["sample_rate"], meta["duration"],
        [WordTiming(**w) for w in meta["timings"]], [PhonemeTiming(**p) for p in meta["phonemes"]],
        meta["timing_source"], meta["engine"], meta["voice"], meta["language"], True, name,
    )


def _cache_put(name: str, speech: Speech) -> None:
    sidecar = name.rsplit(".", 1)[0] + ".json"
    meta = {k: v for k, v in asdict(speech).items() if k not in ("audio", "cached", "cache_name")}
    try:
        _save(name, speech.audio)
        # The sidecar is written last: its presence marks a complete entry.
        _save(sidecar, json.dumps(meta, ensure_ascii=False).encode())
    except OSError:
        pass  # caching is an optimisation; the caller still gets its audio


def _save(name: str, data: bytes) -> None:
    if default_storage.exists(name):
        default_storage.delete(name)
    saved = default_storage.save(name, ContentFile(data))
    if saved != name:  # another process wrote the same entry meanwhile; identical content, keep theirs
        default_storage.delete(saved)


def cache_clear() -> int:
    """Remove every cached utterance (e.g. after changing voices); returns how many files went."""
    try:
        _, files = default_storage.listdir(CACHE_DIR)
    except (OSError, FileNotFoundError):
        return 0
    for f in files:
        default_storage.delete(f"{CACHE_DIR}/{f}")
    return len(files)


__all__ = ["Speech", "WordTiming", "PhonemeTiming", "synthesize", "estimate_word_timings", "cache_clear"]
