"""The `local` engine for postings: rules over the posting's own structure and ai.nlp.

A posting is read the way a person reads it: find the section headings (담당업무, 자격요건,
우대사항 …, or their English equivalents), then take the skills named in each section, the
company from the title line or the intro, the deadline from the application lines, and so on.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date

from ai.nlp import korean
from ai.nlp import text as tx
from ai.nlp.grades import grade_for
from ai.nlp.text import split_sentences
from postings.types import SECTION_LABELS, PostingAnalysis

# --------------------------------------------------------------------------- ai.nlp adapters


@dataclass(frozen=True)
class Skill:
    name: str
    group: str
    start: int
    end: int


def find_skills(text: str) -> list[Skill]:
    from ai.nlp import skills

    return [Skill(m.name, m.group, m.start, m.end) for m in skills.find_skills(text or "")]


def skill_group(name: str) -> str:
    from ai.nlp.skills import get_skill

    skill = get_skill(name)
    return skill.group if skill else ""


def skill_mentioned(name: str, text: str) -> bool:
    """Whether `text` names the skill by any alias of 3+ characters, also inside a longer skill
    ("REST" in "Django REST Framework", which the matcher reads as Django)."""
    from ai.nlp.skills import get_skill

    skill = get_skill(name)
    aliases = skill.aliases if skill else (name,)
    for alias in {name, *aliases}:
        if len(alias) < 3:
            continue
        if alias.isascii():
            flags = 0 if alias.isupper() else re.IGNORECASE
            if re.search(rf"(?<![A-Za-z0-9]){re.escape(alias)}(?![A-Za-z0-9])", text, flags):
                return True
        elif alias in text or alias.replace(" ", "") in text:
            return True
    return False


def find_dates(text: str, *, today: date | None = None) -> list[date]:
    from ai.nlp import dates

    return [m.date for m in dates.parse_dates(text or "", base=today) if m.date]


# --------------------------------------------------------------------------- sections

SECTION_ALIASES: dict[str, list[str]] = {
    "intro": ["회사소개", "회사 소개", "기업소개", "기업 소개", "팀 소개", "팀소개", "병원 소개", "병원소개",
              "기관 소개", "포지션 소개", "about us", "about the company", "about the team", "who we are",
              "company overview", "overview"],
    "responsibilities": ["담당업무", "담당 업무", "주요업무", "주요 업무", "업무내용", "업무 내용", "직무내용",
                         "직무 내용", "수행업무", "수행 업무", "하는 일", "이런 일을 해요", "이런 일을 합니다",
                         "합류하면 하게 될 일", "합류하시면 함께할 업무", "직무 소개", "모집 업무", "업무",
                         "what you'll do", "what you will do", "responsibilities", "key responsibilities",
                         "the role", "your role", "duties", "job description", "what you'll be doing"],
    "requirements": ["자격요건", "자격 요건", "지원자격", "지원 자격", "필수요건", "필수 요건", "필수자격",
                     "필수 자격", "필수사항", "필수 사항", "필수 역량", "요구사항", "요구 사항", "요구역량",
                     "요구 역량", "자격 조건", "자격조건", "이런 분을 찾아요", "이런 분을 찾습니다",
                     "이런 분과 함께하고 싶어요", "requirements", "qualifications", "minimum qualifications",
                     "basic qualifications", "required qualifications", "must have", "must-have",
                     "must haves", "what we're looking for", "what we are looking for", "who you are",
                     "you have", "you should have"],
    "preferred": ["우대사항", "우대 사항", "우대조건", "우대 조건", "우대요건", "우대 요건", "우대",
                  "이런 분이면 더 좋아요", "이런 분이면 더 좋습니다", "이런 경험이 있다면 더 좋아요",
                  "preferred", "preferred qualifications", "nice to have", "nice-to-have", "nice to haves",
                  "bonus points", "bonus", "pluses", "plus", "it's a plus if you have"],
    "tech_stack": ["기술스택", "기술 스택", "사용 기술", "사용기술", "개발환경", "개발 환경", "tech stack",
                   "our stack", "technologies", "stack"],
    "benefits": ["복리후생", "복리 후생", "복지", "복지 및 혜택", "혜택", "처우", "처우 및 복리후생",
                 "benefits", "perks", "perks and benefits", "what we offer", "compensation"],
    "process": ["전형절차", "전형 절차", "채용절차", "채용 절차", "채용 프로세스", "채용프로세스", "전형과정",
                "전형 과정", "전형 방법", "전형방법", "hiring process", "interview process",
                "recruitment process", "selection process"],
    "conditions": ["근무조건", "근무 조건", "근무환경", "근무 환경", "근무형태", "근무 형태", "근무정보",
                   "근무 정보", "모집요강", "모집 요강", "채용 정보", "채용정보", "고용형태", "고용 형태",
                   "근무지", "근무지역", "근무 지역", "근무 장소", "근무시간", "근무 시간", "급여",
                   "working conditions", "employment details", "job details", "location", "employment type",
                   "salary"],
    "application": ["접수기간", "접수 기간", "지원기간", "지원 기간", "모집기간", "모집 기간", "지원방법",
                    "지원 방법", "접수방법", "접수 방법", "제출서류", "제출 서류", "마감일", "서류 마감",
                    "how to apply", "application", "deadline", "apply"],
    "etc": ["기타", "기타사항", "기타 사항", "참고사항", "참고 사항", "유의사항", "유의 사항", "notes",
            "additional information"],
}
_ALIAS_INDEX = sorted(((tx.compact(alias), key) for key, aliases in SECTION_ALIASES.items() for alias in aliases),
                      key=lambda item: -len(item[0]))
_HEADING_DECOR = re.compile(r"^[\s#=*_~\-■□▶▷►●○◆◇★☆※❖▣◎♦•·<【\[〈《「『(]+|[\s:：=*_~\-\]】〉》」』)>]+$")
# a heading tag after the name: "자격요건 (필수)", "우대사항(선택)"
_HEADING_TAIL = re.compile(r"\s*[(\[](?:필수|선택|공통|required|optional)[)\]]\s*$", re.I)


@dataclass
class Section:
    key: str
    title: str
    items: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"key": self.key, "title": self.title, "label": SECTION_LABELS.get(self.key, self.title),
                "items": self.items}


_APPLY_LINE = re.compile(r"^(?:apply by|applications? close|closing date|deadline|마감\s*일?|접수\s*마감)\b", re.I)


def heading_key(line: str) -> tuple[str | None, str]:
    """(section key, inline content) when `line` is a section heading, else (None, "")."""
    if _APPLY_LINE.match(line):
        return "application", line
    if not line or len(line) > 60 or tx.is_bullet(line) and not re.match(r"^\s*[■□▶▷►●○◆◇★☆※#]", line):
        return None, ""
    head, inline = line, ""
    match = re.match(r"^(.{1,30}?)\s*[:：]\s*(.*)$", line)
    if match:
        head, inline = match.group(1), match.group(2).strip()
    cleaned = _HEADING_TAIL.sub("", _HEADING_DECOR.sub("", head))
    key_text = tx.compact(cleaned)
    if not key_text:
        return None, ""
    for alias, key in _ALIAS_INDEX:
        if key_text == alias:
            return key, inline
    if not match and len(key_text) <= 14:
        # "■ 자격요건 안내", "우대사항 및 기타": the alias leads a short heading
        for alias, key in _ALIAS_INDEX:
            if len(alias) >= 3 and key_text.startswith(alias) and len(key_text) - len(alias) <= 5:
                return key, inline
    return None, ""


def split_sections(text: str) -> tuple[str, list[Section]]:
    """(title line, sections in order). Lines before the first heading form a "summary" section;
    key-value lines like "근무지: 판교" become items of their section (merged when repeated)."""
    raw_lines = [line for line in tx.lines(text)]
    title = ""
    sections: list[Section] = []
    current: Section | None = None
    for line in raw_lines:
        if not line:
            continue
        key, inline = heading_key(line)
        if key is None and not title and not sections:
            title = line
            continue
        if key is not None:
            is_kv = bool(inline) and key in ("conditions", "application", "etc")
            if is_kv:
                line_item = line  # keep "근무지: 판교" whole, it reads better than "판교"
                existing = next((s for s in sections if s.key == key), None)
                target = existing or Section(key, SECTION_LABELS.get(key, key))
                if existing is None:
                    sections.append(target)
                target.items.append(line_item)
                current = target if current is None or current.key == key else current
                continue
            current = Section(key, _HEADING_DECOR.sub("", line.split(":")[0].split("：")[0]).strip() or key)
            sections.append(current)
            if inline:
                current.items.append(tx.strip_bullet(inline))
            continue
        if current is None:
            current = Section("summary", SECTION_LABELS["summary"])
            sections.append(current)
        item = tx.strip_bullet(line)
        if item:
            current.items.append(item)
    return title, _merge_same_keys(sections)


def _merge_same_keys(sections: list[Section]) -> list[Section]:
    merged: dict[str, Section] = {}
    out = []
    for section in sections:
        if section.key in merged and section.key != "summary":
            merged[section.key].items.extend(section.items)
            continue
        merged[section.key] = section
        out.append(section)
    return [s for s in out if s.items or s.key not in ("summary",)]


# --------------------------------------------------------------------------- facts

_EMPLOYMENT = [
    (r"채용\s*연계형\s*인턴|전환형\s*인턴", "전환형 인턴"), (r"정규직", "정규직"), (r"계약직", "계약직"),
    (r"파견직?", "파견직"), (r"인턴", "인턴"), (r"프리랜서|freelance", "프리랜서"),
    (r"아르바이트|파트타임|part[- ]time", "파트타임"), (r"full[- ]time|permanent", "정규직"),
    (r"contract(?:or)?\b|temporary", "계약직"), (r"internship|\bintern\b", "인턴"),
]
_REGIONS = ("서울|경기|인천|부산|대구|광주|대전|울산|세종|강원|충북|충남|전북|전남|경북|경남|제주|"
            "서울특별시|경기도|인천광역시|부산광역시|대구광역시|광주광역시|대전광역시|울산광역시|"
            "강원도|충청북도|충청남도|전라북도|전라남도|경상북도|경상남도|제주도|제주특별자치도")
_PLACES = ("판교|강남|성수|여의도|을지로|역삼|삼성동|구로|가산|마곡|송도|분당|광화문|종로|홍대|상암|"
           "remote|재택|원격")
_COMPANY_KV = re.compile(r"^(?:회사명|기업명|회사|기업|병원명|기관명|법인명|company(?: name)?|employer)\s*[:：]\s*(.+)$", re.I)
_POSITION_KV = re.compile(
    r"^(?:모집\s*분야|모집\s*직무|모집\s*부문|모집\s*직종|채용\s*포지션|채용\s*직무|채용\s*분야|포지션|직무|직군|직종|"
    r"position|job title|title|role)\s*[:：]\s*(.+)$", re.I)
_LOCATION_KV = re.compile(r"^(?:근무\s*지역?|근무\s*장소|근무\s*위치|근무처|위치|주소|location|office|work location)\s*[:：]\s*(.+)$", re.I)
_EMPLOYMENT_KV = re.compile(r"^(?:고용\s*형태|근무\s*형태|채용\s*형태|employment(?: type)?|job type)\s*[:：]\s*(.+)$", re.I)
_ROLE_NOUNS = ("개발자|엔지니어|디자이너|마케터|기획자|분석가|간호사|매니저|연구원|사이언티스트|컨설턴트|"
               "운영자|상담사|MD|PM|PO|developer|engineer|designer|manager|analyst|scientist|nurse|marketer|"
               "specialist|lead|architect|consultant")
_ROLE_RE = re.compile(rf"([가-힣A-Za-z0-9/·&+.\s]{{0,24}}?(?:{_ROLE_NOUNS}))", re.I)
_NOT_COMPANY = {"채용", "모집", "경력", "신입", "신입/경력", "경력/신입", "정규직", "계약직", "인턴", "공고",
                "긴급", "급구", "마감임박", "상시", "상시채용", "hiring", "urgent", "우리", "저희", "당사", "회사",
                "본사", "저희 회사", "우리 회사", "필수", "우대"}
_CORP_MARK = re.compile(r"(?:㈜|\(주\)|（주）|주식회사)\s*([가-힣A-Za-z0-9&][가-힣A-Za-z0-9&.\-]{0,20})"
                        r"|([가-힣A-Za-z0-9&][가-힣A-Za-z0-9&.\-]{0,20})\s*(?:㈜|\(주\)|（주）|주식회사)")
_TRAILING_PARTICLE = re.compile(r"(?<=..)(?:에서|은|는|이|가|의|에|와|과|을|를|로)$")
_DEADLINE_CUE = re.compile(r"마감|접수\s*기간|지원\s*기간|모집\s*기간|접수\s*일정|서류\s*접수|까지|deadline|apply by|"
                           r"closing date|closes|until", re.I)
_ROLLING = re.compile(r"상시\s*채용|상시\s*모집|채용\s*시\s*(?:조기\s*)?마감|수시\s*채용|rolling basis|until filled", re.I)
_YEARS_REQ = [
    re.compile(r"경력\s*(\d{1,2})\s*년\s*(?:이상|↑|\+)"),
    re.compile(r"(\d{1,2})\s*년\s*(?:이상|↑)\s*(?:의\s*)?(?:경력|경험|실무)?"),
    re.compile(r"(\d{1,2})\s*\+?\s*(?:years?|yrs?)\b", re.I),
]
_EDU = [(r"학력\s*무관", "학력 무관"), (r"박사", "박사 이상"), (r"석사", "석사 이상"),
        (r"(?:4년제\s*)?대학교?\s*졸업|대졸|학사", "대졸 이상"), (r"전문대|초대졸", "초대졸 이상"),
        (r"고졸|고등학교\s*졸업", "고졸 이상"), (r"bachelor'?s?|\bBS\b|\bB\.S\.", "대졸 이상")]
_ALT_MARKERS = re.compile(r"또는|혹은|\bor\b|중\s*(?:하나|1개|한\s*가지)|one of|such as|e\.g\.|\b등\b|등의|등을|등\s", re.I)


def _clean_title(title: str) -> str:
    return re.sub(r"\s+", " ", title).strip(" -–|·").rstrip(".。")


def find_company(title: str, sections: list[Section], text: str) -> str:
    bracket = re.match(r"^\s*[\[【<〈(]\s*([^\]】>〉)]{1,30}?)\s*[\]】>〉)]", title or "")
    if bracket:
        candidate = bracket.group(1).strip()
        if (candidate.lower() not in _NOT_COMPANY and candidate not in ("주", "株")
                and not re.search(r"채용|모집|경력|신입|\d+년", candidate)):
            return re.sub(r"^(?:㈜|\(주\)|주식회사)\s*|\s*(?:㈜|\(주\))$", "", candidate)
    for line in tx.lines(text):
        match = _COMPANY_KV.match(tx.strip_bullet(line))
        if match:
            return _strip_corp(match.group(1))
    for scope in (title, text):
        match = _CORP_MARK.search(scope or "")
        if match:
            name = _TRAILING_PARTICLE.sub("", (match.group(1) or match.group(2) or "").strip())
            if name and name not in _NOT_COMPANY:
                return name
    dashed = re.match(r"^(.+?)\s+[—–|@-]\s+(.+)$", title or "") or re.match(r"^(.+?)\s+at\s+(.+)$", title or "")
    if dashed:
        left, right = dashed.group(1).strip(), dashed.group(2).strip()
        # "Senior Backend Engineer — Acme Robotics": the side without a role noun is the company
        if _ROLE_RE.search(left) and not _ROLE_RE.search(right) and len(right) <= 40:
            return right
        if _ROLE_RE.search(right) and not _ROLE_RE.search(left) and len(left) <= 40:
            return left
    org = re.search(r"([가-힣A-Za-z0-9]{2,20}(?:병원|의료원|의료재단|대학교병원|보건소|은행|증권|재단|공사|공단))", title or "")
    if org:
        return org.group(1)
    intro = next((s for s in sections if s.key in ("intro", "summary")), None)
    if intro and intro.items:
        subject = re.match(r"^([가-힣A-Za-z0-9&·]{2,20}?)(?:은|는|이|가)\s", intro.items[0])
        if subject and subject.group(1) not in _NOT_COMPANY:
            return subject.group(1)
        english = re.match(r"^((?:[A-Z][A-Za-z0-9&.\-]*\s?){1,4}?)\s*(?:is|builds|makes|provides|helps|develops|was|operates)\b",
                           intro.items[0])
        if english:
            return english.group(1).strip()
    for pattern in (r"([가-힣A-Za-z0-9&·]{2,20})에서\s.{0,40}(?:모집|채용|찾습니다|찾고\s*있)",
                    r"\b(?:At|Join)\s+([A-Z][A-Za-z0-9&.\-]+(?:\s[A-Z][A-Za-z0-9&.\-]+)?)",
                    r"([A-Z][A-Za-z0-9&.\-]+(?:\s[A-Z][A-Za-z0-9&.\-]+)?)\s+is\s+(?:hiring|looking)",
                    r"^About\s+([A-Z][A-Za-z0-9&.\-]+(?:\s[A-Z][A-Za-z0-9&.\-]+)?)\s*$"):
        match = re.search(pattern, text, re.M)
        if match and match.group(1).lower() not in _NOT_COMPANY and match.group(1).lower() not in ("us", "the"):
            return match.group(1).strip()
    return ""


def _strip_corp(name: str) -> str:
    return re.sub(r"^(?:㈜|\(주\)|주식회사)\s*|\s*(?:㈜|\(주\)|주식회사)$", "", name.strip()).strip()


_INLINE_HEADING = re.compile(r"(?<=[.。!?;|])\s+(?=[^\s:：.。]{2,14}(?:\s[^\s:：.。]{1,8})?\s*[:：])")
_SENTENCE_CUT = re.compile(r"(?:[.。!?]\s|[.。!?]$|\s[|/]\s|\n)")


def break_inline_headings(text: str) -> str:
    """"백엔드 개발자. 자격요건: Python, Django" → the title and the heading on their own lines,
    so a posting pasted as one line still has a title and a requirements section."""
    out = []
    for line in text.split("\n"):
        parts = _INLINE_HEADING.split(line)
        if len(parts) > 1 and all(heading_key(p.strip())[0] for p in parts[1:]):
            out.extend(p.strip() for p in parts)
        else:
            out.append(line)
    return "\n".join(out)


def role_title(text: str, limit: int = 40) -> str:
    """A job title from a title or role line, never the posting's body: the text up to the first
    sentence end or inline heading; when that is still long, the role phrase inside it."""
    text = " ".join(break_inline_headings(text or "").split("\n")[0].split())
    cut = _SENTENCE_CUT.search(text)
    head = _clean_title(text[:cut.start()] if cut else text).rstrip(".。")
    if head and len(head) <= limit and not re.search(r"[:：]", head) and heading_key(head)[0] is None:
        return head
    match = _ROLE_RE.search(head or text)
    if match:
        role = _clean_title(match.group(1))
        role = re.sub(r"^.*[,:：]\s*", "", role).strip()
        if role and len(role) <= limit:
            return role
    return ""


def find_position(title: str, company: str, text: str) -> str:
    return role_title(_find_position(title, company, text), limit=60)


def _find_position(title: str, company: str, text: str) -> str:
    for line in tx.lines(text):
        match = _POSITION_KV.match(tx.strip_bullet(line))
        if match:
            value = re.sub(r"\s*\((?:[^)]*(?:\d+명|경력|신입|정규직|계약직|인턴|채용)[^)]*)\)", " ", match.group(1))
            return _clean_title(re.split(r"\s*[/|]\s*(?:\d+명|경력|신입)", value)[0])
    if title:
        rest = re.sub(r"^\s*[\[【<〈(][^\]】>〉)]*[\]】>〉)]\s*", "", title)
        if company:
            rest = rest.replace(company, " ")
            rest = re.sub(r"\s+(?:[—–|@-]|at)\s*$", " ", rest.strip())
        rest = re.sub(r"㈜|\(주\)|주식회사", " ", rest)
        rest = re.sub(r"\((?:[^)]*(?:경력|신입|년|명|정규직|계약직)[^)]*)\)", " ", rest)
        rest = re.sub(r"(?:신입\s*/\s*경력|경력\s*/\s*신입|신입|경력)\s*(?:\d+\s*년\s*이상)?", " ", rest)
        rest = re.sub(r"(?:을|를)?\s*(?:채용(?:합니다|공고)?|모집(?:합니다|공고)?|공고|구인|hiring|job posting)\b.*$", " ", rest, flags=re.I)
        rest = re.sub(r"에서\s*$", " ", rest.strip())
        rest = _clean_title(rest)
        if rest and len(rest) <= 60:
            return rest
    match = _ROLE_RE.search(text or "")
    return _clean_title(match.group(1)) if match else ""


def find_employment_type(text: str) -> str:
    for line in tx.lines(text):
        match = _EMPLOYMENT_KV.match(tx.strip_bullet(line))
        if match:
            for pattern, label in _EMPLOYMENT:
                if re.search(pattern, match.group(1), re.I):
                    return label
    for pattern, label in _EMPLOYMENT:
        if re.search(pattern, text or "", re.I):
            return label
    return ""


def find_location(text: str) -> str:
    for line in tx.lines(text):
        match = _LOCATION_KV.match(tx.strip_bullet(line))
        if match:
            return tx.clip(re.sub(r"\s*\(.*?\)\s*$", "", match.group(1)).strip(), 80)
    match = re.search(rf"((?:{_REGIONS})\s*[가-힣]+(?:시|구|군)(?:\s*[가-힣0-9]+(?:구|동|로|길))?)", text or "")
    if match:
        return match.group(1)
    match = re.search(rf"({_PLACES})", text or "", re.I)
    return match.group(1) if match else ""


def find_deadline(text: str, sections: list[Section], *, today: date | None = None) -> tuple[str | None, str]:
    """(ISO date or None, note). Takes the latest date on an application line; "상시" noted."""
    candidates: list[date] = []
    application_items = [item for s in sections if s.key in ("application", "conditions") for item in s.items]
    for line in [*application_items, *tx.lines(text)]:
        if not line or not _DEADLINE_CUE.search(line):
            continue
        if re.search(r"면접|코딩\s*테스트|과제|발표|입사|교육|OT|coding test|interview", line, re.I) and not re.search(
                r"마감|접수|지원|deadline|apply", line, re.I):
            continue
        candidates.extend(find_dates(line, today=today))
    if candidates:
        return max(candidates).isoformat(), ""
    rolling = _ROLLING.search(text or "")
    return None, ("상시 채용" if rolling else "")


def find_experience(text: str, sections: list[Section]) -> tuple[int | None, str]:
    """(minimum years or None, level: 신입 | 경력 | 신입/경력 | 경력 무관 | "")."""
    scope = "\n".join([*(item for s in sections if s.key in ("requirements", "summary", "conditions")
                         for item in s.items), _first_lines(text, 3)])
    years = []
    for pattern in _YEARS_REQ:
        years.extend(int(m.group(1)) for m in pattern.finditer(scope) if 0 < int(m.group(1)) <= 30)
    level = ""
    if re.search(r"경력\s*무관|경력무관|신입\s*가능|no experience required", text, re.I):
        level = "경력 무관"
    elif re.search(r"신입\s*/\s*경력|경력\s*/\s*신입|신입\s*및\s*경력", text):
        level = "신입/경력"
    elif re.search(r"\b신입\b|신입\s|신규\s*간호사|entry[- ]level|new grad", text, re.I):
        level = "신입"
    if years:
        level = level if level in ("신입/경력",) else "경력"
    return (min(years) if years else None), level


def find_education(text: str) -> str:
    for pattern, label in _EDU:
        if re.search(pattern, text or "", re.I):
            return label
    return ""


def _first_lines(text: str, n: int) -> str:
    return "\n".join([line for line in tx.lines(text) if line][:n])


# --------------------------------------------------------------------------- posting

# Soft skills ("소통 능력"), engineering practices ("API 설계", "성능 개선") and experience statements
# ("임상 경력") are said in many ways in a resume: they are competencies a person weighs, not
# skills to tick off, so they stay out of the required/preferred lists (and out of the score).
SOFT_GROUPS = {"soft_skills", "practices"}
EXPERIENCE_LIKE = {"Clinical Experience"}

def _line_kind(section_key: str | None, line: str, has_structure: bool) -> str:
    """required | preferred | core (담당업무, 기술 스택) | other (복리후생, 전형절차 …)."""
    lowered = line.lower()
    if re.search(r"우대|가산점|preferred|nice to have|is a plus|a plus|bonus", lowered):
        return "preferred"
    if section_key == "preferred":
        return "preferred"
    if section_key == "requirements" or re.search(r"필수|required|must", lowered):
        return "required"
    if section_key in ("responsibilities", "tech_stack"):
        return "core"
    if section_key in (None, "summary") and not has_structure:
        return "required"
    return "other"


def _line_groups(line: str, skills: list[Skill]) -> list[list[str]]:
    """Skills one line asks for; alternatives ("Java 또는 Kotlin", "MySQL, PostgreSQL 등") form one group."""
    names = tx.dedupe(s.name for s in skills)
    if len(names) < 2:
        return [names] if names else []
    between = [line[a.end:b.start] for a, b in zip(skills, skills[1:])]
    if _ALT_MARKERS.search(line) or any("/" in gap or "|" in gap for gap in between):
        return [names]
    return [[name] for name in names]


def analyze_posting(text: str, *, title: str = "", today: date | None = None) -> PostingAnalysis:
    text = break_inline_headings(tx.clean(text))
    first_line, sections = split_sections(text)
    headline = first_line or title
    has_structure = any(s.key in ("requirements", "preferred", "responsibilities") for s in sections)
    summary_lines = [first_line] if first_line else []

    required: list[list[str]] = []
    preferred: list[str] = []
    core: list[str] = []
    soft: list[str] = []
    for section_key, items in [("summary", summary_lines), *((s.key, s.items) for s in sections)]:
        for line in items:
            found = find_skills(line)
            soft.extend(s.name for s in found if s.group in SOFT_GROUPS or s.name in EXPERIENCE_LIKE)
            skills = [s for s in found if s.group not in SOFT_GROUPS and s.name not in EXPERIENCE_LIKE]
            kind = _line_kind(section_key, line, has_structure)
            if kind == "preferred":
                preferred.extend(s.name for s in skills)
            elif kind == "required":
                required.extend(_line_groups(line, skills))
            elif kind == "core":
                core.extend(s.name for s in skills)
    required_names = {name for group in required for name in group}
    preferred_set = set(preferred) - required_names
    # skills named only in 담당업무/기술 스택 are used every day: a person counts them as needed
    for name in tx.dedupe(core):
        if name not in required_names and name not in preferred_set:
            required.append([name])
            required_names.add(name)
    required = tx.dedupe(required, key=lambda g: tuple(sorted(g)))
    required_flat = tx.dedupe(name for group in required for name in group)
    preferred_flat = [name for name in tx.dedupe(preferred) if name not in required_names]

    def items_of(*keys: str) -> list[str]:
        return [item for s in sections if s.key in keys for item in s.items]

    requirements = items_of("requirements")
    responsibilities = items_of("responsibilities")
    if not requirements and not has_structure:
        requirements = [line for s in sections for line in s.items if find_skills(line) or _YEARS_REQ[1].search(line)][:10]
    company = find_company(headline, sections, text)
    position = find_position(headline, company, text)
    deadline, deadline_note = find_deadline(text, sections, today=today)
    min_years, level = find_experience(text, sections)
    keyword_source = "\n".join([*responsibilities, *requirements, *items_of("preferred")]) or text
    keywords = tx.dedupe([*required_flat, *preferred_flat, *tx.dedupe(soft)[:4],
                          *_domain_keywords("\n".join([headline, keyword_source]), full_text=text, exclude=company)],
                         key=str.lower)[:18]
    return PostingAnalysis(
        engine="local", title=_clean_title(title or headline)[:255], company=company, position=position,
        sections=[s.as_dict() for s in sections], required_groups=required, required_skills=required_flat,
        preferred_skills=preferred_flat, keywords=keywords, soft_skills=tx.dedupe(soft), requirements=requirements, responsibilities=responsibilities,
        preferred=items_of("preferred"), benefits=items_of("benefits"), process=_process_steps(items_of("process")),
        deadline=deadline, deadline_note=deadline_note, employment_type=find_employment_type(text),
        location=find_location(text), min_years=min_years, experience_level=level,
        education=find_education("\n".join(requirements) or text),
    )


_GENERIC_WORDS = {"경험", "경력", "이상", "개발", "업무", "관련", "능력", "보유", "활용", "이해", "사용", "기반",
                  "우대", "가능", "지원", "담당", "설계", "운영", "서비스", "프로젝트", "역량", "분야", "필수", "분석",
                  "성과", "면접", "정규직", "계약직", "소지자", "경력자", "경험자", "지원자", "자격", "근무", "주식회사",
                  "회사", "팀", "채용", "모집", "공고", "the", "and", "with", "experience", "years", "work", "skills",
                  "ability", "knowledge", "strong"}
_HEADING_WORDS = {alias for alias, _key in _ALIAS_INDEX}


def _domain_keywords(text: str, *, full_text: str, exclude: str = "") -> list[str]:
    """Topic words of the posting that are not skills (결제, 정산, 병동 …): ai.nlp keywords that the
    posting repeats, minus headings, the company's own name and generic job-ad words."""
    out = []
    for keyword in _keywords(text, 20):
        word = keyword.strip()
        if (len(word) < 2 or word.lower() in _GENERIC_WORDS or tx.compact(word) in _HEADING_WORDS
                or (exclude and (word in exclude or exclude in word)) or re.fullmatch(r"[\d\W_]+", word)
                or re.fullmatch(r"[a-z][a-z/\-]*", word) or re.search(r"[고며는은게서]$", word) and len(word) <= 3):
            continue
        if full_text.count(word) < 2:
            continue
        out.append(word)
    return out[:6]


