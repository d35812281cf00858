"""Korean/English text basics: normalising, sentence splitting, word tokens, particle stripping,
syllable counts and a language guess."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

HANGUL_SYLLABLE = "\uac00-\ud7a3"
_HANGUL_RE = re.compile(f"[{HANGUL_SYLLABLE}]")
_LATIN_RE = re.compile(r"[A-Za-z]")

# Latin words keep inner punctuation that belongs to names (C++, C#, Node.js, CI/CD, 3.5, don't).
WORD_RE = re.compile(
    r"[A-Za-z0-9]+(?:[.+#\-_'/][A-Za-z0-9]+)*[+#]*"
    rf"|[{HANGUL_SYLLABLE}\u3131-\u318e]+"
    r"|[^\W\d_]+"
)

# Longest first. Multi-syllable particles may leave a one-syllable stem; single ones need two
# (so 마을, 평가, 회의 keep their last syllable).
PARTICLES_LONG = sorted([
    "에서부터", "으로부터", "로부터", "에게서", "이라고", "이라는", "이라면", "이지만", "에서는", "에서도",
    "으로는", "으로도", "으로서", "으로써", "에게는", "까지는", "부터는", "입니다", "이었다", "였습니다",
    "에서", "에게", "한테", "으로", "까지", "부터", "처럼", "보다", "이나", "이랑", "하고", "마다", "조차",
    "밖에", "이며", "이고", "이다", "라고", "라는", "로서", "로써", "과의", "와의", "에는", "에도", "이든",
    "든지", "에의", "들이", "들을", "들은", "들의", "들과", "들도",
], key=len, reverse=True)
PARTICLES_SHORT = ("을", "를", "이", "가", "은", "는", "에", "의", "와", "과", "도", "만", "로", "나", "랑", "들")
_KEEP_WHOLE = {"만족도",
               "완성도", "정확도", "난이도", "숙련도", "이해도", "기여도", "인지도", "신뢰도", "중요도", "집중도",
               "몰입도", "민주주의", "자본주의", "완벽주의", "어린이", "연구소"}

# Verb and adjective endings, longest first. 하다/되다 endings may leave a one-syllable noun stem
# (일했습니다 → 일) when they are two syllables or longer; everything else needs two.
_HADA_ENDINGS = sorted([
    "하였습니다", "했습니다", "합니다", "했어요", "해요", "했다", "한다", "하다", "하였다", "하는데", "하는",
    "하고", "하며", "하여", "해서", "했고", "했으며", "했던", "하던", "하기", "하면", "하지", "하게", "하도록",
    "하려고", "하면서", "했지만", "하지만", "되었습니다", "됐습니다", "됩니다", "되었다", "됐다", "된다",
    "되는", "되어", "되고", "되며", "시켰습니다", "시켰다", "시키는", "시킨", "했",
], key=len, reverse=True)
_HADA_SHORT = ("할", "한", "함", "해", "된", "됨", "될", "돼")
_ENDINGS = sorted([
    "었습니다", "았습니다", "였습니다", "습니다", "었어요", "았어요", "였어요", "어요", "아요", "에요", "예요",
    "었다", "았다", "였다", "었고", "았고", "였고", "었으며", "으며", "는데", "지만", "으면", "어서", "아서",
    "면서", "니다", "려고", "도록", "었던", "았던", "였던",
], key=len, reverse=True)
_LATIN_SUFFIXES = (("ies", "y"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""))

STOPWORDS_KO = frozenset(
    "저 제 저희 우리 나 내 그 이 저것 그것 이것 것 수 등 및 또한 그리고 그러나 하지만 그래서 때문 위해 통해 대해 "
    "대한 관련 있 없 같 같은 이런 그런 저런 어떤 때 중 더 잘 좀 많이 매우 정말 너무 다양 경우 부분 정도 "
    "하 되 있습니다 없습니다 입니다 합니다 했습니다 됩니다 하다 되다 있다 없다 이다 것이 것은 것을 뿐 "
    "년 월 일 명 개 번 분 시 간 곳 점 거 건 내용 관한 모든 각 및 또 다른 여러 이상 이하 우대".split())
STOPWORDS_EN = frozenset(
    "a an the and or but if of to in on at by for with from as into onto about over under than then so "
    "is are was were be been being am do does did doing have has had having i me my mine we us our you "
    "your he him his she her it its they them their this that these those there here what which who whom "
    "whose when where why how all any each both few more most other some such no nor not only own same "
    "too very can will just should would could may might must shall also etc e.g i.e via per".split())


def is_stopword(token: str) -> bool:
    return token.lower() in STOPWORDS_EN or token in STOPWORDS_KO


def stem(token: str) -> str:
    """Strip Korean verb endings and particles (개선했습니다 → 개선, 파이썬을 → 파이썬) or light
    English suffixes (payments → payment, managing → manag); lowercases Latin."""
    if token and is_hangul(token[-1]):
        for ending in _HADA_ENDINGS:
            if token.endswith(ending) and len(token) - len(ending) >= (1 if len(ending) >= 2 else 2):
                return token[: -len(ending)]
        if token[-1] in _HADA_SHORT and len(token) >= 3:
            return token[:-1]
        for ending in _ENDINGS:
            if token.endswith(ending) and len(token) - len(ending) >= 2:
                return token[: -len(ending)]
        return strip_particle(token)
    lowered = token.lower()
    if lowered.isalpha() and len(lowered) >= 5:
        for suffix, replacement in _LATIN_SUFFIXES:
            if lowered.endswith(suffix) and not lowered.endswith("ss") and len(lowered) - len(suffix) >= 3:
                return lowered[: -len(suffix)] + replacement
    return lowered


_BULLET_RE = re.compile(r"^\s*(?:[-*•·▪■□○●◦‣✓✔➢►▶→※]|\(?\d{1,2}[.)]|[①-⑳]|[가-하][.)]|\[\d+\])\s+")
_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "etc", "e.g", "i.e", "inc", "ltd",
                  "co", "corp", "no", "u.s", "approx", "dept", "fig", "jan", "feb", "mar", "apr", "jun", "jul",
                  "aug", "sep", "sept", "oct", "nov", "dec"}
# Korean sentence endings that close a sentence even without punctuation (common in STT output).
_KO_END = r"(?:습니다|습니까|니다|니까|어요|아요|에요|예요|해요|세요|네요|군요|거든요|는데요|[면고서]요|지요|죠|했다|였다|었다|았다|한다|된다|이다|있다|없다|겠다)"
_CLOSING = "\"'”’)\\]」』"  # quotes and brackets that stay with the sentence they close
_KANA_KANJI = "\u3040-\u30ff\u4e00-\u9fff"
_SPLIT_RE = re.compile(
    rf"(?P<end>[.!?。？！…]+[{_CLOSING}]*)\s+"                                 # punctuation then space
    rf"|(?P<ja>(?:[。？！]+|[!?]+(?=[{_KANA_KANJI}]))[{_CLOSING}]*)(?=\S)"     # Japanese: no space follows
    rf"|(?P<ko>{_KO_END})\s+(?=[{HANGUL_SYLLABLE}A-Za-z0-9])"               # Korean ending, no punctuation
)
_SENTENCE_END = re.compile(rf"(?:[.!?。？！…:;]|{_KO_END}|[음함됨임])[{_CLOSING}]*$")


def normalize(text: str) -> str:
    """NFKC (full-width to ASCII, compatibility jamo), unified quotes, collapsed spaces."""
    text = unicodedata.normalize("NFKC", text or "")
    text = text.replace("\u00a0", " ").replace("\u200b", "")
    return re.sub(r"[ \t\f\v]+", " ", text).strip()


def is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3"


def hangul_syllables(text: str) -> int:
    return len(_HANGUL_RE.findall(text or ""))


def english_syllables(word: str) -> int:
    """Vowel-group estimate (silent final e dropped); good enough for speaking-rate figures."""
    word = word.lower()
    groups = re.findall(r"[aeiouy]+", word)
    count = len(groups)
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    return max(1, count) if re.search(r"[a-z]", word) else 0


def count_syllables(text: str) -> int:
    """Hangul syllables plus estimated English syllables."""
    return hangul_syllables(text) + sum(english_syllables(w) for w in re.findall(r"[A-Za-z']+", text or ""))


def detect_language(text: str, default: str = "en") -> str:
    """'ko' when Hangul syllables are at least half the syllables (three Latin letters ≈ one),
    'en' when Latin letters dominate, `default` for text with neither. The product's one detector."""
    hangul = hangul_syllables(text)
    latin = len(_LATIN_RE.findall(text or ""))
    if not hangul and not latin:
        return default
    return "ko" if hangul and hangul >= 0.5 * (hangul + latin / 3) else "en"


