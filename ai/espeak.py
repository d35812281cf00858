"""espeak-ng synthesis with exact word and phoneme timings, run in a child process.

The espeak-ng command line cannot report when each word is spoken, but its library (the same
libespeak-ng.so.1 the CLI uses) calls back with word and phoneme events stamped in milliseconds.
The library keeps global state and is not thread-safe, so `synthesize()` runs this file as
`python -m ai.espeak` in a subprocess: a request as JSON on stdin, and on stdout a 4-byte length,
a JSON header (sample rate, events) and the raw 16-bit PCM. This module imports nothing from
Django so the child starts in a few tens of milliseconds.
"""
from __future__ import annotations

import ctypes
import json
import struct
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

AUDIO_OUTPUT_SYNCHRONOUS = 2
INITIALIZE_PHONEME_EVENTS = 0x0001
INITIALIZE_DONT_EXIT = 0x8000
EVENT_LIST_TERMINATED, EVENT_WORD, EVENT_SENTENCE, EVENT_END, EVENT_PHONEME = 0, 1, 2, 5, 7
PARAM_RATE, PARAM_PITCH = 1, 3
POS_CHARACTER, CHARS_UTF8 = 1, 1
PROJECT_DIR = Path(__file__).resolve().parent.parent


class EspeakFailure(Exception):
    pass


@dataclass(frozen=True)
class EspeakResult:
    pcm16: bytes
    sample_rate: int
    words: list[dict]  # {"start_ms", "char", "length"}: character offsets into the text
    phonemes: list[dict]  # {"start_ms", "phoneme", "char"}


def synthesize(text: str, voice: str, rate_wpm: int, pitch: int, *, timeout: float = 60.0) -> EspeakResult:
    request = json.dumps({"text": text, "voice": voice, "rate": rate_wpm, "pitch": pitch}).encode()
    try:
        proc = subprocess.run([sys.executable, "-m", "ai.espeak"], input=request, capture_output=True,
                              cwd=PROJECT_DIR, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise TimeoutError(f"espeak-ng took longer than {timeout:.0f} s") from exc
    if proc.returncode != 0 or len(proc.stdout) < 4:
        raise EspeakFailure(proc.stderr.decode("utf-8", "replace").strip()[-500:] or f"exit {proc.returncode}")
    (length,) = struct.unpack(">I", proc.stdout[:4])
    header = json.loads(proc.stdout[4:4 + length])
    return EspeakResult(proc.stdout[4 + length:], header["sample_rate"], header["words"], header["phonemes"])


class _EventId(ctypes.Union):
    _fields_ = [("number", ctypes.c_int), ("name", ctypes.c_char_p), ("string", ctypes.c_char * 8)]


class _Event(ctypes.Structure):
    # espeak_EVENT from speak_lib.h
    _fields_ = [("type", ctypes.c_int), ("unique_identifier", ctypes.c_uint), ("text_position", ctypes.c_int),
                ("length", ctypes.c_int), ("audio_position", ctypes.c_int), ("sample", ctypes.c_int),
                ("user_data", ctypes.c_void_p), ("id", _EventId)]


_Callback = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_Event))


def _child() -> int:
    request = json.loads(sys.stdin.buffer.read())
    lib = ctypes.CDLL("libespeak-ng.so.1")
    pcm = bytearray()
    words: list[dict] = []
    phonemes: list[dict] = []

    def on_audio(wav, count, events):
        if count > 0:
            pcm.extend(ctypes.string_at(wav, count * 2))
        i = 0
        while events[i].type != EVENT_LIST_TERMINATED:
            event = events[i]
            if event.type == EVENT_WORD:
                words.append({"start_ms": event.audio_position, "char": event.text_position - 1,
                              "length": event.length})
            elif event.type == EVENT_PHONEME:
                phonemes.append({"start_ms": event.audio_position, "char": event.text_position - 1,
                                 "phoneme": event.id.string.decode("utf-8", "replace")})
            i += 1
        return 0

    callback = _Callback(on_audio)
    sample_rate = lib.espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, None,
                                        INITIALIZE_PHONEME_EVENTS | INITIALIZE_DONT_EXIT)
    if sample_rate <= 0:
        sys.stderr.write("espeak-ng could not start (is espeak-ng-data installed?)")
        return 3
    lib.espeak_SetSynthCallback(callback)
    if lib.espeak_SetVoiceByName(request["voice"].encode()) != 0:
        sys.stderr.write(f"unknown espeak-ng voice {request['voice']!r}")
        return 4
    lib.espeak_SetParameter(PARAM_RATE, int(request["rate"]), 0)
    lib.espeak_SetParameter(PARAM_PITCH, int(request["pitch"]), 0)
    text = request["text"].encode("utf-8")
    status = lib.espeak_Synth(ctypes.c_char_p(text), len(text) + 1, 0, POS_CHARACTER, 0, CHARS_UTF8, None, None)
    lib.espeak_Synchronize()
    if status != 0:
        sys.stderr.write(f"espeak_Synth failed with status {status}")
        return 5
    header = json.dumps({"sample_rate": sample_rate, "words": words, "phonemes": phonemes}).encode()
    out = sys.stdout.buffer
    out.write(struct.pack(">I", len(header)))
    out.write(header)
    out.write(bytes(pcm))
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(_child())
