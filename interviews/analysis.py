"""Reading an interview answer: what it contains (numbers, own role, result, reasons, STAR parts,
named technologies) and the short quotes that feedback and follow-ups point at.

Pure text rules in Korean and English; the local engine builds on them and the openai engine
uses them as hints and as a check on what the model says.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ai.nlp import skills as nlp_skills
from ai.nlp import text as nlp_text

HANGUL = re.compile(r"[\uac00-\ud7a3]")

_NUM_KO = r"(?:한|두|세|네|다섯|여섯|일곱|여덟|아홉|열|수십|수백|수천|몇십|몇백)\s?(?:배|명|달|개월|주|시간|분|초|번|건|개|차례|팀|곳|가지|퍼센트|프로)"
NUMBERS = re.compile(
    r"\d|" + _NUM_KO + r"|절반|반으로|두\s?배|세\s?배|"
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|"
    r"hundred|thousand|million|twice|double|doubled|triple|tripled|half|halved|dozen|percent)\b",
    re.IGNORECASE,
)
ROLE = re.compile(
    r"제가|제\s?역할|저의\s?역할|직접|담당|맡아|맡았|맡은|맡고|주도|책임지|책임을|리드|이끌|"
    r"\bmy (?:role|part|responsibility|task)\b|\bI (?:was responsible|led|owned|built|designed|wrote|implemented|"
    r"created|proposed|decided|set up|migrated|introduced|developed|analy[sz]ed|fixed|refactored|automated|"
    r"organi[sz]ed|managed|coordinated|handled|drove|took)\b|\bmyself\b",
    re.IGNORECASE,
)
TEAM = re.compile(r"우리|저희|팀|함께|같이|다 같이|\bwe\b|\bour\b|\bteam\b|\btogether\b", re.IGNORECASE)
RESULT = re.compile(
    r"결과|성과|개선했|개선되|개선됐|개선시켰|개선하였|향상했|향상되|향상됐|향상시켰|감소했|감소시켰|감소하였|감소됐|"
    r"증가했|증가시켰|증가하였|증가됐|줄였|줄어들|줄었|늘었|늘렸|늘어났|달성|단축|절감|높였|높아졌|낮췄|낮아졌|"
    r"해결했|해결되|해결됐|성공했|성공적|완료했|출시했|배웠|배운 점|깨달|얻었|받았|"
    r"\bresult(?:s|ed)?\b|\bimproved\b|\breduced\b|\bincreased\b|\bachieved\b|\bcut\b|\bsaved\b|\bfaster\b|"
    r"\bdecreased\b|\bgrew\b|\blaunched\b|\bshipped\b|\blearn(?:ed|t)\b|\boutcome\b|\bsolved\b|\bfixed\b|"
    r"\bdropped\b|\braised\b|\bwent (?:up|down)\b",
    re.IGNORECASE,
)
REASONS = re.compile(
    r"때문|이유|위해|위하여|왜냐|그래서|판단|고려|비교|대안|장점|단점|선택한|선택했|트레이드오프|"
    r"\bbecause\b|\bsince\b|\bso that\b|\bin order to\b|\breason|\bto avoid\b|\btrade-?offs?\b|\bcompared\b|"
    r"\bchose\b|\bdecided\b|\binstead of\b|\brather than\b",
    re.IGNORECASE,
)
SITUATION = re.compile(
    r"당시|상황|프로젝트|인턴|회사|동아리|학기|수업|대회|서비스에서|운영 중|근무|재직|"
    r"\bproject\b|\bat my\b|\bin my\b|\bwhen\b|\bduring\b|\bwhile\b|\binternship\b|\bprevious (?:job|company|role)\b",
    re.IGNORECASE,
)
TASK = re.compile(
    r"목표|과제|문제|요구|해야|필요했|필요한|어려움|이슈|장애|병목|"
    r"\bgoal\b|\btask\b|\bneeded to\b|\bhad to\b|\bproblem\b|\bchallenge\b|\bissue\b|\bbottleneck\b|\brequirement",
    re.IGNORECASE,
)
ACTION = re.compile(
    r"구현|설계|도입|개발|적용|작성|분석|만들|구축|수정|리팩터|자동화|조율|제안|개선했|측정|테스트|배포|"
    r"\bbuilt\b|\bimplement|\bdesign|\bintroduc|\bwrote\b|\banaly[sz]|\bcreated\b|\bset up\b|\bmigrat|\brefactor|"
    r"\bautomat|\bpropos|\bmeasur|\btested\b|\bdeploy|\bprofil",
    re.IGNORECASE,
)
HEDGES = re.compile(
    r"아마|잘 모르\w*|모르겠\w*|글쎄\w*|것 같\w*|듯합니다|듯해요|어쩌면|확실하지\w*|"
    r"\bmaybe\b|\bprobably\b|\bi guess\b|\bi think\b|\bnot sure\b|\bi don't know\b|\bkind of\b|\bsort of\b|\bperhaps\b",
    re.IGNORECASE,
)

GAP_ORDER = ("numbers", "role", "result", "reasons")


def detect_language(text: str) -> str:
    """'ko' when Hangul dominates the letters, else 'en' (empty text counts as Korean)."""
    hangul = len(HANGUL.findall(text or ""))
    latin = len(re.findall(r"[A-Za-z]", text or ""))
    if not hangul and not latin:
        return "ko"
    return "ko" if hangul * 2 >= latin * 0.5 else "en"


@dataclass
class AnswerFacts:
    text: str
    language: str
    sentences: list[str]
    words: int
    numbers: list[str]
    has_role: bool
    team_only: bool
    has_result: bool
    has_reasons: bool
    star: dict[str, bool]
    skills: list[dict] = field(default_factory=list)  # [{"name", "group"}]
    hedges: list[str] = field(default_factory=list)

    @property
    def substantive(self) -> bool:
        """Long enough that asking what it left out makes sense."""
        return self.words >= 8

    def gaps(self) -> list[str]:
        found = []
        if not self.numbers:
            found.append("numbers")
        if not self.has_role:
            found.append("role")
        if not self.has_result:
            found.append("result")
        if not self.has_reasons:
            found.append("reasons")
        return found


def word_count(text: str, language: str) -> int:
    """Words for English; for Korean, eojeol (space-separated units), which interviewers count too."""
    return len([w for w in re.split(r"\s+", text.strip()) if re.search(r"\w", w)])


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in nlp_text.split_sentences(text or "") if s.strip()]


def find_skills(text: str) -> list[dict]:
    seen, out = set(), []
    for match in nlp_skills.find_skills(text or ""):
        if match.name.lower() in seen:
            continue
        seen.add(match.name.lower())
        out.append({"name": match.name, "group": getattr(match, "group", "") or ""})
    return out


def analyse(text: str, language: str | None = None) -> AnswerFacts:
    text = (text or "").strip()
    language = language or detect_language(text)
    sentences = split_sentences(text)
    has_role = bool(ROLE.search(text))
    star = {
        "situation": bool(SITUATION.search(text)),
        "task": bool(TASK.search(text)),
        "action": bool(ACTION.search(text)) or has_role,
        "result": bool(RESULT.search(text)),
    }
    return AnswerFacts(
        text=text, language=language, sentences=sentences, words=word_count(text, language),
        numbers=[m.group(0) for m in NUMBERS.finditer(text)],
        has_role=has_role, team_only=bool(TEAM.search(text)) and not has_role,
        has_result=star["result"], has_reasons=bool(REASONS.search(text)), star=star,
        skills=find_skills(text), hedges=[m.group(0) for m in HEDGES.finditer(text)],
    )


def shorten(sentence: str, limit: int = 48) -> str:
    """A quote short enough to read aloud: cut at a word boundary and mark the cut."""
    sentence = " ".join(sentence.split()).strip(" .。!?\"'“”‘’")
    if len(sentence) <= limit:
        return sentence
    cut = sentence[:limit]
    space = cut.rfind(" ")
    if space > limit * 0.5:
        cut = cut[:space]
    return cut.rstrip(",·;: ") + "…"


def sentence_with(sentences: list[str], pattern: re.Pattern | None) -> str | None:
    if pattern is None:
        return None
    for sentence in sentences:
        if pattern.search(sentence):
            return sentence
    return None


def quote_for_gap(facts: AnswerFacts, gap: str) -> str:
    """The part of the answer a follow-up about `gap` should point at."""
    sentences = facts.sentences or [facts.text]
    if gap == "numbers":
        chosen = sentence_with(sentences, RESULT) or sentence_with(sentences, ACTION)
    elif gap == "role":
        chosen = sentence_with(sentences, TEAM) or sentence_with(sentences, ACTION)
    elif gap == "result":
        chosen = sentence_with(list(reversed(sentences)), ACTION)
    else:  # reasons: the decision itself, usually where a technology or an action is named
        names = [s["name"] for s in facts.skills]
        skill_pattern = re.compile("|".join(re.escape(n) for n in names), re.IGNORECASE) if names else None
        chosen = sentence_with(sentences, skill_pattern) or sentence_with(sentences, ACTION)
    return shorten(chosen or sentences[0])


def quote_sentence(facts: AnswerFacts, pattern: re.Pattern) -> str | None:
    found = sentence_with(facts.sentences or [facts.text], pattern)
    return shorten(found, 80) if found else None


def normalise_question(text: str) -> str:
    """For the never-repeat check: case, spacing and punctuation do not make a new question."""
    return re.sub(r"[\W_]+", "", (text or "").lower())
