"""Test media made on the spot: espeak-ng speech, rendered resume images and PDFs, error metrics."""
from __future__ import annotations

import io
import re
import struct
import unicodedata
import wave
import zlib

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from tests.factories import digital_pdf, scanned_pdf, speech_wav  # noqa: F401 - the builders, as `media.` names

NOTO_CJK = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
NOTO_KR_INDEX = 1  # the .ttc's Korean face (Noto Sans CJK KR)

ENGLISH_ANSWERS = [
    "In my last project I was responsible for rebuilding our payment service with five engineers.",
    "We reduced the average response time from two seconds to less than half a second.",
    "When two colleagues disagreed about the design, I organized a meeting to compare both options.",
    "I learned that writing clear documentation early saves the whole team a lot of time.",
    "My biggest weakness was public speaking, so I joined a club to practice every week.",
]
KOREAN_ANSWER = "저는 백엔드 개발자로 일하면서 결제 시스템의 응답 시간을 절반으로 줄였습니다."

RESUME_LINES = [
    "이력서 - 김지훈 (Backend Engineer)",
    "연락처: jihoon.kim@example.com / 010-1234-5678",
    "경력: 네이버 클라우드 3년, Python Django 개발",
    "주요 성과: 결제 API 응답 시간 40% 단축",
    "기술 스택: PostgreSQL, Redis, Docker, AWS",
    "학력: 서울대학교 컴퓨터공학과 졸업 (2019)",
    "자격증: 정보처리기사, AWS Solutions Architect",
]


# --- audio -----------------------------------------------------------------------------------------

def espeak_wav(text: str, voice: str = "en-us", speed: int = 160) -> bytes:
    """espeak-ng's own CLI (independent of ai.tts) so STT tests do not test TTS with itself."""
    return speech_wav(text, voice, speed)


def wav_bytes(samples: np.ndarray, rate: int) -> bytes:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
    return buf.getvalue()


def silence(seconds: float, rate: int = 16000) -> np.ndarray:
    return np.zeros(int(seconds * rate), np.float32)


# --- metrics ---------------------------------------------------------------------------------------

def _levenshtein(a: list, b: list) -> int:
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


NUMBER_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
                "fifteen sixteen seventeen eighteen nineteen twenty").split()


def normalise(text: str) -> str:
    """Lower case, no punctuation, small numbers as words (Whisper writes "5" for "five")."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"[^\w\s']|_", " ", text)
    words = [NUMBER_WORDS[int(w)] if w.isdigit() and int(w) <= 20 else w for w in text.split()]
    return " ".join(words)


def wer(reference: str, hypothesis: str) -> float:
    ref, hyp = normalise(reference).split(), normalise(hypothesis).split()
    return _levenshtein(ref, hyp) / max(1, len(ref))


def cer(reference: str, hypothesis: str) -> float:
    """Character error rate ignoring whitespace: Tesseract and Whisper space Korean inconsistently."""
    ref = re.sub(r"\s+", "", unicodedata.normalize("NFKC", reference))
    hyp = re.sub(r"\s+", "", unicodedata.normalize("NFKC", hypothesis))
    return _levenshtein(list(ref), list(hyp)) / max(1, len(ref))


def iou(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    """Intersection over union of two (x, y, w, h) boxes."""
    ax2, ay2, bx2, by2 = a[0] + a[2], a[1] + a[3], b[0] + b[2], b[1] + b[3]
    w = max(0.0, min(ax2, bx2) - max(a[0], b[0]))
    h = max(0.0, min(ay2, by2) - max(a[1], b[1]))
    inter = w * h
    union = a[2] * a[3] + b[2] * b[3] - inter
    return inter / union if union else 0.0


# --- images and PDFs -------------------------------------------------------------------------------

def render_lines(lines: list[str], *, size: int = 36, width: int = 1700, margin: int = 80):
    """White page with the lines drawn in Noto Sans CJK KR; returns (image, font, line origins)."""
    font = ImageFont.truetype(NOTO_CJK, size, index=NOTO_KR_INDEX)
    step = int(size * 1.9)
    image = Image.new("L", (width, margin * 2 + step * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    origins = []
    for i, line in enumerate(lines):
        origin = (margin, margin + step * i)
        draw.text(origin, line, font=font, fill=0)
        origins.append(origin)
    return image, font, origins


def word_box(image: Image.Image, font, origin: tuple[int, int], line: str, word: str) -> tuple[int, int, int, int]:
    """Where Pillow drew `word` inside `line` (ink bounding box as x, y, w, h)."""
    start = line.index(word)
    x = origin[0] + font.getlength(line[:start])
    left, top, right, bottom = ImageDraw.Draw(image).textbbox((x, origin[1]), word, font=font)
    return (left, top, right - left, bottom - top)


def png_bytes(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


def png_header(width: int, height: int) -> bytes:
    """A PNG whose header declares width×height (a decompression bomb never needs its pixels)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def hangul_ratio(text: str) -> float:
    letters = [ch for ch in text if ch.isalpha()]
    return sum(1 for ch in letters if "\uac00" <= ch <= "\ud7a3") / max(1, len(letters))
