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


_NUM_KO = r"(?:한|두|세|네|다섯|여섯|일곱|여덟|아홉|열|수십|수백|수천|몇십|몇백)\s?(?:배|명|달|개월|주|시간|분|초|번|건|개|차례|팀|곳|가지|퍼센트|프로)"
# 천/만/억 after a Sino-Korean numeral or a digit (2천, 삼천, 수만), 배, %, per-second rates.
_NUM_SINO = r"(?:[일이삼사오육칠팔구십백]|수|몇)\s?(?:천|만|억)(?=\s?[가-힣]|\b)|\b(?:천|만|억)\s?(?:명|건|원|개|회|번)"
NUMBERS = re.compile(
    r"\d|" + _NUM_KO + "|" + _NUM_SINO + r"|절반|반으로|반절|두\s?배|세\s?배|초당|분당|퍼센트|"
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|"
    r"hundred|thousand|million|twice|double|doubled|triple|tripled|half|halved|dozen|percent)\b",
    re.IGNORECASE,
)
ROLE = re.compile(
    r"제가|제\s?역할|저의\s?역할|직접|담당|맡아|맡았|맡은|맡고|주도|책임지|책임을|리드|이끌|"
    r"\bmy (?:role|part|responsibility|task)\b|\bI (?:was responsible|led|owned|built|designed|wrote|implemented|"
    r"created|proposed|decided|set up|migrated|introduced|developed|analy[sz]ed|fixed|refactored|automated|"
    r"organi[sz]ed|managed|coordinated|handled|drove|took)\b|\bmyself\b"
    r"|\bI\s+(?:split|rewrote|wrote|built|ran|made|set|cut|found|led|drove|took|chose|brought|put|gave|taught|sent|"
    r"kept|began|spent|shipped|did|ran|held|sat|met|told|spoke|went)\b"
    r"|\bI\s+(?!think\b|guess\b|believe\b|feel\b|felt\b|hope\b|don't\b|do\b|did not\b|am\b|was\b|have\b|had\b)\w+ed\b",
    re.IGNORECASE,
)
TEAM = re.compile(r"우리|저희|팀|함께|같이|다 같이|\bwe\b|\bour\b|\bteam\b|\btogether\b", re.IGNORECASE)
RESULT = re.compile(
    r"결과|성과|개선했|개선되|개선됐|개선시켰|개선하였|향상했|향상되|향상됐|향상시켰|감소했|감소시켰|감소하였|감소됐|"
    r"증가했|증가시켰|증가하였|증가됐|줄였|줄어들|줄었|늘었|늘렸|늘어났|달성|단축|절감|높였|높아졌|낮췄|낮아졌|"
    r"해결했|해결되|해결됐|성공했|성공적|완료했|출시했|배웠|배운 점|깨달|얻었|받았|빨라|빠르게|느려졌|좋아졌|좋았|나아졌|"
    r"없앴|사라졌|없어졌|안정화|안정적으로|마쳤|끝냈|덕분에|올랐|올렸|내려갔|떨어졌|[가-힣]졌(?:습니다|고|어요|다|는데)|"
    r"\b(?:earlier|sooner|quicker|cheaper|fewer|easier|more reliable|more stable)\b|"
    r"\bbetter\b|\bbecame\b|\bwent from\b|\bsucce(?:ss|eded)\b|\bit worked\b|\bworked (?:well|out)\b|\bwent well\b|\beliminated\b|\bremoved the need\b|"
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
# A stated change is a result even without a verb: "초당 2천 건에서 8천 건으로", "from 800 ms to 120 ms".
CHANGE = re.compile(
    r"(?:\d|[천만억배]|절반)(?:[^.!?。]|\.\d){0,24}?에서\s*(?:[^.!?。]|\.\d){0,24}?(?:\d|[천만억]|절반)(?:[^\s.!?。]|\.\d)*\s?[^\s.!?。]*?(?:으로|로)(?:\s|$|[.,!?…])"
    r"|\d+(?:\.\d+)?\s?(?:%|퍼센트|배)\s?(?:가량|정도|이상|쯤)?\s?(?:단축|감소|증가|향상|개선|절감|늘|줄|빨라|높|낮)"
    r"|(?:두|세|네|다섯|열|\d+)\s?배(?:로|나|\s?(?:빨라|늘|증가|향상|개선))"
    r"|\bfrom\s+(?:\S*\d|an?\b|half|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|sixty|"
    r"hundred)[^.!?]{0,30}?\bto\s+(?:\S*\d|an?\b|half|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|"
    r"forty|fifty|sixty|hundred|zero)|\bby\s+\d+(?:\.\d+)?\s?(?:%|percent)"
    r"|\b\d+(?:\.\d+)?\s?(?:x|times)\s+(?:faster|more|fewer|less|higher|lower|smaller|bigger)\b",
    re.IGNORECASE,
)
# How it was done: a concrete means, not "여러 가지를 해봤다" or "worked on it".
METHOD = re.compile(
    r"도입|적용|구현|설계|구축|분석|측정|프로파일|튜닝|리팩터|리팩토링|자동화|캐시|캐싱|인덱스|쿼리|비동기|병렬|배치|"
    r"분리|나눠|나누|교체|바꿔|바꾸|바꿨|변경|마이그레이션|이전했|옮겼|작성|추가했|제거|없앴|통해|활용해|활용하여|사용해|"
    r"사용하여|써서|이용해|이용하여|모니터링|테스트|실험|인터뷰|설문|조사했|문서화|제안|설득|조율|재설계|압축|샤딩|파티션|"
    r"복제|큐를|큐로|스케일|로드\s?밸런|커넥션|타임아웃|재시도|검증|정규화|역정규화|알고리즘|자료구조|프로토타입|"
    r"우선순위를|일정을|회의를|면담|피드백을 받|공유했|정리했|가이드|체크리스트|매뉴얼|교육했|"
    r"\bintroduc|\bimplement|\bdesign|\brefactor|\bprofil|\bmeasur|\bcach|\bindex|\brewr[io]te|\bmigrat|"
    r"\bmoved\b|\bsplit\b|\badded\b|\bremoved\b|\bautomat|\btun(?:ed|ing)\b|\bparallel|\basync|\bbatch|"
    r"\bqueue|\busing\b|\bby (?:adding|using|moving|splitting|switching|rewriting|replacing)\b|\binterview|\bsurvey|"
    r"\btest|\bmonitor|\blogging\b|\bswitched\b|\breplaced\b|\bprototype|\bschedul|\bprioriti[sz]|\bset up\b|"
    r"\bconfigur|\boptimi[sz]ed the\b|\bquery|\bqueries\b|\balgorithm|\bcompress|\bshard|\bpartition|\bretr(?:y|ies)\b|"
    r"\bvalidat|\bdocument(?:ed|ation)\b|\bchecklist|\bmentor|\btrain(?:ed|ing) (?:the|my|our)\b|\bproposed\b|\bnegotiat",
    re.IGNORECASE,
)
GENERIC_METHOD = re.compile(
    r"[가-힣]+(?:을|를)\s?[가-힣]*(?:해서|하여|한 뒤|한 후|하고|시켜서|바꿔서|만들어서|나눠서|묶어서)"
    r"|\bI\s+(?:organi[sz]ed|coordinated|created|launched|ran|wrote|built|set|started|reorgani[sz]ed|"
    r"mentored|planned|prepared|trained|taught|negotiated|hosted|scheduled)\s+(?:a|an|the|our|my|two|three|four|five|\d)",
    re.IGNORECASE,
)
VAGUE = re.compile(r"여러\s?가지|이것저것|다양한\s?(?:시도|방법|것)|열심히|최선을|\ba lot of things\b|\bvarious things\b|"
                   r"\bmany things\b|\bstuff\b|\btried (?:a lot|many|different)", re.IGNORECASE)
NON_TECH_GROUPS = {"soft_skills", "business", "marketing", "healthcare"}

HEDGES = re.compile(
    r"아마|잘 모르\w*|모르겠\w*|글쎄\w*|것 같\w*|듯합니다|듯해요|어쩌면|확실하지\w*|"
    r"\bmaybe\b|\bprobably\b|\bi guess\b|\bi think\b|\bnot sure\b|\bi don't know\b|\bkind of\b|\bsort of\b|\bperhaps\b",
    re.IGNORECASE,
)

# The most important missing element first: what was done, by whom, what came of it, how much, why.
GAP_ORDER = ("method", "role", "result", "numbers", "reasons")
# Fewer words than this is a non-answer ("잘 모르겠습니다"): the interviewer moves on.
MIN_WORDS_FOR_FOLLOWUP = 4


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
    has_method: bool = True
    skills: list[dict] = field(default_factory=list)  # [{"name", "group"}]
    hedges: list[str] = field(default_factory=list)

    @property
    def substantive(self) -> bool:
        """Long enough that asking what it left out makes sense (not "잘 모르겠습니다")."""
        if self.words < MIN_WORDS_FOR_FOLLOWUP and not (self.has_method or self.numbers or self.has_result):
            return False
        return not (self.hedges and self.words < 8 and not (self.has_method or self.numbers or self.has_result))

    def gaps(self, interview_type: str = "technical") -> list[str]:
        """What the answer leaves out, most important first (see GAP_ORDER). A stated result is
        never a gap, however vague; "numbers" then asks to measure it."""
        found = []
        if not self.has_method:
            found.append("method")
        if not self.has_role:
            found.append("role")
        if not self.has_result:
            found.append("result")
        if not self.numbers:
            found.append("numbers")
        if not self.has_reasons and interview_type == "technical":
            found.append("reasons")
        return found


def word_count(text: str, language: str) -> int:
    """Words for English; for Korean, eojeol (space-separated units), which interviewers count too."""
    return len([w for w in re.split(r"\s+", text.strip()) if re.search(r"\w", w)])


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
    language = language or nlp_text.detect_language(text, default="ko")
    sentences = nlp_text.split_sentences(text or "")
    has_role = bool(ROLE.search(text))
    skills = find_skills(text)
    tech = [s for s in skills if s.get("group") not in NON_TECH_GROUPS]
    has_result = bool(RESULT.search(text) or CHANGE.search(text))
    # A named technology is the means when something was done with it ("Redis로 캐시를 도입", not "SQL을 배웠다").
    has_method = bool(METHOD.search(text) or (tech and ACTION.search(text))
                      or (GENERIC_METHOD.search(text) and not VAGUE.search(text)))
    star = {
        "situation": bool(SITUATION.search(text)),
        "task": bool(TASK.search(text)),
        "action": bool(ACTION.search(text)) or has_role or has_method,
        "result": has_result,
    }
    return AnswerFacts(
        text=text, language=language, sentences=sentences, words=word_count(text, language),
        numbers=[m.group(0) for m in NUMBERS.finditer(text)],
        has_role=has_role, team_only=bool(TEAM.search(text)) and not has_role,
        has_result=has_result, has_reasons=bool(REASONS.search(text)), star=star,
        skills=skills, hedges=[m.group(0) for m in HEDGES.finditer(text)], has_method=has_method,
    )


def shorten(sentence: str, limit: int = 48) -> str:
    """A quote short enough to read aloud: cut at a word boundary and mark the cut."""
    sentence = " ".join(sentence.split()).strip(" .。!?\"'“”‘’")
    if len(sentence) <= limit:
        return sentence
    cut = sentence[:limit]
    if sentence[limit] != " ":  # never end inside a word: back up to the last space
        space = cut.rfind(" ")
        if space > 0:
            cut = cut[:space]
        else:  # one long word: keep it whole up to the next space
            nxt = sentence.find(" ", limit)
            cut = sentence if nxt < 0 else sentence[:nxt]
            if cut == sentence:
                return cut
    return cut.rstrip(",·;:( ") + "…"


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
    if gap == "method":
        chosen = sentence_with(sentences, VAGUE) or sentence_with(sentences, RESULT) or sentence_with(sentences, ACTION)
    elif gap == "numbers":
        chosen = (sentence_with(sentences, RESULT) or sentence_with(sentences, CHANGE)
                  or sentence_with(sentences, ACTION))
    elif gap == "role":
        chosen = sentence_with(sentences, TEAM) or sentence_with(sentences, ACTION) or sentence_with(sentences, METHOD)
    elif gap == "result":
        chosen = sentence_with(list(reversed(sentences)), ACTION) or sentence_with(list(reversed(sentences)), METHOD)
    else:  # reasons: the decision itself, usually where a technology or an action is named
        names = [s["name"] for s in facts.skills]
        skill_pattern = re.compile("|".join(re.escape(n) for n in names), re.IGNORECASE) if names else None
        chosen = (sentence_with(sentences, skill_pattern) or sentence_with(sentences, METHOD)
                  or sentence_with(sentences, ACTION))
    return shorten(chosen or sentences[0])


def quote_sentence(facts: AnswerFacts, pattern: re.Pattern) -> str | None:
    found = sentence_with(facts.sentences or [facts.text], pattern)
    return shorten(found, 80) if found else None


def normalise_question(text: str) -> str:
    """For the never-repeat check: case, spacing and punctuation do not make a new question."""
    return re.sub(r"[\W_]+", "", (text or "").lower())