def tokenize(text: str) -> list[str]:
    """Word tokens in order; Latin and Hangul runs are separate tokens ("Python을" → Python, 을)."""
    return WORD_RE.findall(normalize(text))


def strip_particle(token: str) -> str:
    """Remove a trailing Korean particle (or copula) from a Hangul token: 파이썬을 → 파이썬,
    회사에서 → 회사, 개발자입니다 → 개발자. Non-Hangul tokens come back unchanged."""
    if not token or not is_hangul(token[-1]) or token in _KEEP_WHOLE:
        return token
    for particle in PARTICLES_LONG:
        if token.endswith(particle) and len(token) - len(particle) >= 1 and _fits(token[: -len(particle)], particle):
            return _strip_plural(token[: -len(particle)])
    if token[-1] in PARTICLES_SHORT and len(token) >= 3 and _fits(token[:-1], token[-1]):
        return _strip_plural(token[:-1])
    return token


def has_final_consonant(syllable: str) -> bool:
    """True when a Hangul syllable ends in a consonant (받침): 경험 → 험 has one, 데이터 → 터 not."""
    return is_hangul(syllable) and (ord(syllable) - 0xAC00) % 28 != 0


# Particle pairs chosen by the preceding sound: 이/가, 을/를, 은/는, 과/와, 으로/로.
_AFTER_CONSONANT = ("이", "을", "은", "과", "으로")
_AFTER_VOWEL = ("가", "를", "는", "와")


