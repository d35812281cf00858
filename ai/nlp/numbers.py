"""Numbers written either way — "four engineers" / "4 engineers", "이천 건" / "2천 건" / "2000 건",
"네 명" / "4명", "40퍼센트" / "40%" — brought to digits, so a transcript is compared with what was
said rather than with how the recogniser chose to spell it; and word/character error rates.
"""
from __future__ import annotations

import re
import unicodedata

_EN_UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
             "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
             "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
            "ninety": 90}
_EN_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
_EN_WORD = "|".join([*_EN_UNITS, *_EN_TENS, *_EN_SCALES, "and"])
_EN_RUN = re.compile(rf"\b(?:{_EN_WORD})(?:[\s-]+(?:{_EN_WORD}))*\b", re.IGNORECASE)

_SINO = {"일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "칠": 7, "팔": 8, "구": 9}
_SINO_SMALL = {"십": 10, "백": 100, "천": 1000}
_SINO_BIG = {"만": 10_000, "억": 100_000_000}
# A Sino-Korean numeral needs a place (십 백 천 만 억) to be told from ordinary syllables (이, 사, 일).
_SINO_RUN = re.compile(r"(?<![\d가-힣])[일이삼사오육칠팔구]?(?:[십백천만억][일이삼사오육칠팔구]?)+(?=\s?[가-힣%]|\s|$|[.,!?])")
_MIXED = re.compile(r"(\d+(?:\.\d+)?)\s?([천만억])(?![가-힣]?원?[가-힣]{2})")
_NATIVE = {"한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9, "열": 10, "스무": 20}
_COUNTERS = "명|개|번|시간|배|달|살|가지|곳|차례|권|대|주|팀|건"
_NATIVE_RUN = re.compile(rf"(?<![가-힣])(다섯|여섯|일곱|여덟|아홉|스무|한|두|세|네|열)\s?({_COUNTERS})")


def _english_value(words: list[str]) -> int | None:
    total, current, seen = 0, 0, False
    for word in words:
        if word == "and":
            continue
        seen = True
        if word in _EN_UNITS:
            current += _EN_UNITS[word]
        elif word in _EN_TENS:
            current += _EN_TENS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        else:
            total += max(current, 1) * _EN_SCALES[word]
            current = 0
    return total + current if seen else None


def _english(text: str) -> str:
    def convert(match: re.Match) -> str:
        words = [w.lower() for w in re.split(r"[\s-]+", match.group()) if w]
        leading = ""
        while words and words[0] == "and":
            words.pop(0)
            leading = "and "
        trailing_and = words and words[-1] == "and"
        if trailing_and:
            words.pop()
        value = _english_value(words)
        if value is None:
            return match.group()
        return leading + str(value) + (" and" if trailing_and else "")

    return _EN_RUN.sub(convert, text)


def _sino_value(run: str) -> int:
    total, section, digit = 0, 0, 0
    for ch in run:
        if ch in _SINO:
            digit = _SINO[ch]
        elif ch in _SINO_SMALL:
            section += (digit or 1) * _SINO_SMALL[ch]
            digit = 0
        else:  # 만, 억
            total += ((section + digit) or 1) * _SINO_BIG[ch]
            section, digit = 0, 0
    return total + section + digit


def _korean(text: str) -> str:
    text = _NATIVE_RUN.sub(lambda m: f"{_NATIVE[m.group(1)]}{m.group(2)}", text)
    text = _SINO_RUN.sub(lambda m: str(_sino_value(m.group())), text)

    def mixed(match: re.Match) -> str:
        value = float(match.group(1)) * {"천": 1000, "만": 10_000, "억": 100_000_000}[match.group(2)]
        return str(int(value)) if value == int(value) else str(value)

    return _MIXED.sub(mixed, text)


def to_digits(text: str) -> str:
    """Numbers as digits (English words, Sino-Korean and native Korean numerals, 2천 → 2000),
    thousands separators dropped, "percent"/"퍼센트"/"프로" → "%"."""
    text = unicodedata.normalize("NFKC", text or "")
    text = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", text)
    text = _korean(_english(text))
    text = re.sub(r"\s?(?:percent|per cent|퍼센트|프로)\b", "%", text, flags=re.IGNORECASE)
    return re.sub(r"(\d)\s+%", r"\1%", text)


def normalise(text: str) -> str:
    """For comparing transcripts: digits for numbers, lower case, no punctuation, single spaces."""
    text = to_digits(text).lower()
    text = re.sub(r"[^\w%\s]", " ", text)
    return " ".join(text.split())


def _distance(ref: list, hyp: list) -> int:
    previous = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, start=1):
        current = [i] + [0] * len(hyp)
        for j, h in enumerate(hyp, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (r != h))
        previous = current
    return previous[-1]


def wer(reference: str, hypothesis: str) -> float:
    """Word error rate after `normalise` on both sides (words = space-separated units)."""
    ref, hyp = normalise(reference).split(), normalise(hypothesis).split()
    return _distance(ref, hyp) / max(1, len(ref))


def cer(reference: str, hypothesis: str) -> float:
    """Character error rate after `normalise`, spaces ignored (the usual measure for Korean)."""
    ref, hyp = list(normalise(reference).replace(" ", "")), list(normalise(hypothesis).replace(" ", ""))
    return _distance(ref, hyp) / max(1, len(ref))