def _keywords(text: str, k: int) -> list[str]:
    from ai.nlp.keywords import extract_keywords

    return [kw.term for kw in extract_keywords(text or "", k) if not kw.skill]


def _process_steps(items: list[str]) -> list[str]:
    steps = []
    for item in items:
        parts = re.split(r"\s*(?:→|->|>|⇒|▶|➡|»)\s*", item)
        steps.extend(p.strip(" -") for p in parts if p.strip(" -"))
    return steps


# --------------------------------------------------------------------------- resume

_RESUME_HEADINGS = {
    "career": ["경력", "경력사항", "경력 사항", "경력기술서", "경력 기술서", "업무 경력", "직장 경력", "임상 경력",
               "work experience", "experience", "professional experience", "employment history", "career"],
    "education": ["학력", "학력사항", "학력 사항", "학력 및 자격", "학력및자격", "education", "교육", "교육 이수",
                  "교육사항", "교육 사항", "교육 및 연수", "연수"],
    "skills": ["기술", "기술스택", "기술 스택", "보유 기술", "보유기술", "역량", "핵심 역량", "skills",
               "technical skills", "tech stack", "스킬", "활용 툴", "툴"],
    "projects": ["프로젝트", "주요 프로젝트", "projects", "포트폴리오", "portfolio", "캠페인", "주요 캠페인"],
    "certifications": ["자격증", "자격", "자격 및 면허", "면허", "면허 및 자격", "자격사항", "certifications",
                       "licenses", "수상", "수상 및 자격"],
    "summary": ["요약", "소개", "자기소개", "summary", "profile", "about", "about me", "간단 소개"],
    "activities": ["대외활동", "대외 활동", "활동", "activities", "봉사활동", "동아리"],
}
_RESUME_ALIAS_INDEX = sorted(((tx.compact(a), k) for k, aliases in _RESUME_HEADINGS.items() for a in aliases),
                             key=lambda item: -len(item[0]))