def _fits(stem: str, particle: str) -> bool:
    """Whether the particle agrees with the stem's last sound, so 카카오페이 keeps its 이
    (after a vowel the subject marker would be 가) while 경험이 loses it."""
    last = stem[-1]
    if not is_hangul(last):
        return True  # Python을, AWS가: the reading decides, accept both
    if particle in _AFTER_CONSONANT or particle.startswith("으로"):
        return has_final_consonant(last)
    if particle in _AFTER_VOWEL:
        return not has_final_consonant(last)
    if particle == "로" or (particle.startswith("로") and particle not in ("로부터",)):
        return not has_final_consonant(last) or (ord(last) - 0xAC00) % 28 == 8  # vowel or ㄹ: 서울로
    return True


def _strip_plural(stem: str) -> str:
    return stem[:-1] if stem.endswith("들") and len(stem) >= 3 else stem


def is_particle(token: str) -> bool:
    return token in PARTICLES_SHORT or token in PARTICLES_LONG


def words(text: str, *, lower: bool = True) -> list[str]:
    """Content-bearing tokens: particles stripped, bare particles dropped, optionally lowercased."""
    out = []
    for token in tokenize(text):
        if is_particle(token):
            continue
        token = strip_particle(token)
        out.append(token.lower() if lower else token)
    return out


def stems(text: str, *, drop_stopwords: bool = True) -> list[str]:
    """Stemmed content tokens (for matching and embeddings); stopwords dropped unless nothing else."""
    out = [stem(token) for token in tokenize(text) if not is_particle(token)]
    kept = [t for t in out if not is_stopword(t)] if drop_stopwords else out
    return kept or out


@dataclass(frozen=True)
class Span:
    """A sentence as it stands in the text: `text` is exactly `source[start:end]`."""
    text: str
    start: int
    end: int


