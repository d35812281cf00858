"""Small text helpers shared by the postings and cover-letter local engines."""
from __future__ import annotations

import re
import unicodedata

from ai.nlp import korean


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
    """Whether the last sound of `word` (Hangul, digits or Latin read aloud) ends in a consonant."""
    return korean.has_final(word)


def josa(word: str, pair: str) -> str:
    """`word` followed by the right particle: josa("Python", "을/를") → "Python을"."""
    return korean.josa(word, pair)


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
