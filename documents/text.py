"""Text helpers for documents: sentence-aware chunking and query terms for keyword search."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ai.nlp.text import sentence_spans

CHUNK_SIZE = 500  # characters; a few sentences of a resume or posting
CHUNK_OVERLAP = 100  # the tail of one chunk is repeated at the head of the next

_SPACES = re.compile(r"[ \t\u00a0\u3000]+")


@dataclass(frozen=True)
class TextChunk:
    ordinal: int
    page: int | None
    text: str


def normalise(text: str) -> str:
    """Collapse runs of spaces, keep line breaks (they separate resume items), trim each line."""
    lines = [_SPACES.sub(" ", line).strip() for line in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    out, blank = [], False
    for line in lines:
        if not line:
            if not blank and out:
                out.append("")
            blank = True
            continue
        out.append(line)
        blank = False
    return "\n".join(out).strip()


def chunk_sentences(text: str) -> list[str]:
    """The sentences chunks are made of: ai.nlp's one splitter over the normalised text, list
    markers kept and spaces collapsed, so a chunk reads as the document does."""
    return [" ".join(span.text.split()) for span in sentence_spans(normalise(text), bullets=False)]


def _split_long(sentence: str, size: int) -> list[str]:
    """Break a sentence longer than a chunk at spaces (or hard, for text without any)."""
    pieces, current = [], ""
    for word in sentence.split(" "):
        while len(word) > size:
            if current:
                pieces.append(current)
                current = ""
            pieces.append(word[:size])
            word = word[size:]
        candidate = f"{current} {word}".strip()
        if len(candidate) > size and current:
            pieces.append(current)
            current = word
        else:
            current = candidate
    if current:
        pieces.append(current)
    return pieces


def chunk_text(text: str, *, page: int | None = None, size: int = CHUNK_SIZE, overlap: int = CHUNK_OVERLAP,
               start: int = 0) -> list[TextChunk]:
    """Group whole sentences into chunks of about `size` characters, overlapping by whole
    sentences of up to `overlap` characters so an answer split across a boundary is still found."""
    sentences: list[str] = []
    for sentence in chunk_sentences(text):
        sentences.extend(_split_long(sentence, size) if len(sentence) > size else [sentence])
    chunks: list[TextChunk] = []
    current: list[str] = []
    length = 0
    for sentence in sentences:
        if current and length + 1 + len(sentence) > size:
            chunks.append(TextChunk(start + len(chunks), page, " ".join(current)))
            tail: list[str] = []
            tail_len = 0
            for previous in reversed(current):
                if tail_len + len(previous) + 1 > overlap:
                    break
                tail.insert(0, previous)
                tail_len += len(previous) + 1
            # never carry so much that the next sentence would not fit
            while tail and tail_len + len(sentence) + 1 > size:
                tail_len -= len(tail.pop(0)) + 1
            current, length = tail, max(0, tail_len - 1)
        current.append(sentence)
        length += len(sentence) + (1 if length else 0)
    if current:
        chunks.append(TextChunk(start + len(chunks), page, " ".join(current)))
    return chunks


def chunk_pages(pages: list[dict] | None, text: str) -> list[TextChunk]:
    """Chunks page by page (a chunk never spans pages, so it can cite its page), else the whole text."""
    if pages:
        chunks: list[TextChunk] = []
        for page in pages:
            chunks.extend(chunk_text(page.get("text", ""), page=page.get("page"), start=len(chunks)))
        if chunks:
            return chunks
    return chunk_text(text)


# --- Query terms ----------------------------------------------------------------------------------
# Question words that carry no content (on top of ai.nlp's stop words).
_QUESTION_WORDS = {"무엇", "무슨", "어떤", "어떻게", "언제", "어디", "어디서", "누가", "누구", "왜", "얼마나", "몇",
                   "있나", "있나요", "있었나요", "했나요", "하나요", "인가요", "알려줘", "알려주세요", "해주세요",
                   "tell", "please", "show", "find", "did", "does", "use", "used", "up", "out", "get", "got"}
_QUESTION_ENDINGS = ("었나요", "았나요", "였나요", "했나요", "나요", "습니까", "었는지", "았는지", "했는지", "는지", "인지", "까요")


def query_terms(query: str, *, limit: int = 8) -> list[str]:
    """Distinct content words of a question, stemmed like the embedder does (결제를 → 결제,
    payments → payment), without stop words or question words."""
    from ai.nlp.text import stems

    terms: list[str] = []
    for word in stems(query or "", drop_stopwords=True):
        word = _normal(word)
        for ending in _QUESTION_ENDINGS:
            if re.search("[가-힣]$", word) and word.endswith(ending) and len(word) > len(ending):
                word = word[: -len(ending)]
                break
        if not word or word in _QUESTION_WORDS or (word.isascii() and len(word) < 2):
            continue
        if word not in terms:
            terms.append(word)
    return terms[:limit]


def _normal(word: str) -> str:
    return word.strip("._-'/").lower()


def index_words(text: str) -> str:
    """The stemmed words of a chunk, as stored in Chunk.stems for the full-text index: the same
    stems and normalisation as query_terms, so the keyword search matches exact lexemes (결제를 and
    결제 both index 결제, payments indexes payment) instead of expensive prefix queries."""
    from ai.nlp.text import stems

    seen: dict[str, None] = {}
    for word in stems(text or "", drop_stopwords=True):
        word = _normal(word)
        if word:
            seen.setdefault(word, None)
            if len(word) > 1 and word[-1] in _PAST and re.search("[가-힣]$", word):
                seen.setdefault(word[:-1], None)  # 막았(습니다) also as 막: query_terms strips 았나요
    return " ".join(seen)


_PAST = ("았", "었", "였")
