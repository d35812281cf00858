"""Hiring stages as postings write them (Korean and English) and how each is labelled.

`find_stages(line)` returns the stage mentions of a line in order; overlapping patterns are
resolved by list order (more specific first). Labels are the canonical names the calendar
shows: 서류 접수, 서류 마감, 서류 발표, 코딩테스트, 과제, 인적성검사(SKCT), 1차 면접, 임원 면접,
최종 발표, 입사일 … and their English counterparts for English postings.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_ORDINALS_EN = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}
_EN_ORDINAL_LABEL = {1: "First-round interview", 2: "Second-round interview", 3: "Third-round interview"}
_APTITUDE_NAMES = r"SKCT|GSAT|HMAT|SSAT|CJAT|HAT|LG\s*Way\s*Fit(?:\s*Test)?|L-?TAB|KT\s*종합인적성|KPAT|DCAT|HiPAT|NCS"
_RESULT_AFTER = re.compile(r"^\s*(?:전형\s*)?(?:합격자?\s*)?(?:결과\s*)?(?:발표|안내|통보)|^\s*results?\b", re.I)

# (pattern, kind, label or None when `_label` derives it)
_KO = [
    (r"(?:서류|원서|지원서?|입사\s*지원서?|접수|모집|채용|공고)\s*(?:접수\s*)?마감(?:\s*일(?:시)?)?|마감\s*일(?:시)?|접수\s*종료",
     "deadline", "서류 마감"),
    (r"서류\s*(?:전형\s*)?(?:합격자?\s*)?(?:결과\s*)?발표|서류\s*(?:전형\s*)?결과(?:\s*(?:안내|통보))?",
     "result", "서류 발표"),
    (r"(?:서류|원서|지원서|입사\s*지원서?|온라인)\s*(?:접수|제출)(?:\s*기간)?|(?:접수|모집|지원|채용)\s*기간"
     r"|입사\s*지원|서류\s*(?:전형|심사)", "application", "서류 접수"),
    (r"최종\s*(?:합격자?\s*)?(?:결과\s*)?(?:발표|안내|통보)|최종\s*합격자?|합격자\s*발표|최종\s*결과",
     "final", "최종 발표"),
    (r"(?:온라인\s*)?코딩\s*(?:테스트|시험)|코테|알고리즘\s*(?:테스트|시험)|프로그래밍\s*(?:테스트|시험)|온라인\s*코딩",
     "coding_test", "코딩테스트"),
    (r"필기\s*(?:전형|시험|테스트)(?:\s*\(\s*(?:NCS|직무|전공|논술)[^)]{0,20}\))?", "aptitude", "필기시험"),
    (rf"인적성(?:\s*검사)?|(?:직무\s*)?적성\s*검사|\b(?:{_APTITUDE_NAMES})\b", "aptitude", None),
    (r"(?:사전|실무|기술|온라인|직무|코딩)?\s*과제(?:\s*(?:전형|테스트|제출))?", "assignment", "과제"),
    (r"(?P<n>\d)\s*차\s*(?:\((?:실무|기술|임원|인성|직무)\)\s*|(?:실무|기술|임원|인성|직무)\s*)?면접"
     r"|(?:임원|경영진|대표|CEO|최종)\s*면접"
     r"|(?:실무|기술|직무|인성|컬처\s*핏|컬쳐\s*핏|PT|토론|화상|대면|1\s*:\s*1)\s*면접|면접(?:\s*전형)?",
     "interview", None),
    (r"입사\s*(?:예정\s*)?일|입사\s*(?:예정|시기)|출근\s*(?:예정\s*)?일|근무\s*(?:시작|개시)\s*일?|입사(?![가-힣])",
     "onboarding", "입사일"),
    (r"입문\s*교육|신입\s*사원\s*교육|신입\s*교육|OJT|오리엔테이션", "onboarding", "입사 교육"),
    (r"채용\s*설명회", "event", "채용설명회"),
    (r"건강\s*검진", "other", "건강검진"),
    (r"처우\s*협의", "other", "처우 협의"),
]
_EN = [
    (r"applications?\s+(?:deadline|close[sd]?|due)|apply\s+(?:by|before|until|no\s+later\s+than)"
     r"|(?:application\s+)?deadline(?:\s+to\s+apply)?|closing\s+date|applications?\s+(?:are\s+)?(?:accepted\s+)?"
     r"(?:until|through)|submit\s+(?:your\s+)?applications?\s+by", "deadline", "Application deadline"),
    (r"applications?\s+open(?:s|ing)?|application\s+(?:period|window)|accepting\s+applications", "application",
     "Applications open"),
    (r"(?:resume|document|cv)\s+screening\s+results?|screening\s+results?", "result", "Screening results"),
    (r"coding\s+(?:test|challenge|assessment)|online\s+(?:assessment|coding\s+test)|\bOA\b|hackerrank|codility"
     r"|programming\s+test|technical\s+assessment", "coding_test", "Coding test"),
    (r"take[- ]home(?:\s+(?:assignment|task|project|exercise))?|(?:design\s+|written\s+)?assignment|case\s+study",
     "assignment", "Take-home assignment"),
    (r"aptitude\s+test|personality\s+test|psychometric\s+test", "aptitude", "Aptitude test"),
    (r"phone\s+screen(?:ing)?|recruiter\s+(?:call|screen)|intro(?:ductory)?\s+call", "interview", "Phone screen"),
    (r"final\s+(?:decision|results?|offers?)|offers?\s+(?:will\s+be\s+)?(?:made|sent|extended)"
     r"|results?\s+(?:will\s+be\s+)?(?:announced|notified)|decision\s+notification", "final", "Final decision"),
    (r"(?P<ord>first|second|third|final|1st|2nd|3rd)[- ]round\s+interviews?"
     r"|(?P<ord2>first|second|third|final|1st|2nd|3rd)\s+interviews?"
     r"|(?P<adj>technical|onsite|on-site|virtual|panel|hiring\s+manager|team|culture[- ]fit|behavioral"
     r"|system\s+design|executive)\s+interviews?|interviews?", "interview", None),
    (r"(?:expected\s+|anticipated\s+|target\s+|planned\s+)?start\s+date|onboarding|first\s+day", "onboarding",
     "Start date"),
]
KO_PATTERNS = [(re.compile(p), kind, label) for p, kind, label in _KO]
EN_PATTERNS = [(re.compile(p, re.I), kind, label) for p, kind, label in _EN]

# Deadlines that have no date.
ROLLING = re.compile(r"상시\s*채용|상시\s*모집|수시\s*채용|채용\s*시\s*(?:까지|마감)|마감\s*시\s*(?:까지|종료)"
                     r"|충원\s*시\s*(?:까지|마감)|조기\s*마감|rolling\s+basis|until\s+(?:the\s+)?(?:position\s+is\s+)?filled"
                     r"|open\s+until\s+filled", re.I)


@dataclass(frozen=True)
class StageMention:
    start: int
    end: int
    kind: str
    label: str


def find_stages(line: str, *, english: bool) -> list[StageMention]:
    found: list[StageMention] = []
    patterns = EN_PATTERNS + KO_PATTERNS if english else KO_PATTERNS + EN_PATTERNS
    for pattern, kind, label in patterns:
        for match in pattern.finditer(line):
            start, end = match.span()
            while start < end and line[start].isspace():
                start += 1
            if start == end or any(start < f.end and f.start < end for f in found):
                continue
            name = label or _label(kind, match, line)
            if kind not in ("final", "result") and _RESULT_AFTER.match(line[end:end + 16]):
                after = _RESULT_AFTER.match(line[end:end + 16])
                end += after.end()
                kind, name = "result", (f"{name} 발표" if not english else f"{name} results")
            found.append(StageMention(start, end, kind, name))
    return sorted(found, key=lambda s: s.start)


def _label(kind: str, match: re.Match, line: str) -> str:
    text = " ".join(match.group(0).split())
    if kind == "aptitude":
        name = re.search(_APTITUDE_NAMES, line)
        return f"인적성검사({' '.join(name.group(0).split())})" if name else "인적성검사"
    groups = match.groupdict()
    if groups.get("n"):
        return f"{groups['n']}차 면접"
    if groups.get("ord") or groups.get("ord2"):
        word = (groups.get("ord") or groups.get("ord2")).lower()
        return "Final interview" if word == "final" else _EN_ORDINAL_LABEL[_ORDINALS_EN[word]]
    if groups.get("adj"):
        adj = " ".join(groups["adj"].split()).lower().replace("on-site", "onsite")
        return f"{adj[0].upper()}{adj[1:]} interview"
    if re.fullmatch(r"interviews?", text, re.I):
        return "Interview"
    if kind == "interview":
        text = re.sub(r"\s*전형$", "", text)
        text = re.sub(r"\s*면접$", " 면접", text).replace("컬쳐", "컬처")
        return re.sub(r"\s+", " ", text).strip() if text != " 면접" else "면접"
    return text


def kind_of(label: str) -> str:
    """The kind of a stage label (an openai answer or an edited form)."""
    stages = find_stages(label, english=bool(re.search(r"[A-Za-z]{3}", label)) and not re.search(r"[가-힣]", label))
    return stages[0].kind if stages else "other"


def undated_note(text: str) -> str:
    match = ROLLING.search(text or "")
    return " ".join(match.group(0).split()) if match else ""
