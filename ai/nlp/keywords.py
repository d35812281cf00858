"""Keyword extraction without a model: TF-IDF-like scores over stemmed tokens (Korean particles and
verb endings cut, stopwords dropped), with dictionary skills counted as whole phrases and boosted.

Without a corpus the "IDF" is a prior: generic résumé words are dropped and longer tokens weigh
more (short ones are more often common words). Pass `corpus` (other documents) for a real
inverse document frequency.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from ai.nlp.skills import find_skills
from ai.nlp.text import is_hangul, is_particle, is_stopword, stem, tokenize

SKILL_BOOST = 2.0
_SKILL_PRIOR = 1.5  # a skill's name length says nothing about its weight
# Generic résumé/posting words that describe rather than distinguish.
_GENERIC = frozenset(
    "경험 경력 업무 담당 관련 능력 역량 활용 사용 진행 수행 가능 우대 필수 이상 이하 지원 회사 기업 팀 분 자 "
    "예정 기간 내용 부분 통해 위해 대한 기반 위한 년차 신입 학력 무관 기타 사항 모집 채용 근무 개발 개발자 "
    "서비스 시스템 처리 또는 담당업무 주요업무 자격요건 지원자격 우대사항 근무조건 복리후생 전형절차 채용절차 "
    "모집분야 근무지 근무형태 접수기간 제출서류 "
    "experience experienc year work using use used team company ability strong skill skill knowledge good "
    "including include responsible required preferred plus etc".split())
_VERBISH = re.compile(r"(?:하|되|있|없|했|됐|였|었|았|겠|시|합|할|한|된|될|던|는|은|게|고|며|면|서|지|기|음|함|됨)$")


@dataclass(frozen=True)
class Keyword:
    term: str  # a skill's canonical name, or the token as written (particles removed)
    score: float
    count: int
    skill: bool


def extract_keywords(text: str, k: int = 10, *, corpus: list[str] | None = None) -> list[Keyword]:
    """The k most characteristic terms of `text`, best first."""
    if not text or not text.strip():
        return []
    counts: Counter[str] = Counter()
    surface: dict[str, str] = {}
    skills: set[str] = set()
    spans = []
    for match in find_skills(text):
        key = match.name.lower()
        counts[key] += 1
        surface[key] = match.name
        skills.add(key)
        spans.append((match.start, match.end))
    masked = _mask(text, spans)  # words inside a skill phrase are not counted twice
    for token in tokenize(masked):
        if is_particle(token):
            continue
        key = stem(token)
        if not _candidate(token, key):
            continue
        counts[key] += 1
        surface.setdefault(key, _display(token, key))
    if not counts:
        return []
    document_frequency = _document_frequency(corpus, counts) if corpus else None
    scored = []
    for key, tf in counts.items():
        prior = _SKILL_PRIOR if key in skills and document_frequency is None else _prior(
            key, document_frequency, len(corpus or []))
        weight = (1.0 + math.log(tf)) * prior * (SKILL_BOOST if key in skills else 1.0)
        scored.append(Keyword(surface[key], round(weight, 4), tf, key in skills))
    scored.sort(key=lambda kw: (-kw.score, -kw.count, kw.term))
    return scored[:k]


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _candidate(token: str, key: str) -> bool:
    if is_stopword(key) or is_stopword(token) or key in _GENERIC or token.lower() in _GENERIC:
        return False
    if key.isdigit() or re.fullmatch(r"[\d.,%]+", key):
        return False
    if is_hangul(key[-1]):
        return len(key) >= 2 and not (key != token and _VERBISH.search(key))
    return len(key) >= 2 and any(ch.isalpha() for ch in key)


def _display(token: str, key: str) -> str:
    """Korean keywords keep their stem (파이썬을 → 파이썬); Latin ones their written form."""
    return key if is_hangul(token[-1]) else token if len(token) <= 3 or token.isupper() else token.lower()


def _document_frequency(corpus: list[str], counts: Counter[str]) -> dict[str, int]:
    frequency: Counter[str] = Counter()
    for document in corpus:
        present = {stem(t) for t in tokenize(document)} | {m.name.lower() for m in find_skills(document)}
        for key in counts:
            if key in present:
                frequency[key] += 1
    return dict(frequency)


def _prior(key: str, document_frequency: dict[str, int] | None, documents: int) -> float:
    if document_frequency is not None:
        return math.log((1 + documents) / (1 + document_frequency.get(key, 0))) + 1.0
    length = sum(2 if is_hangul(ch) else 1 for ch in key)  # a Hangul syllable carries about two letters
    return min(1.5, 0.6 + 0.1 * length)
