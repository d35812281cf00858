"""Audio in and out: decode any browser or file audio with PyAV (bundled ffmpeg) to 16 kHz mono
float32, encode PCM to WAV / MP3 / Opus, and measure loudness, speech and pauses.

Every decoding failure is an `STTError` with a seed code, so callers never see an ffmpeg error.
"""
from __future__ import annotations

import io
import math
import wave
from dataclasses import dataclass, field
from pathlib import Path

import av
import numpy as np

from ai.errors import STTError

TARGET_RATE = 16_000
MAX_AUDIO_SECONDS = 600.0  # answers longer than 10 minutes are refused before transcription
SILENCE_FLOOR_DB = -60.0  # frames quieter than this are silence whatever the recording's noise floor

# Output formats: (container, codec, content type, codec sample rates it accepts)
FORMATS = {
    "mp3": ("mp3", "libmp3lame", "audio/mpeg", (8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000)),
    "opus": ("ogg", "libopus", "audio/ogg", (48000, 24000, 16000, 12000, 8000)),
    "webm": ("webm", "libopus", "audio/webm", (48000, 24000, 16000, 12000, 8000)),
    "m4a": ("ipod", "aac", "audio/mp4", (8000, 16000, 22050, 24000, 32000, 44100, 48000)),
}
CONTENT_TYPES = {"wav": "audio/wav", "pcm16": "audio/L16", **{k: v[2] for k, v in FORMATS.items()}}


@dataclass(frozen=True)
class DecodedAudio:
    samples: np.ndarray  # float32 mono in [-1, 1]
    sample_rate: int
    duration: float  # seconds
    codec: str = ""
    container: str = ""


