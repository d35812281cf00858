"""Filler words in spoken answers (Korean and English), counted as standalone tokens only:
"음..." and "umm" count, "음식" and "summer" do not.

Words that are also ordinary grammar are counted only where they act as fillers: Korean "그"/"저"
(also "that") when a pause, another filler or a repeat follows; English "like" not after a
subject or modal ("I like Python"), and "so"/"well" only at the start of a clause.
"""
from __future__ import annotations

import re
from collections import Counter

FILLERS: dict[str, dict[str, str]] = {
    "ko": {  # filler → kind
        "어": "hesitation", "음": "hesitation", "에": "hesitation", "아": "hesitation", "흠": "hesitation",
        "그": "hesitation", "저": "hesitation", "저기": "hesitation",
        "약간": "hedge", "뭐랄까": "hedge", "뭔가": "hedge", "좀": "hedge", "어떻게 보면": "hedge", "사실": "hedge",
        "그러니까": "discourse", "이제": "discourse", "아무튼": "discourse", "어쨌든": "discourse", "뭐": "discourse",
        "막": "discourse", "그냥": "discourse", "일단": "discourse", "진짜": "intensifier", "되게": "intensifier",
        "솔직히": "hedge",
    },
    "en": {
        "um": "hesitation", "uh": "hesitation", "er": "hesitation", "ah": "hesitation", "hmm": "hesitation",
        "like": "discourse", "you know": "discourse", "i mean": "discourse", "so": "discourse", "well": "discourse",
        "basically": "hedge", "actually": "hedge", "literally": "hedge", "kind of": "hedge", "sort of": "hedge",
        "right": "discourse", "okay so": "discourse",
    },
}
_PAUSE_ONLY = {"ko": {"그", "저"}, "en": set()}
_CLAUSE_INITIAL = {"so", "well"}
_LIKE_VERB_BEFORE = {"i", "you", "we", "they", "would", "really", "don't", "didn't", "do", "to", "people", "also",
                     "might", "will", "just", "who", "that", "and"}
_ELONGATED = {  # spoken spellings → canonical filler
    "ko": [(re.compile(r"^(?:으+음+|음+)$"), "음"), (re.compile(r"^어+$"), "어"), (re.compile(r"^에+$"), "에"),
           (re.compile(r"^아+$"), "아"), (re.compile(r"^흠+$"), "흠")],
    "en": [(re.compile(r"^u+h*m+$|^h?m+m$|^e+r+m+$"), "um"), (re.compile(r"^u+h+$"), "uh"),
           (re.compile(r"^e+r+$"), "er"), (re.compile(r"^a+h+$"), "ah"), (re.compile(r"^h+m+$"), "hmm")],
}
_TOKEN_RE = re.compile(r"[\w']+|[^\w\s]+")
_PAUSE_RE = re.compile(r"^[.,…~!?;:-]+$")


def _tokens(text: str) -> list[str]:
    return _TOKEN_RE.findall((text or "").lower())


def _canonical(token: str, lang: str) -> str:
    for pattern, canonical in _ELONGATED.get(lang, []):
        if pattern.match(token):
            return canonical
    return token


def count_fillers(text: str, lang: str = "ko") -> dict[str, int]:
    """{filler: count} for fillers that occur, e.g. {"음": 2, "약간": 1}."""
    table = FILLERS["en" if lang.startswith("en") else "ko"]
    lang = "en" if lang.startswith("en") else "ko"
    tokens = _tokens(text)
    words = [(i, _canonical(t, lang)) for i, t in enumerate(tokens) if not _PAUSE_RE.match(t)]
    multi = sorted((f for f in table if " " in f), key=len, reverse=True)
    counts: Counter[str] = Counter()
    j = 0
    while j < len(words):
        index, word = words[j]
        phrase = next((f for f in multi if [w for _, w in words[j:j + f.count(" ") + 1]] == f.split()), None)
        if phrase:
            counts[phrase] += 1
            j += phrase.count(" ") + 1
            continue
        if word in table and _acts_as_filler(word, lang, tokens, index, words, j):
            counts[word] += 1
        j += 1
    return dict(counts)


def _acts_as_filler(word: str, lang: str, tokens: list[str], index: int, words: list[tuple[int, str]],
                    j: int) -> bool:
    table = FILLERS[lang]
    nxt_token = tokens[index + 1] if index + 1 < len(tokens) else ""
    prev_token = tokens[index - 1] if index > 0 else ""
    if word in _PAUSE_ONLY[lang]:
        nxt_word = words[j + 1][1] if j + 1 < len(words) else ""
        return not nxt_token or bool(_PAUSE_RE.match(nxt_token)) or nxt_word in table
    if lang == "en" and word == "like":
        return prev_token not in _LIKE_VERB_BEFORE
    if lang == "en" and word in _CLAUSE_INITIAL:
        clause_start = not prev_token or bool(_PAUSE_RE.match(prev_token))
        return clause_start and nxt_token not in {"that", "far", "much", "many"}
    return True


def filler_kinds(counts: dict[str, int], lang: str = "ko") -> dict[str, int]:
    """Totals by kind (hesitation, hedge, discourse, intensifier)."""
    table = FILLERS["en" if lang.startswith("en") else "ko"]
    kinds: Counter[str] = Counter()
    for filler, count in counts.items():
        kinds[table[filler]] += count
    return dict(kinds)


def filler_ratio(text: str, lang: str = "ko") -> float:
    """Fillers per word token (0.0 for empty text)."""
    words = [t for t in _tokens(text) if not _PAUSE_RE.match(t)]
    return sum(count_fillers(text, lang).values()) / len(words) if words else 0.0