_DATE_POINT = r"(\d{4})\s*(?:[.\-/년]\s*(\d{1,2})\s*월?)?"
_RANGE_RE = re.compile(
    _DATE_POINT + r"\s*(?:~|–|—|-|부터|to|until)\s*(?:" + _DATE_POINT + r"|(현재|재직\s*중|재직중|근무\s*중|present|now|current))",
    re.I)
_YEARS_MENTION = [
    re.compile(r"(?:경력|실무|개발|근무|경험|임상)\s*(?:경력\s*)?(\d{1,2})\s*년"),
    re.compile(r"(?<![\d.])(\d{1,2})\s*년\s*(?:차|간|동안|째)"),
    re.compile(r"(\d{1,2})\s*\+?\s*years?\s+(?:of\s+)?(?:experience|exp)", re.I),
]
_METRIC = re.compile(
    r"(?<![\d,.])\d[\d,.]*+\s*(?:%|퍼센트|%p|배|건|ms|초|분|시간|일|명|원|만|억|천|개|위|점|회|km|x|배수|k\b|K\b|M\b|포인트|p\b|병상)"
    r"|(?:→|->|⇒|에서\s*[\d,.]+)|(?<!\d)\d++\s*(?:% |percent)|[↑↓]", re.I)
_DATE_NOISE = re.compile(r"\d{4}\s*[.\-/년]\s*\d{1,2}\s*월?(?:\s*[.\-/]\s*\d{1,2})?|\(\d{4}\)|\d{4}\s*년")
_ROLE_LINE = re.compile(rf"({_ROLE_NOUNS})", re.I)