@dataclass(frozen=True)
class Region:
    start: float
    end: float

    @property
    def duration(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class SpeechActivity:
    """What delivery analytics need: how much was spoken and where the pauses were."""
    total_seconds: float
    speech_seconds: float
    speech: list[Region] = field(default_factory=list)
    pauses: list[Region] = field(default_factory=list)  # silences between speech regions only

    @property
    def longest_pause(self) -> float:
        return max((p.duration for p in self.pauses), default=0.0)

    def long_pauses(self, min_seconds: float = 2.0) -> list[Region]:
        return [p for p in self.pauses if p.duration >= min_seconds]


def _read(source: bytes | bytearray | memoryview | str | Path) -> bytes:
    if isinstance(source, (str, Path)):
        try:
            return Path(source).read_bytes()
        except OSError as exc:
            raise STTError("STT_INVALID_AUDIO", f"cannot read audio file: {exc.strerror}") from exc
    return bytes(source)


def decode(source: bytes | str | Path, *, sample_rate: int = TARGET_RATE,
           max_seconds: float | None = MAX_AUDIO_SECONDS) -> DecodedAudio:
    """Decode webm/opus, ogg, mp3, m4a, wav, flac … (anything ffmpeg reads) to mono float32."""
    data = _read(source)
    if not data:
        raise STTError("STT_INVALID_AUDIO", "the audio file is empty")
    limit = max_seconds if max_seconds is not None else math.inf
    chunks: list[np.ndarray] = []
    total = 0
    try:
        with av.open(io.BytesIO(data), mode="r") as container:
            if not container.streams.audio:
                raise STTError("STT_INVALID_AUDIO", "the file has no audio track")
            stream = container.streams.audio[0]
            declared = float(container.duration) / av.time_base if container.duration else 0.0
            if declared > limit + 1:
                raise STTError("STT_AUDIO_TOO_LONG", f"audio is {declared:.0f} s long; the limit is {limit:.0f} s")
            resampler = av.AudioResampler(format="flt", layout="mono", rate=sample_rate)
            for frame in container.decode(stream):
                for out in resampler.resample(frame):
                    chunk = out.to_ndarray().reshape(-1)
                    chunks.append(chunk)
                    total += chunk.size
                # Declared durations can lie (e.g. MediaRecorder webm has none), so count as we go.
                if total > (limit + 1) * sample_rate:
                    raise STTError("STT_AUDIO_TOO_LONG", f"audio is longer than the limit of {limit:.0f} s")
            for out in resampler.resample(None):
                chunks.append(out.to_ndarray().reshape(-1))
            codec = stream.codec_context.name
            container_name = container.format.name
    except STTError:
        raise
    except (av.FFmpegError, ValueError, IndexError, EOFError, OSError) as exc:
        raise STTError("STT_INVALID_AUDIO", f"the audio could not be decoded: {exc}") from exc
    samples = np.concatenate(chunks).astype(np.float32, copy=False) if chunks else np.zeros(0, np.float32)
    if samples.size == 0:
        raise STTError("STT_INVALID_AUDIO", "the audio contains no samples")
    np.clip(samples, -1.0, 1.0, out=samples)
    return DecodedAudio(samples, sample_rate, samples.size / sample_rate, codec, container_name)


def duration(source: bytes | str | Path) -> float:
    """Seconds of audio, measured by decoding (container headers are often missing or wrong)."""
    return decode(source, max_seconds=None).duration


# --- PCM conversions -------------------------------------------------------------------------------

def pcm16_to_float(pcm: bytes) -> np.ndarray:
    if len(pcm) % 2:
        pcm = pcm[:-1]
    return np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0


def float_to_pcm16(samples: np.ndarray) -> bytes:
    clipped = np.clip(np.asarray(samples, dtype=np.float32), -1.0, 1.0)
    return (clipped * 32767.0).round().astype("<i2").tobytes()


def resample(samples: np.ndarray, from_rate: int, to_rate: int) -> np.ndarray:
    """Band-limited resampling through ffmpeg's swresample (mono float32)."""
    if from_rate == to_rate or samples.size == 0:
        return np.asarray(samples, dtype=np.float32)
    frame = av.AudioFrame.from_ndarray(np.asarray(samples, np.float32).reshape(1, -1), format="flt", layout="mono")
    frame.sample_rate = from_rate
    resampler = av.AudioResampler(format="flt", layout="mono", rate=to_rate)
    out = [f.to_ndarray().reshape(-1) for f in resampler.resample(frame)]
    out += [f.to_ndarray().reshape(-1) for f in resampler.resample(None)]
    return np.concatenate(out).astype(np.float32) if out else np.zeros(0, np.float32)


def to_wav(samples: np.ndarray, sample_rate: int) -> bytes:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(sample_rate)
        w.writeframes(float_to_pcm16(samples))
    return buf.getvalue()


def encode(samples: np.ndarray, sample_rate: int, fmt: str = "wav", *, bitrate: int | None = None) -> bytes:
    """Encode mono float32 PCM as wav, pcm16 (raw little-endian), mp3, opus (Ogg), webm (Opus) or m4a."""
    if fmt == "wav":
        return to_wav(samples, sample_rate)
    if fmt == "pcm16":
        return float_to_pcm16(samples)
    if fmt not in FORMATS:
        raise ValueError(f"unsupported audio format {fmt!r}")
    container_fmt, codec, _, rates = FORMATS[fmt]
    rate = sample_rate if sample_rate in rates else rates[0]
    samples = resample(samples, sample_rate, rate)
    buf = io.BytesIO()
    with av.open(buf, mode="w", format=container_fmt) as container:
        stream = container.add_stream(codec, rate=rate, layout="mono")
        stream.bit_rate = bitrate or (64_000 if codec != "libopus" else 32_000)
        # PyAV re-chunks and converts frames to the encoder's sample format and frame size itself.
        for start in range(0, samples.size, 4096):
            chunk = np.ascontiguousarray(samples[start:start + 4096]).reshape(1, -1)
            frame = av.AudioFrame.from_ndarray(chunk, format="flt", layout="mono")
            frame.sample_rate = rate
            frame.pts = start
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return buf.getvalue()


# --- Loudness, speech and pauses -----------------------------------------------------------------

def rms(samples: np.ndarray) -> float:
    if samples.size == 0:
        return 0.0
    return float(np.sqrt(np.mean(np.square(samples, dtype=np.float64))))


def to_dbfs(value: float) -> float:
    return 20.0 * math.log10(value) if value > 1e-10 else -200.0


def rms_dbfs(samples: np.ndarray) -> float:
    return to_dbfs(rms(samples))


def frame_energies(samples: np.ndarray, sample_rate: int, frame_ms: int = 30) -> np.ndarray:
    """dBFS of each non-overlapping frame."""
    size = max(1, int(sample_rate * frame_ms / 1000))
    count = samples.size // size
    if count == 0:
        return np.zeros(0)
    frames = samples[: count * size].reshape(count, size).astype(np.float64)
    power = np.sqrt(np.mean(frames * frames, axis=1))
    return 20.0 * np.log10(np.maximum(power, 1e-10))


def speech_threshold(energies: np.ndarray) -> float:
    """Adaptive: a speech frame stands well above the recording's own noise floor."""
    if energies.size == 0:
        return SILENCE_FLOOR_DB
    floor = float(np.percentile(energies, 10))
    peak = float(np.percentile(energies, 95))
    if peak - floor < 6.0:  # flat signal: silence or steady noise when quiet, all speech when loud
        return peak + 1.0 if peak < -30.0 else floor - 1.0
    return max(SILENCE_FLOOR_DB, min(floor + 10.0, peak - 15.0))


def speech_activity(samples: np.ndarray, sample_rate: int = TARGET_RATE, *, frame_ms: int = 30,
                    min_pause: float = 0.3, min_speech: float = 0.1) -> SpeechActivity:
    """Energy VAD: speech regions (gaps shorter than `min_pause` bridged) and the pauses between them."""
    total = samples.size / sample_rate if sample_rate else 0.0
    energies = frame_energies(samples, sample_rate, frame_ms)
    if energies.size == 0:
        return SpeechActivity(total, 0.0)
    voiced = energies > speech_threshold(energies)
    step = frame_ms / 1000
    regions: list[Region] = []
    start = None
    for i, v in enumerate(np.append(voiced, False)):
        if v and start is None:
            start = i
        elif not v and start is not None:
            regions.append(Region(start * step, i * step))
            start = None
    merged: list[Region] = []
    for region in regions:
        if merged and region.start - merged[-1].end < min_pause:
            merged[-1] = Region(merged[-1].start, region.end)
        else:
            merged.append(region)
    speech = [r for r in merged if r.duration >= min_speech]
    pauses = [Region(a.end, b.start) for a, b in zip(speech, speech[1:])]
    return SpeechActivity(total, sum(r.duration for r in speech), speech, pauses)


def has_speech(samples: np.ndarray, sample_rate: int = TARGET_RATE) -> bool:
    return speech_activity(samples, sample_rate).speech_seconds > 0
