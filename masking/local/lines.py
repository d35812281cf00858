"""Words → lines of text whose characters map back to the words (and so to boxes).

Rules run as regular expressions over a line's text; a match's character span names the words
it touches, and their boxes (whole words: a partly matched word is masked whole) give the
item's box. OCR look-alikes inside number-like words (O→0, l→1) are read as digits, and dashes
and full-width forms are folded, one character for one so the spans still line up.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from masking.types import Word
from masking.local.boxes import Box, union

_FOLD = str.maketrans({
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-", "－": "-",
    "：": ":", "，": ",", "．": ".", "＠": "@", "（": "(", "）": ")", "＋": "+", "　": " ",
    **{chr(0xFF10 + d): str(d) for d in range(10)},
})
_NUMBERISH = re.compile(r"^[\dOoIl|\-.+()/]+$")
_DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "|": "1"})


def fold(text: str) -> str:
    text = text.translate(_FOLD)
    if _NUMBERISH.match(text) and sum(ch.isdigit() for ch in text) >= 3:
        text = text.translate(_DIGIT_LOOKALIKES)
    return text


@dataclass
class Line:
    text: str
    words: list[Word]
    spans: list[tuple[int, int]]  # character span of each word in `text`

    def words_in(self, start: int, end: int) -> list[Word]:
        return [w for w, (a, b) in zip(self.words, self.spans) if a < end and b > start]

    def box(self, start: int, end: int) -> Box | None:
        words = self.words_in(start, end)
        return union([w.box for w in words]) if words else None

    def visible(self, start: int, end: int) -> bool:
        return any(w.visible for w in self.words_in(start, end))


def _chains(words: list[Word]) -> list[list[Word]]:
    """Words chained left to right to a level neighbour close by (runs of one line)."""
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.box[0], w.box[1])):
        centre = word.box[1] + word.box[3] / 2
        best, best_distance = None, None
        for row in rows:
            last = row[-1]
            gap = word.box[0] - (last.box[0] + last.box[2])
            if gap < -0.5 * word.box[2] or gap > 2 * max(last.box[3], word.box[3]):
                continue
            distance = abs(last.box[1] + last.box[3] / 2 - centre)
            if distance <= 0.5 * max(last.box[3], word.box[3]) and (best is None or distance < best_distance):
                best, best_distance = row, distance
        if best is None:
            rows.append([word])
        else:
            best.append(word)
    return rows


def _skew(words: list[Word]) -> float:
    """The page's text slope (dy/dx), from neighbouring words of each run: a photo of a page is
    often turned by a degree or two, enough to tilt one line into the next across a table."""
    slopes = []
    for chain in _chains(words):
        for a, b in zip(chain, chain[1:]):
            dx = (b.box[0] + b.box[2] / 2) - (a.box[0] + a.box[2] / 2)
            if dx > 0:
                slopes.append(((b.box[1] + b.box[3] / 2) - (a.box[1] + a.box[3] / 2)) / dx)
    if len(slopes) < 3:
        return 0.0
    slopes.sort()
    slope = slopes[len(slopes) // 2]
    return slope if abs(slope) < 0.1 else 0.0


def _group_by_position(words: list[Word]) -> list[list[Word]]:
    """Words whose centres sit level once the page's slope is taken out share a line."""
    slope = _skew(words)

    def level(word: Word) -> float:
        return word.box[1] + word.box[3] / 2 - slope * (word.box[0] + word.box[2] / 2)

    rows: list[list[Word]] = []
    levels: list[float] = []
    for word in sorted(words, key=level):
        y = level(word)
        if rows and abs(y - levels[-1]) <= 0.5 * max(word.box[3], max(w.box[3] for w in rows[-1])) * 0.9:
            rows[-1].append(word)
            levels[-1] = sum(level(w) for w in rows[-1]) / len(rows[-1])
        else:
            rows.append([word])
            levels.append(y)
    return rows


def build_lines(words: list[Word]) -> list[Line]:
    groups: dict[int, list[Word]] = {}
    loose: list[Word] = []
    for word in words:
        if not word.text.strip():
            continue
        if word.line >= 0:
            groups.setdefault(word.line, []).append(word)
        else:
            loose.append(word)
    rows = list(groups.values()) + _group_by_position(loose)
    lines = [line_of(row) for row in rows]
    lines.sort(key=lambda line: (min(w.box[1] for w in line.words), min(w.box[0] for w in line.words)))
    return lines


def line_of(words: list[Word]) -> Line:
    """One line from words, left to right, joined by single spaces."""
    row = sorted(words, key=lambda w: w.box[0])
    text, spans = "", []
    for word in row:
        if text:
            text += " "
        start = len(text)
        text += fold(word.text.strip())
        spans.append((start, len(text)))
    return Line(text, row, spans)


def _loose_pattern(value: str) -> re.Pattern:
    """`value` with any run of spaces, or none, allowed between its characters' groups."""
    parts = [re.escape(ch) for ch in fold(value) if not ch.isspace()]
    return re.compile(r"\s?".join(parts), re.IGNORECASE)


def find_text(lines: list[Line], value: str) -> list[tuple[Box, bool]]:
    """Every place `value` is written on these lines, as (box, visible)."""
    pattern = _loose_pattern(value)
    found = []
    for line in lines:
        for match in pattern.finditer(line.text):
            box = line.box(match.start(), match.end())
            if box:
                found.append((box, line.visible(match.start(), match.end())))
    return found
