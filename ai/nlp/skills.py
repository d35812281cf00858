"""A Korean/English skill dictionary (ai/nlp/data/skills.json) and a matcher that respects word
boundaries and Korean particles: "파이썬을" → Python, "Go" is not found in "Google", and a bare
"R" or "C" counts only in a skills context ("Python, R, SQL", "R로 분석").

Each entry: name, group, `aliases` (case-insensitive), `strict` (case-sensitive, e.g. "Swift"
but not "swift"), `context` (case-sensitive and needs a skills context, e.g. "Go", "R", "PM").
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ai.nlp.text import PARTICLES_LONG, PARTICLES_SHORT, is_hangul, stem

DATA_FILE = Path(__file__).resolve().parent / "data" / "skills.json"

GROUPS = {
    "languages": ("Programming languages", "프로그래밍 언어"),
    "frameworks": ("Frameworks and libraries", "프레임워크·라이브러리"),
    "data": ("Data and AI", "데이터·AI"),
    "cloud": ("Cloud", "클라우드"),
    "devops": ("DevOps and infrastructure", "데브옵스·인프라"),
    "practices": ("Engineering practices", "개발 방법론"),
    "soft_skills": ("Soft skills", "소프트 스킬"),
    "design": ("Design", "디자인"),
    "marketing": ("Marketing", "마케팅"),
    "healthcare": ("Healthcare and nursing", "의료·간호"),
    "business": ("Business", "비즈니스"),
}
# Nouns that may follow a Korean alias inside one word: 파이썬개발, 쿠버네티스클러스터, 영업팀.
_COMPOUND_HEADS = ("개발", "기반", "경험", "활용", "능력", "역량", "환경", "운영", "관리", "엔지니어", "업무",
                   "분야", "담당", "사용", "전문", "자격", "팀", "프로젝트", "서버", "클러스터", "실무", "지식",
                   "스킬", "교육", "자격증", "프레임워크", "라이브러리", "언어", "코드", "설계", "구축")
_CONTEXT_AFTER = re.compile(r"\s*(?:언어|language|lang\b|프로그래밍|programming|개발|developer|dev\b|스크립트|script)",
                            re.IGNORECASE)
_LIST_PUNCT = set(",/·|()[]{}+&;:")
_CONTEXT_WINDOW = 40  # characters: a skill this close makes "R" or "Go" a skill too
_TECH_GROUPS = {"languages", "frameworks", "data", "cloud", "devops", "practices"}
_LATIN_WORD = re.compile(r"[A-Za-z0-9]")


@dataclass(frozen=True)
class Skill:
    name: str
    group: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class SkillMatch:
    name: str
    group: str
    alias: str  # the dictionary alias that matched
    start: int
    end: int


@dataclass(frozen=True)
class _Alias:
    text: str  # lowercased unless case-sensitive
    skill: Skill
    case_sensitive: bool
    needs_context: bool


@lru_cache(maxsize=1)
def all_skills() -> tuple[Skill, ...]:
    entries = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return tuple(Skill(e["name"], e["group"], tuple(e["aliases"] + e.get("strict", []) + e.get("context", [])))
                 for e in entries)


def get_skill(name: str) -> Skill | None:
    return _by_name().get(name.lower())


@lru_cache(maxsize=1)
def _by_name() -> dict[str, Skill]:
    return {s.name.lower(): s for s in all_skills()}


@lru_cache(maxsize=1)
def _index() -> dict[str, list[_Alias]]:
    """Aliases by first character (lowercased), longest first so "C++" wins over "C"."""
    entries = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    skills = _by_name()
    index: dict[str, list[_Alias]] = {}
    for entry in entries:
        skill = skills[entry["name"].lower()]
        variants: list[tuple[str, bool, bool]] = []
        for alias in entry["aliases"]:
            variants += [(v.lower(), False, False) for v in _spacing_variants(alias)]
        variants += [(a, True, False) for a in entry.get("strict", [])]
        variants += [(a, True, True) for a in entry.get("context", [])]
        for text, case_sensitive, needs_context in dict.fromkeys(variants):
            index.setdefault(text[0].lower(), []).append(_Alias(text, skill, case_sensitive, needs_context))
    for aliases in index.values():
        aliases.sort(key=lambda a: -len(a.text))
    return index


def _spacing_variants(alias: str) -> list[str]:
    """Korean writers space compounds freely: "데이터 분석" also matches "데이터분석"."""
    variants = [alias]
    if " " in alias and any(is_hangul(ch) for ch in alias):
        variants.append(alias.replace(" ", ""))
    return variants


def find_skills(text: str) -> list[SkillMatch]:
    """Every skill mention in order (a skill may appear several times)."""
    if not text:
        return []
    lowered = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)  # keep offsets aligned
    index = _index()
    found: list[SkillMatch] = []
    pending: list[SkillMatch] = []  # context-dependent matches, confirmed after the first pass
    i, n = 0, len(text)
    while i < n:
        ch = lowered[i]
        if ch.isspace() or not _starts_word(text, i):
            i += 1
            continue
        match = None
        for alias in index.get(ch, ()):
            haystack = text if alias.case_sensitive else lowered
            end = i + len(alias.text)
            if haystack.startswith(alias.text, i) and _ends_word(text, end, alias.text):
                match = alias
                break
        if match is None:
            i += 1
            continue
        item = SkillMatch(match.skill.name, match.skill.group, match.text, i, i + len(match.text))
        (pending if match.needs_context else found).append(item)
        i = item.end
    for item in pending:
        if _in_context(text, item, found):
            found.append(item)
    return sorted(found, key=lambda m: m.start)


def skill_names(text: str) -> list[str]:
    """Distinct canonical names in order of first mention."""
    return list(dict.fromkeys(m.name for m in find_skills(text)))


def _starts_word(text: str, i: int) -> bool:
    if i == 0:
        return True
    prev, cur = text[i - 1], text[i]
    if is_hangul(cur):
        return not (is_hangul(prev) or _LATIN_WORD.match(prev))
    return not (_LATIN_WORD.match(prev) or prev in "&" or (prev == "." and _LATIN_WORD.match(cur)))


def _ends_word(text: str, end: int, alias: str) -> bool:
    if end >= len(text):
        return True
    nxt = text[end]
    if not is_hangul(alias[-1]):
        if _LATIN_WORD.match(alias[-1]) or alias[-1] in "+#":
            return not (_LATIN_WORD.match(nxt) or nxt in "+#&" or (nxt == "." and _LATIN_WORD.match(
                text[end + 1:end + 2] or " ")))
        return True
    if not is_hangul(nxt):
        return not _LATIN_WORD.match(nxt)
    run_end = end
    while run_end < len(text) and is_hangul(text[run_end]):
        run_end += 1
    rest = text[end:run_end]
    if rest in PARTICLES_SHORT or rest in PARTICLES_LONG or rest.startswith(_COMPOUND_HEADS):
        return True
    word_start = end
    while word_start > 0 and is_hangul(text[word_start - 1]):
        word_start -= 1
    return stem(text[word_start:run_end]) == text[word_start:end]  # 협업했습니다 → 협업


def _in_context(text: str, item: SkillMatch, confirmed: list[SkillMatch]) -> bool:
    """A bare "R", "Go" or "PM" is a skill when it carries a Korean particle, is followed by
    언어/language/개발, sits in a list, or another skill is mentioned close by."""
    after = text[item.end:item.end + 20]
    if after[:1] and is_hangul(after[0]):
        run = re.match(r"[\uac00-\ud7a3]+", after).group()
        if run in PARTICLES_SHORT or run in PARTICLES_LONG or run.startswith(_COMPOUND_HEADS):
            return True
    if _CONTEXT_AFTER.match(after):
        return True
    # "rewrote the indexer in Go", "analysed it with R": a language named after in/with/using
    if item.group == "languages" and re.search(r"\b(?:in|with|using|learned|learnt|wrote)\s+$",
                                               text[max(0, item.start - 12):item.start]):
        return True
    before = text[max(0, item.start - 3):item.start].strip()
    after_stripped = after.strip()
    listed = (before and before[-1] in _LIST_PUNCT) or (after_stripped and after_stripped[0] in _LIST_PUNCT)
    window = _CONTEXT_WINDOW if listed else _CONTEXT_WINDOW // 2
    tech = item.group in _TECH_GROUPS
    for other in confirmed:
        if tech and other.group not in _TECH_GROUPS:
            continue  # "학점 C, 토익 900": a grade beside a language test is not the C language
        lo, hi = (other.end, item.start) if other.end <= item.start else (item.end, other.start)
        if 0 <= hi - lo <= window and not re.search(r"[.!?。\n]", text[lo:hi]):
            return True  # a neighbour in the same sentence
    return False