@dataclass
class ResumeFacts:
    headline: str
    role: str
    skills: list[str]
    skill_groups: dict[str, str]
    years: float
    achievements: list[str]
    certifications: list[str]
    projects: int
    sections: dict[str, list[str]]
    length: int


def _resume_heading(line: str) -> str | None:
    if len(line) > 30:
        return None
    cleaned = tx.compact(_HEADING_DECOR.sub("", line.split(":")[0].split("：")[0]))
    for alias, key in _RESUME_ALIAS_INDEX:
        if cleaned == alias:
            return key
    return None


def resume_sections(text: str) -> tuple[str, dict[str, list[str]]]:
    headline, out, current = "", {}, "top"
    for line in tx.lines(text):
        if not line:
            continue
        key = _resume_heading(line)
        if key:
            current = key
            out.setdefault(key, [])
            continue
        if not headline:
            headline = line
        out.setdefault(current, []).append(line)
    return headline, out


def _month_index(year: str, month: str | None) -> int:
    return int(year) * 12 + (int(month) if month and 1 <= int(month) <= 12 else 1) - 1


def career_months(text: str, sections: dict[str, list[str]], *, today: date | None = None) -> int:
    """Months worked: date ranges outside 학력/교육/활동, overlapping jobs counted once."""
    today = today or date.today()
    excluded = {line for key in ("education", "activities") for line in sections.get(key, [])}
    spans = []
    for line in tx.lines(text):
        if not line or line in excluded or re.search(r"졸업|입학|학사|석사|박사|대학교|고등학교|부트캠프|교육과정|수료", line):
            continue
        for match in _RANGE_RE.finditer(line):
            start = _month_index(match.group(1), match.group(2))
            if match.group(5):
                end = today.year * 12 + today.month - 1
            else:
                end = _month_index(match.group(3), match.group(4))
            if 1950 * 12 < start <= end <= (today.year + 1) * 12:
                spans.append((start, end + 1))
    spans.sort()
    total, cursor = 0, None
    for start, end in spans:
        if cursor is None or start >= cursor:
            total += end - start
            cursor = end
        elif end > cursor:
            total += end - cursor
            cursor = end
    return total


