"""Mouth shapes over time, from espeak-ng phoneme events or, without them, from audio energy."""
from __future__ import annotations

import numpy as np

from ai import audio as audio_mod

# espeak-ng phoneme mnemonics (Korean, English and Japanese voices) by their leading symbols.
_PREFIX = [
    ("tS", "s"), ("dZ", "s"), ("ts", "s"), ("dz", "s"),
    ("_", "rest"), ("p", "mbp"), ("b", "mbp"), ("m", "mbp"),
    ("f", "fv"), ("v", "fv"),
    ("a", "aa"), ("A", "aa"), ("V", "aa"), ("{", "aa"), ("6", "aa"), ("aI", "aa"), ("aU", "aa"),
    ("e", "ee"), ("E", "ee"), ("@", "ee"), ("3", "ee"),
    ("i", "ih"), ("I", "ih"), ("j", "ih"), ("y", "ih"),
    ("o", "oh"), ("O", "oh"), ("0", "oh"),
    ("u", "uw"), ("U", "uw"), ("w", "uw"), ("W", "uw"), ("M", "uw"),
    ("l", "l"), ("r", "l"), ("n", "l"), ("t", "l"), ("d", "l"), ("T", "l"), ("D", "l"), ("N", "ih"),
    ("s", "s"), ("z", "s"), ("S", "s"), ("Z", "s"), ("c", "s"), ("C", "s"),
    ("k", "ih"), ("g", "ih"), ("h", "ih"), ("x", "ih"), ("q", "ih"),
]
_PREFIX.sort(key=lambda item: -len(item[0]))
MIN_SEGMENT = 0.04  # one frame at 25 fps


def viseme_for(phoneme: str) -> str:
    for prefix, viseme in _PREFIX:
        if phoneme.startswith(prefix):
            return viseme
    return "ih"


def from_phonemes(phonemes, duration: float) -> list[tuple[float, float, str]]:
    """[(start, end, viseme)] from ai.tts PhonemeTiming events; very short segments merge forward."""
    track: list[tuple[float, float, str]] = []
    for p in phonemes:
        start, end = float(p.start), min(float(p.end), duration)
        if end <= start:
            continue
        vis = viseme_for(p.phoneme)
        if track and (track[-1][2] == vis or end - start < MIN_SEGMENT / 2):
            track[-1] = (track[-1][0], end, track[-1][2])
        else:
            track.append((start, end, vis))
    return [(round(s, 3), round(e, 3), v) for s, e, v in track]


def from_energy(samples: np.ndarray, sample_rate: int) -> list[tuple[float, float, str]]:
    """Mouth opening follows loudness per 40 ms frame (for engines that give no phoneme times)."""
    energies = audio_mod.frame_energies(samples, sample_rate, frame_ms=40)
    if energies.size == 0:
        return []
    peak = float(np.max(energies))  # dBFS
    track: list[tuple[float, float, str]] = []
    for i, level in enumerate(energies):
        below = peak - float(level)
        vis = "rest" if below > 30 else "ih" if below > 16 else "ee" if below > 8 else "aa"
        start, end = i * 0.04, (i + 1) * 0.04
        if track and track[-1][2] == vis:
            track[-1] = (track[-1][0], end, vis)
        else:
            track.append((start, end, vis))
    return [(round(s, 3), round(e, 3), v) for s, e, v in track]
