"""Words → lines of text whose characters map back to the words (and so to boxes).

Rules run as regular expressions over a line's text; a match's character span names the words
it touches, and their boxes (whole words: a partly matched word is masked whole) give the
item's box. OCR look-alikes inside number-like words (O→0, l→1) are read as digits, and dashes
and full-width forms are folded, one character for one so the spans still line up.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from masking.ai import Word
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


def _group_by_position(words: list[Word]) -> list[list[Word]]:
    """Words whose vertical centres fall inside one another's extent share a line."""
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.box[1] + w.box[3] / 2, w.box[0])):
        centre = word.box[1] + word.box[3] / 2
        for row in rows:
            top = min(w.box[1] for w in row)
            bottom = max(w.box[1] + w.box[3] for w in row)
            height = bottom - top
            # a little slack for slightly rotated photos of pages
            if top - 0.25 * height <= centre <= bottom + 0.25 * height and abs(word.box[3] - height) < 1.5 * height:
                row.append(word)
                break
        else:
            rows.append([word])
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
    lines = []
    for row in rows:
        row = sorted(row, key=lambda w: w.box[0])
        text, spans = "", []
        for word in row:
            if text:
                text += " "
            start = len(text)
            text += fold(word.text.strip())
            spans.append((start, len(text)))
        lines.append(Line(text, row, spans))
    lines.sort(key=lambda line: (min(w.box[1] for w in line.words), min(w.box[0] for w in line.words)))
    return lines


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