def stated_years(text: str) -> float:
    found = []
    for pattern in _YEARS_MENTION:
        found.extend(int(m.group(1)) for m in pattern.finditer(text or "") if 0 < int(m.group(1)) <= 40)
    return float(max(found)) if found else 0.0


def achievements_of(text: str) -> list[str]:
    """Lines (or sentences) that carry a measured outcome: numbers with units, %, arrows."""
    out = []
    for line in tx.lines(text):
        item = tx.strip_bullet(line)
        if len(item) < 8:
            continue
        for sentence in (split_sentences(item) if len(item) > 160 else [item]):
            stripped = _DATE_NOISE.sub(" ", sentence)
            if re.search(r"\d", stripped) and _METRIC.search(stripped) and not re.match(
                    r"^(?:이메일|email|전화|연락처|phone|깃허브|github)", sentence, re.I):
                out.append(sentence.strip())
    return tx.dedupe(out)


_CERT_RE = re.compile(
    r"(정보처리(?:산업)?기사|정보보안기사|SQLD|SQLP|ADsP|ADP|빅데이터분석기사|컴퓨터활용능력\s*\d급|"
    r"AWS\s*(?:Certified\s*)?[A-Za-z \-–]*(?:Associate|Professional|Practitioner|Specialty)|AWS\s*SAA|CKA|CKAD|"
    r"OCJP|리눅스마스터\s*\d급|네트워크관리사\s*\d급|구글 애널리틱스\s*(?:자격증|GAIQ)?|GAIQ|"
    r"간호사\s*면허|전문간호사|BLS|ACLS|KALS|PALS|TOEIC\s*\d+|TOEIC Speaking\s*\w+|OPIc\s*\w+|"
    r"검색광고마케터\s*\d급|사회조사분석사\s*\d급|경영정보시각화능력|Tableau\s*(?:Desktop\s*)?Specialist|"
    r"CPA|AICPA|PMP|Google Ads\s*(?:인증|Certification))", re.I)