def sentence_spans(text: str, *, bullets: bool = True) -> list[Span]:
    """The product's one sentence splitter: sentences and list items in order, with their
    character offsets in `text` (taken as it is: no normalisation, so offsets point into it).

    A line break ends a sentence, unless a long line was visibly wrapped mid-sentence (postings,
    resumes and letters are line-structured; PDF text wraps). Inside a line a sentence ends at
    . ! ? … (and closing quotes or brackets) followed by a space, except after an abbreviation or
    an initial ("e.g.", "Dr."); at 。？！ with or without a space (Japanese); and at a Korean
    sentence ending followed by a space, without punctuation (speech-to-text output: "개발자입니다
    3년 동안"). `bullets`: a leading list marker ("-", "1)", "①") is left out of the span; with
    False it stays in (text shown as the document has it)."""
    units: list[list[int]] = []  # [start, end] of each line, or of wrapped lines together
    wrapped = False
    offset = 0
    for raw_line in text.splitlines(keepends=True):
        line_start, offset = offset, offset + len(raw_line)
        content = raw_line.splitlines()[0]
        stripped = content.strip()
        if not stripped:
            wrapped = False
            continue
        start = line_start + len(content) - len(content.lstrip())
        end = start + len(stripped)
        bullet = _BULLET_RE.match(stripped)
        if bullet and bullets:
            start += bullet.end()
        if wrapped and not bullet and units:
            units[-1][1] = end
        elif start < end:
            units.append([start, end])
        last = _collapse(text[units[-1][0]:units[-1][1]]) if units else ""
        wrapped = len(last) >= 40 and not _SENTENCE_END.search(last)
    spans: list[Span] = []
    for unit_start, unit_end in units:
        spans.extend(_split_unit(text, unit_start, unit_end))
    return spans


def split_sentences(text: str) -> list[str]:
    """The sentences of sentence_spans() as matching text: NFKC, runs of spaces collapsed."""
    return [_collapse(span.text) for span in sentence_spans(unicodedata.normalize("NFKC", text or ""))]


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _split_unit(text: str, unit_start: int, unit_end: int) -> list[Span]:
    unit = text[unit_start:unit_end]
    spans, start = [], 0
    for match in _SPLIT_RE.finditer(unit):
        kind = match.lastgroup
        cut = match.end(kind)
        before = unit[start:cut]
        last_word = before.split()[-1].rstrip(".").lower() if before.split() else ""
        if kind == "end" and before.endswith(".") and (last_word in _ABBREVIATIONS or re.fullmatch(r"[a-z]", last_word)):
            continue  # "e.g. this", "Dr. Kim", initials
        spans.append(_span(text, unit_start + start, unit_start + cut))
        start = match.end()
    spans.append(_span(text, unit_start + start, unit_end))
    return [span for span in spans if span.text]


def _span(text: str, start: int, end: int) -> Span:
    piece = text[start:end]
    lead = len(piece) - len(piece.lstrip())
    piece = piece.strip()
    return Span(piece, start + lead, start + lead + len(piece))


# ---------------------------------------------------------------- line-structured documents
# Postings, resumes and letters arrive pasted or extracted: clean() is the one input normaliser
# (keeps lines and characters as typed); normalize() above is the matching key (NFKC, spaces collapsed).

BULLET_RE = re.compile(r"^\s*(?:[-*•·・∙◦▪▫■□▶▷►●○◆◇★☆※✓✔➤>]+|\(?\d{1,2}[.)]|[①-⑳]|[a-zA-Z][.)](?=\s))\s*")


def clean(text: str) -> str:
    """NFC, unify line endings and odd spaces, drop zero-width characters."""
    text = unicodedata.normalize("NFC", text or "")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[\u200b\u200c\u200d\ufeff]", "", text)
    return text.replace("\u00a0", " ").replace("\u3000", " ").replace("\t", " ")


def lines(text: str) -> list[str]:
    return [line.strip() for line in clean(text).split("\n")]


def strip_bullet(line: str) -> str:
    return BULLET_RE.sub("", line, count=1).strip()


def is_bullet(line: str) -> bool:
    return bool(re.match(r"^\s*(?:[-*•·・∙◦▪▫✓✔➤]|\(?\d{1,2}[.)]\s|[①-⑳])", line))


def compact(text: str) -> str:
    """Lowercase without spaces or punctuation: for comparing headings and sentences."""
    return re.sub(r"[\s\W_]+", "", (text or "").lower())


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
