"""Small text helpers shared by the postings and cover-letter local engines."""
from __future__ import annotations

import re
import unicodedata

HANGUL_START, HANGUL_END = 0xAC00, 0xD7A3
# Latin letters whose Korean reading ends in a final consonant (엘, 엠, 엔, 알) when spelled out,
# and word endings read with one (Python → 파이썬, Kotlin → 코틀린, Helm → 헬름 is not, but close).
_LATIN_BATCHIM_LETTERS = set("lmnr")
_LATIN_BATCHIM_WORD_ENDINGS = ("on", "in", "en", "an", "um", "om", "ing", "l", "m", "n")

BULLET_RE = re.compile(r"^\s*(?:[-*•·・∙◦▪▫■□▶▷►●○◆◇★☆※✓✔➤>]+|\(?\d{1,2}[.)]|[①-⑳]|[a-zA-Z][.)](?=\s))\s*")


def normalize(text: str) -> str:
    """NFC, unify line endings and odd spaces, drop zero-width characters."""
    text = unicodedata.normalize("NFC", text or "")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[\u200b\u200c\u200d\ufeff]", "", text)
    text = text.replace("\u00a0", " ").replace("\u3000", " ").replace("\t", " ")
    return text


def lines(text: str) -> list[str]:
    return [line.strip() for line in normalize(text).split("\n")]


def strip_bullet(line: str) -> str:
    return BULLET_RE.sub("", line, count=1).strip()


def is_bullet(line: str) -> bool:
    return bool(re.match(r"^\s*(?:[-*•·・∙◦▪▫✓✔➤]|\(?\d{1,2}[.)]\s|[①-⑳])", line))


def compact(text: str) -> str:
    """Lowercase without spaces or punctuation: for comparing headings and sentences."""
    return re.sub(r"[\s\W_]+", "", (text or "").lower())


def has_batchim(word: str) -> bool:
    """Whether the last sound of `word` (Hangul, digits or Latin) ends in a final consonant."""
    word = re.sub(r"[\s\W_]+$", "", word or "")
    if not word:
        return False
    last = word[-1]
    code = ord(last)
    if HANGUL_START <= code <= HANGUL_END:
        return (code - HANGUL_START) % 28 != 0
    if last.isdigit():
        return last in "0136780"  # 영 일 삼 육 칠 팔 (공) end in a consonant
    lower = word.lower()
    if word.isupper() and len(word) <= 5:  # acronyms are spelled out: SQL → 에스큐엘
        return lower[-1] in _LATIN_BATCHIM_LETTERS
    return lower.endswith(_LATIN_BATCHIM_WORD_ENDINGS)


def josa(word: str, pair: str) -> str:
    """`word` followed by the right particle: josa("Python", "을/를") → "Python을"."""
    with_batchim, without = pair.split("/")
    if pair == "으로/로":
        last = re.sub(r"[\s\W_]+$", "", word or "")[-1:]
        # ㄹ-final nouns take 로 (서울로)
        if last and HANGUL_START <= ord(last) <= HANGUL_END and (ord(last) - HANGUL_START) % 28 == 8:
            return word + without
    return word + (with_batchim if has_batchim(word) else without)


def particle(word: str, pair: str) -> str:
    """Only the particle josa() would attach: particle("쿠팡", "을/를") → "을"."""
    return josa(word, pair)[len(word):]


def join_ko(items: list[str], conj: str = "") -> str:
    """"A, B, C" — Korean lists read fine with commas; `conj` ("와/과") joins two items."""
    items = [i for i in items if i]
    if len(items) == 2 and conj:
        return josa(items[0], conj) + " " + items[1]
    return ", ".join(items)


def clip(text: str, limit: int = 120) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def dedupe(items, key=None) -> list:
    seen, out = set(), []
    for item in items:
        k = key(item) if key else item
        if k in seen:
            continue
        seen.add(k)
        out.append(item)
    return out