def analyze_resume(text: str, *, today: date | None = None) -> ResumeFacts:
    text = tx.clean(text)
    headline, sections = resume_sections(text)
    skills = find_skills(text)
    counts: dict[str, int] = {}
    groups: dict[str, str] = {}
    for skill in skills:
        counts[skill.name] = counts.get(skill.name, 0) + 1
        groups.setdefault(skill.name, skill.group)
    ordered = sorted(counts, key=lambda name: (-counts[name], [s.name for s in skills].index(name)))
    months = career_months(text, sections, today=today)
    years = round(months / 12, 1) if months else stated_years(text)
    role_match = _ROLE_LINE.search(headline) or _ROLE_LINE.search(" ".join(sections.get("summary", [])[:2]))
    role = ""
    if role_match:
        head = headline if _ROLE_LINE.search(headline) else " ".join(sections.get("summary", [])[:2])
        role = _role_phrase(head)
    certs = tx.dedupe(m.group(1).strip() for m in _CERT_RE.finditer(text))
    projects = len([line for line in sections.get("projects", []) if not tx.is_bullet(line) or "—" in line or " - " in line])
    return ResumeFacts(headline=headline, role=role, skills=ordered, skill_groups=groups, years=years,
                       achievements=achievements_of(text), certifications=certs, projects=projects,
                       sections=sections, length=len(text))


def _role_phrase(text: str) -> str:
    match = re.search(rf"([가-힣A-Za-z/·]+\s)?([가-힣A-Za-z/·]*(?:{_ROLE_NOUNS}))", text, re.I)
    if not match:
        return ""
    phrase = (match.group(0) or "").strip()
    return re.sub(r"^[|\-–·]+\s*", "", phrase)


# Skill groups of ai.nlp.skills that make a resume a software one, and the gaps a reviewer of
# such a resume notices first (each checked by the skills that would fill it).
TECH_GROUPS = {"languages", "frameworks", "cloud", "devops", "practices"}
GAP_SKILLS = {
    "cloud": lambda name, group: group == "cloud",
    "testing": lambda name, group: name in {"Jest", "pytest", "JUnit", "Selenium", "Cypress", "Playwright",
                                            "Unit Testing", "Integration Testing", "End-to-End Testing",
                                            "Test-Driven Development", "Behavior-Driven Development",
                                            "Quality Assurance"},
    "devops": lambda name, group: name in {"Docker", "Kubernetes", "CI/CD", "GitHub Actions", "GitLab CI",
                                           "Jenkins", "CircleCI", "Argo CD", "Terraform", "Helm"},
}
GAP_ADVICE = {
    "cloud": ("클라우드(AWS·GCP·Azure) 경험이 드러나지 않음",
              "AWS 자격증(예: AWS SAA) 취득이나 클라우드에 직접 배포·운영한 경험을 추가하세요"),
    "testing": ("테스트 코드·자동화 경험이 드러나지 않음",
                "단위·통합 테스트를 작성한 경험(pytest, JUnit, Jest 등)과 커버리지 수치를 적어 보세요"),
    "devops": ("배포·운영(CI/CD, 컨테이너) 경험이 드러나지 않음",
               "Docker, CI/CD 파이프라인을 구성하거나 운영한 경험을 한 줄이라도 명시하세요"),
}


def resume_review(facts: ResumeFacts) -> tuple[list[str], list[str], list[str]]:
    """(strengths, weaknesses, suggestions) in Korean, each naming what it is about."""
    strengths, weaknesses, suggestions = [], [], []
    role = facts.role or "직무"
    if facts.years >= 1:
        strengths.append(f"{role} 경력 약 {_years_text(facts.years)}")
    top = facts.skills[:5]
    if top:
        strengths.append(f"{korean.join(top)} 활용 경험")
    if len(facts.achievements) >= 2:
        strengths.append(f"수치로 증명한 성과 {len(facts.achievements)}건 (예: '{tx.clip(facts.achievements[0], 60)}')")
    if facts.certifications:
        strengths.append(f"자격·면허 보유: {korean.join(facts.certifications[:4])}")
    if facts.projects >= 2:
        strengths.append(f"프로젝트 경험 {facts.projects}건 정리")

    if not facts.achievements:
        weaknesses.append("성과가 수치로 드러나지 않음")
        suggestions.append("경력 bullet을 '무엇을 해서 → 어떤 수치가 바뀌었는지' 형식으로 바꾸세요 "
                           "(예: '쿼리 튜닝으로 응답시간 40% 단축')")
    elif len(facts.achievements) == 1:
        suggestions.append("수치로 된 성과가 1건뿐입니다. 다른 경력 항목에도 규모·개선 폭을 숫자로 더하세요")
    if facts.years and facts.years < 1:
        weaknesses.append(f"실무 경력이 짧음 (약 {round(facts.years * 12)}개월)")
        suggestions.append("짧은 경력은 프로젝트의 깊이(맡은 역할, 문제 해결 과정)로 보완하세요")
    tech = sum(1 for name in facts.skills if facts.skill_groups.get(name) in TECH_GROUPS)
    if not facts.sections.get("skills") and tech >= 3:
        suggestions.append("보유 기술을 한눈에 볼 수 있는 '기술' 섹션을 따로 만드세요")
    tech = sum(1 for name in facts.skills if facts.skill_groups.get(name) in TECH_GROUPS)
    if tech >= 3:
        for gap, fills in GAP_SKILLS.items():
            if not any(fills(name, facts.skill_groups.get(name, "")) for name in facts.skills):
                weakness, suggestion = GAP_ADVICE[gap]
                weaknesses.append(weakness)
                suggestions.append(suggestion)
    if facts.length < 400 and len(facts.achievements) < 2:
        weaknesses.append("이력서 분량이 적어 역량을 판단할 근거가 부족함")
        suggestions.append("경력·프로젝트마다 맡은 역할, 사용 기술, 결과를 2~3줄씩 적으세요")
    if not facts.skills:
        weaknesses.append("직무 관련 기술·도구가 명시되지 않음")
        suggestions.append("업무에 쓴 도구와 기술 이름을 그대로 적으세요 (서류 검토에서 키워드로 찾습니다)")
    return strengths, weaknesses, suggestions


def _years_text(years: float) -> str:
    whole = int(years)
    months = round((years - whole) * 12)
    if months >= 12:
        whole, months = whole + 1, 0
    if whole and months:
        return f"{whole}년 {months}개월"
    return f"{whole}년" if whole else f"{months}개월"


# --------------------------------------------------------------------------- match

WEIGHTS = {"required": 0.55, "preferred": 0.15, "similarity": 0.20, "experience": 0.10}
# cosine range of the embeddings that spans "unrelated" → "same kind of job" (measured on the
# fixture postings and resumes with the hashing embedder; see tests/postings)
SIMILARITY_FLOOR, SIMILARITY_CEIL = 0.05, 0.50




def similarity_score(similarity: float) -> float:
    span = SIMILARITY_CEIL - SIMILARITY_FLOOR
    return max(0.0, min(1.0, (similarity - SIMILARITY_FLOOR) / span))


@dataclass
class MatchFacts:
    score: int
    grade: str
    matched_skills: list[str]
    missing_skills: list[str]
    matched_required: list[str]
    missing_required: list[list[str]]
    matched_preferred: list[str]
    missing_preferred: list[str]
    similarity: float
    components: dict[str, float | None]
    recommendations: list[str]


def match(resume_text: str, resume: ResumeFacts, posting: PostingAnalysis, *, similarity: float) -> MatchFacts:
    have = {name.lower() for name in resume.skills}

    def has(name: str) -> bool:
        return name.lower() in have or skill_mentioned(name, resume_text)

    satisfied, missing_groups, matched_required = 0, [], []
    for group in posting.required_groups:
        hits = [name for name in group if has(name)]
        if hits:
            satisfied += 1
            matched_required.extend(hits)
        else:
            missing_groups.append(group)
    matched_pref = [name for name in posting.preferred_skills if has(name)]
    missing_pref = [name for name in posting.preferred_skills if not has(name)]
    required_share = satisfied / len(posting.required_groups) if posting.required_groups else None
    relevance = required_share if required_share is not None else similarity_score(similarity)
    components: dict[str, float | None] = {
        "required": required_share,
        "preferred": len(matched_pref) / len(posting.preferred_skills) if posting.preferred_skills else None,
        "similarity": similarity_score(similarity),
        # years in an unrelated job are not the experience the posting asks for
        "experience": (min(1.0, resume.years / posting.min_years) * relevance if posting.min_years else None),
    }
    used = {key: WEIGHTS[key] for key, value in components.items() if value is not None}
    total_weight = sum(used.values()) or 1.0
    raw = sum(WEIGHTS[key] * components[key] for key in used) / total_weight
    score = max(0, min(100, int(math.floor(raw * 100 + 0.5))))
    matched = tx.dedupe([*matched_required, *matched_pref])
    missing = tx.dedupe([name for group in missing_groups for name in group] + missing_pref)
    return MatchFacts(
        score=score, grade=grade_for(score), matched_skills=matched, missing_skills=missing,
        matched_required=tx.dedupe(matched_required), missing_required=missing_groups,
        matched_preferred=matched_pref, missing_preferred=missing_pref, similarity=round(similarity, 4),
        components={k: (round(v, 3) if v is not None else None) for k, v in components.items()},
        recommendations=recommendations(resume_text, resume, posting, missing_groups, missing_pref, matched),
    )


_TOOL_GROUPS = {"languages", "frameworks", "data", "cloud", "devops", "design", "marketing", "business"}


def _missing_advice(names: list[str], groups: dict[str, str]) -> str:
    shown = " 또는 ".join(names[:3])
    head = (f"필수 요건인 {shown} 중 하나의 경험이 이력서에서 보이지 않습니다. " if len(names) > 1
            else f"필수 요건인 {shown} 경험이 이력서에서 보이지 않습니다. ")
    body = "관련 경험이 있다면 경력 항목에 무엇을, 어떤 규모로 해서 어떤 결과를 냈는지 한 줄로 추가하세요. "
    if groups.get(names[0]) in _TOOL_GROUPS:
        tail = f"없다면 {korean.josa(names[0], '을/를')} 사용한 작은 프로젝트로 먼저 경험을 쌓으세요."
    else:
        tail = "없다면 관련 교육 이수나 자격 취득 계획을 함께 밝히세요."
    return head + body + tail


def recommendations(resume_text: str, resume: ResumeFacts, posting: PostingAnalysis,
                    missing_groups: list[list[str]], missing_pref: list[str], matched: list[str]) -> list[str]:
    out = []
    groups = {name: skill_group(name) for g in missing_groups for name in g}
    groups.update({name: skill_group(name) for name in missing_pref})
    total = len(posting.required_groups)
    if missing_groups and len(missing_groups) >= max(3, (total + 1) // 2):
        names = korean.join([" 또는 ".join(g[:2]) for g in missing_groups[:6]])
        out.append(f"필수 요건 {total}개 중 {len(missing_groups)}개({names})가 이력서에서 확인되지 않습니다. "
                   "지금 이력서로는 이 공고와 거리가 멉니다. 관련 경험이 있다면 공고와 같은 이름으로 경력에 적고, "
                   "없다면 요건이 더 맞는 공고를 함께 검토하세요.")
        out.append(_missing_advice(missing_groups[0], groups))
    else:
        out.extend(_missing_advice(group, groups) for group in missing_groups[:3])
    if missing_pref:
        names = korean.join(missing_pref[:4])
        tail = (f"없다면 {korean.josa(missing_pref[0], '을/를')} 활용한 사이드 프로젝트로 보완하는 것을 추천합니다."
                if groups.get(missing_pref[0]) in _TOOL_GROUPS else "없다면 면접에서 배울 계획을 말할 수 있게 준비하세요.")
        out.append(f"우대사항 {names} 중 경험이 있는 항목은 기술·자격과 경력에 명시하세요. {tail}")
    if posting.min_years and resume.years and resume.years < posting.min_years:
        out.append(f"공고는 경력 {posting.min_years}년 이상을 요구하지만 이력서에서 확인되는 경력은 약 "
                   f"{_years_text(resume.years)}입니다. 비슷한 업무를 얼마나 깊이 해 봤는지 규모와 성과로 보여 주세요.")
    if matched:
        top = matched[:3]
        out.append(f"공고의 핵심 요건 {korean.join(top)}에 맞는 성과를 이력서 요약 첫 부분에 배치해 적합성을 분명히 하세요.")
    if len(resume.achievements) < 2:
        out.append("성과를 수치로 표현하세요 (예: '배포 시간 40분 → 8분', '전환율 12% 향상'). "
                   "숫자가 있는 문장이 서류 검토에서 가장 먼저 읽힙니다.")
    lowered = resume_text.lower()
    absent = [kw for kw in posting.keywords if kw.lower() not in lowered and kw not in posting.required_skills
              and kw not in posting.preferred_skills and kw not in posting.soft_skills and len(kw) >= 2][:3]
    if absent:
        quoted = ", ".join(f"'{kw}'" for kw in absent)
        out.append(f"공고의 핵심어 {quoted} 관련 경험이 있다면 공고와 같은 단어로 표현하세요.")
    return out[:7]

