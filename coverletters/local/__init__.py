"""The `local` engine for cover-letter feedback: rules a Korean hiring reviewer applies.

It reads the letter by question ([지원 동기], "1. … (500자)"), by sentence (with the exact
text, so every remark can quote what it is about), and checks: coverage of the posting's
skills, keywords and requirements; evidence (numbers, outcomes, own role); STAR structure and
paragraphs; length per question; clichés; blind-hiring risks; a wrong company name; repeated
sentences; consistency with the user's profile. It then lists the interview questions the
letter invites.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ai.nlp import korean
from ai.nlp import text as tx
from ai.nlp.skills import skill_names
from coverletters.types import LetterFeedback, sort_items

# --------------------------------------------------------------------------- reading the letter

@dataclass
class Sentence:
    text: str
    start: int
    end: int
    block: int


@dataclass
class Block:
    index: int
    heading: str
    limit: int | None
    body: str
    start: int
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def chars(self) -> int:
        return len(self.body.strip())

    @property
    def paragraphs(self) -> int:
        return len([p for p in re.split(r"\n\s*\n", self.body.strip()) if p.strip()]) if self.body.strip() else 0


_LIMIT_RE = re.compile(r"(?:최대|공백\s*포함|공백\s*제외)?\s*([\d,]{2,6})\s*자\s*(?:이내|내외|이하|까지|제한)?")
_BRACKET_HEADING = re.compile(r"^\s*(?:\[([^\]\n]{1,80})\]|【([^】\n]{1,80})】|<([^>\n]{1,80})>|#{1,3}\s+(.{1,80}))\s*$")
_NUMBERED_HEADING = re.compile(r"^\s*(?:Q\s*\d{1,2}|문항\s*\d{1,2}|\d{1,2})\s*[.):]\s*(.{2,200})$", re.I)
_QUESTION_CUE = re.compile(r"\?|작성|기술해|서술|설명해|쓰시오|쓰세요|말씀|소개해|자유\s*양식|동기|포부|경험|이유|\d+\s*자")


def _split_blocks(content: str) -> list[Block]:
    lines = content.split("\n")
    headings: list[tuple[int, str]] = []  # (line index, heading text)
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped or len(stripped) > 200:
            continue
        match = _BRACKET_HEADING.match(stripped)
        if match:
            headings.append((index, next(g for g in match.groups() if g).strip()))
            continue
        match = _NUMBERED_HEADING.match(stripped)
        # numbered lines are questions only when they read like one, not like a list item
        if match and _QUESTION_CUE.search(stripped) and (stripped.endswith(("?", ")", "요.", "시오.", "오.", "요"))
                                                         or _LIMIT_RE.search(stripped)):
            headings.append((index, match.group(1).strip()))
    offsets, position = [], 0
    for line in lines:
        offsets.append(position)
        position += len(line) + 1
    if not headings:
        return [Block(0, "", None, content, 0)]
    blocks = []
    if any(line.strip() for line in lines[:headings[0][0]]):
        body = "\n".join(lines[:headings[0][0]])
        blocks.append(Block(0, "", None, body, 0))
    for number, (line_index, heading) in enumerate(headings):
        end_line = headings[number + 1][0] if number + 1 < len(headings) else len(lines)
        body_lines = lines[line_index + 1:end_line]
        limit_match = _LIMIT_RE.search(heading)
        limit = int(limit_match.group(1).replace(",", "")) if limit_match else None
        clean_heading = _LIMIT_RE.sub("", heading).strip(" ()[]·-") or heading
        start = offsets[line_index + 1] if line_index + 1 < len(offsets) else len(content)
        blocks.append(Block(len(blocks), clean_heading, limit if limit and 50 <= limit <= 5000 else None,
                            "\n".join(body_lines), start))
    return blocks


def _sentences(block: Block) -> list[Sentence]:
    """Sentences with their exact text and offsets in the letter (quotes must be findable)."""
    return [Sentence(span.text, block.start + span.start, block.start + span.end, block.index)
            for span in tx.sentence_spans(block.body) if len(span.text) >= 2]


# --------------------------------------------------------------------------- rule tables

CLICHES = [
    (r"성실(?:함|한|하게|히|성|하다|합니다)", "성실함",
     "성실함을 주장하는 대신 그것을 보여 준 행동과 기간을 쓰세요 (예: '2년 동안 매일 장애 로그를 정리해 팀 위키에 공유했습니다')."),
    (r"열정", "열정",
     "'열정' 대신 스스로 시간을 들여 한 일을 쓰세요 (예: '퇴근 후 6개월간 오픈소스에 기여하며 테스트 30개를 추가했습니다')."),
    (r"최선을\s*다하|최선을\s*다할|최선을\s*다해", "최선을 다하겠습니다",
     "각오 대신 입사 후 할 일을 기간과 함께 쓰세요 (예: '첫 6개월 안에 장애 대응 절차를 문서화하겠습니다')."),
    (r"책임감", "책임감",
     "책임감이 드러난 상황(맡은 일을 끝까지 해낸 사례)과 그 결과를 쓰세요."),
    (r"소통\s*(?:능력|을\s*잘|에\s*능|이\s*뛰어|하는\s*능력)|커뮤니케이션\s*능력|원활한\s*소통", "소통 능력",
     "누구와 무엇을 조율해 어떤 결론을 냈는지로 소통 능력을 보여 주세요 (예: '기획·디자인과 주 1회 요구사항을 정리해 재작업을 절반으로 줄였습니다')."),
    (r"어릴\s*(?:때|적)부터|어려서부터|어린\s*시절|초등학교\s*때|학창\s*시절부터", "어린 시절 이야기",
     "어린 시절 일화는 직무 역량과 멀어 보입니다. 최근 3년 안의 경험으로 시작하세요."),
    (r"많은\s*것을\s*배웠|많이\s*배웠|소중한\s*경험", "많은 것을 배웠습니다",
     "무엇을 배웠고 그 뒤 일하는 방식이 어떻게 달라졌는지 한 문장으로 쓰세요."),
    (r"팀워크|협동심|협업\s*능력", "팀워크",
     "팀워크는 갈등이나 역할 분담을 어떻게 풀었는지 구체적 사례로 보여 주세요."),
    (r"긍정적인?\s*(?:성격|마인드|자세|에너지)", "긍정적인 성격",
     "성격 형용사 대신 어려운 상황에서 실제로 한 행동을 쓰세요."),
    (r"도전\s*정신|도전적인\s*자세", "도전 정신",
     "새로 시도한 일, 그때의 위험, 결과를 쓰면 도전 정신은 저절로 드러납니다."),
    (r"누구보다|그\s*누구보다|남들보다", "누구보다",
     "비교 표현은 근거가 없으면 과장으로 읽힙니다. 수치나 사실로 바꾸세요."),
    (r"뼈를\s*묻|일익을\s*담당|밑거름이\s*되|보탬이\s*되|일원이\s*되어\s*기여", "막연한 다짐",
     "막연한 다짐 대신 회사의 어떤 문제를 어떻게 풀고 싶은지 쓰세요."),
    (r"노력하는\s*인재|항상\s*노력|끊임없이\s*노력|발전하는\s*인재|성장하는\s*인재", "노력하는 인재",
     "'노력하는 인재'는 모든 지원자가 씁니다. 노력의 결과물(자격증, 프로젝트, 수치)을 보여 주세요."),
    (r"시키는\s*일|무엇이든\s*(?:하겠|할\s*수)", "무엇이든 하겠습니다",
     "무엇이든 하겠다는 말보다 이 직무에서 가장 잘할 수 있는 일을 하나 고르세요."),
    (r"주인\s*의식", "주인의식",
     "주인의식은 스스로 문제를 발견해 고친 사례로 보여 주세요."),
]
BLIND_RULES = [
    ("school", r"([가-힣A-Za-z]{2,12})(대학교|대학원|고등학교|여자고등학교|과학고|외국어고|외고)(?!\s*시절)",
     "출신 학교", "학교 이름을 지우고 '전공 수업에서 …'처럼 배운 내용만 남기세요."),
    ("school", r"학점|GPA|평점\s*\d", "학점", "학점 대신 그 과목에서 만든 결과물이나 배운 기술을 쓰세요."),
    ("family", r"부모님|아버지|어머니|아빠|엄마|할아버지|할머니|가정\s*형편|가정\s*환경|가족\s*(?:중|모두|의|들)",
     "가족 관계", "가족 이야기는 빼고, 본인의 선택과 행동만 남기세요."),
    ("region", r"[가-힣]{2,6}\s*출신|고향|(?:에서|서)\s*태어나", "출신 지역", "출신 지역 정보를 지우세요."),
    ("age", r"\d{1,2}\s*살(?:의|에|이|인|부터|때)?|(?<!\d)\d{2}\s*세(?!대|기|계|금)|나이", "나이",
     "나이 정보를 지우고 경력 기간(예: '3년간')으로만 표현하세요."),
    ("gender", r"(?:여성|남성|여자|남자)\s*(?:으로서|로서|이지만|임에도|개발자로서)", "성별",
     "성별 언급을 지우세요. 평가에 쓰일 수 없는 정보입니다."),
    ("appearance", r"키가\s*\d|몸무게|체중|외모", "신체·외모", "신체·외모 정보는 지우세요."),
]
_NOT_SCHOOL = {"다니던", "우리", "저희", "모교", "지방", "일반", "해당", "같은", "명문", "좋은", "다른", "4년제", "사립", "국립"}
KNOWN_COMPANIES = [
    "네이버", "카카오", "카카오페이", "카카오뱅크", "카카오엔터프라이즈", "라인", "쿠팡", "토스", "비바리퍼블리카",
    "배달의민족", "우아한형제들", "당근", "당근마켓", "야놀자", "여기어때", "무신사", "컬리", "마켓컬리", "직방",
    "삼성전자", "삼성SDS", "삼성", "LG전자", "LG CNS", "LG", "SK텔레콤", "SK하이닉스", "SK", "현대자동차", "현대카드",
    "현대", "KT", "CJ", "롯데", "신세계", "한화", "포스코", "넥슨", "엔씨소프트", "넷마블", "크래프톤", "스마일게이트",
    "하이브", "리디", "왓챠", "뱅크샐러드", "두나무", "업비트", "빗썸", "신한은행", "국민은행", "KB국민은행", "우리은행",
    "하나은행", "NH농협", "케이뱅크", "티몬", "위메프", "11번가", "G마켓", "오늘의집", "버킷플레이스", "쏘카", "타다",
    "서울아산병원", "삼성서울병원", "세브란스병원", "서울대병원", "서울대학교병원", "서울성모병원", "분당서울대병원",
    "Google", "Amazon", "Microsoft", "Meta", "Apple", "Netflix", "Naver", "Kakao", "Coupang", "Toss",
]
_GENERIC_PLACES = ("플랫폼", "서비스", "분야", "팀", "환경", "조직", "업계", "곳", "현장", "회사", "기업", "부서", "산업",
                   "직무", "자리", "무대", "시스템", "프로젝트", "업무", "도메인", "스타트업", "대기업", "공간", "시장",
                   "세상", "사회", "귀사", "당사", "이곳", "그곳", "이", "그", "저", "제", "직장", "포지션", "병동", "센터")
_NAME = r"([가-힣A-Za-z0-9&·]{2,20}?)"
_INTENT_PATTERNS = [
    re.compile(_NAME + r"(?:에|에도)\s*(?:지원|입사|합류)"),
    re.compile(_NAME + r"의\s*(?:일원|구성원|가족|인재|미래|비전)"),
    re.compile(_NAME + r"에서\s*[^.!?\n]{0,30}?(?:싶|하겠|하고자|할\s*것)"),
    re.compile(_NAME + r"(?:와|과)\s*함께\s*[^.!?\n]{0,20}?(?:싶|하겠|성장)"),
]
_TEAM_ONLY = re.compile(r"저희\s*팀|우리\s*팀|팀원들과|팀원들이|팀이\s|팀은\s|우리는\s|저희는\s")
_OWN_ROLE = re.compile(r"제가|저는|저의|제\s|맡아|맡은|담당|주도|직접|혼자|리드|책임지고")
_METRIC = re.compile(
    r"(?<![\d,.])\d[\d,.]*+\s*(?:%|퍼센트|%p|배|건|ms|초|분|시간|일|주|개월|명|원|만|억|천|개|위|점|회|병상|x|k\b|K\b|MB|GB)"
    r"|(?<![\d,.])\d[\d,.]*+\s*(?:→|->|에서)\s*\d|[↑↓]", re.I)
_STAR = {
    "situation": re.compile(r"당시|상황|문제|어려움|위기|이슈|장애|급증|부족|불만|지연|때\s|때,|였습니다|었습니다"),
    "task": re.compile(r"목표|과제|맡|담당|책임|해야|필요|요청|미션"),
    "action": re.compile(r"분석|도입|설계|개선|구현|제안|만들|적용|재작성|바꾸|바꿨|작성|구축|진행|시도|설득|조율|정리|찾아"),
    "result": re.compile(r"결과|줄였|줄이|낮췄|높였|올렸|향상|달성|감소|증가시|개선했|개선되|단축|0건|절감|늘렸|받았|선정|"
                         r"reduced|improved|increased"),
}
_EXPERIENCE_HEADING = re.compile(r"경험|역량|사례|극복|성과|직무|프로젝트|갈등|협업|실패|성공|문제")
_ASPIRATION = re.compile(r"입사\s*후|입사하면|포부|목표|계획")
_GENERIC_REQ_WORDS = {"경험", "경력", "이상", "능력", "보유", "활용", "이해", "사용", "관련", "기반", "가능", "우대",
                      "필수", "지원", "업무", "대한", "있는", "분", "자", "소지자", "소지", "자격", "통한", "위한",
                      "능숙", "능숙하게", "다루시는", "분을", "관련된", "등", "및"}


# --------------------------------------------------------------------------- feedback

def _item(type_: str, severity: str, quote: str, message: str, suggestion: str = "", **extra) -> dict:
    return {"type": type_, "severity": severity, "quote": quote, "message": message, "suggestion": suggestion, **extra}


def feedback(content: str, *, posting: dict | None = None, profile: dict | None = None) -> LetterFeedback:
    content = tx.clean(content)
    posting = posting or {}
    profile = profile or {}
    company = (posting.get("company") or "").strip()
    blocks = _split_blocks(content)
    sentences: list[Sentence] = []
    for block in blocks:
        block.sentences = _sentences(block)
        sentences.extend(block.sentences)
    items: list[dict] = []

    keyword_report = _coverage(content, posting, items)
    evidence = _evidence(blocks, sentences, items)
    structure = _structure(blocks, items)
    length = _length(blocks, content, items)
    cliches = _cliches(sentences, items, company)
    risks = _blind_risks(sentences, items)
    wrong = _wrong_company(sentences, content, company, profile, items)
    repeats = _repetition(sentences, items)
    _profile_consistency(content, sentences, profile, posting, items)

    scores = {
        "coverage": keyword_report["score"],
        "evidence": evidence,
        "structure": structure,
        "originality": max(0, 100 - 15 * cliches - 10 * repeats),
        "compliance": max(0, 100 - 35 * risks - 50 * wrong),
        "length": length,
    }
    weights = {"coverage": 0.25, "evidence": 0.25, "structure": 0.15, "originality": 0.15, "compliance": 0.1,
               "length": 0.1}
    used = {k: w for k, w in weights.items() if scores[k] is not None}
    scores["overall"] = int(round(sum(scores[k] * w for k, w in used.items()) / sum(used.values())))
    items = sort_items(items)
    questions = [{"index": b.index, "heading": b.heading, "limit": b.limit, "chars": b.chars,
                  "paragraphs": b.paragraphs, "sentences": len(b.sentences)} for b in blocks]
    expected = expected_questions(content, sentences, blocks, posting, keyword_report, items)
    stats = {"chars": len(content.strip()), "chars_without_spaces": len(re.sub(r"\s", "", content)),
             "sentences": len(sentences), "questions": len(blocks), "cliches": cliches, "blind_risks": risks,
             "wrong_company": wrong, "repetitions": repeats}
    return LetterFeedback(engine="local", summary=summary_text(scores, items, keyword_report, expected, company),
                         items=items, scores=scores, keywords=keyword_report, questions=questions,
                         expected_questions=expected, stats=stats)


def _present(term: str, content: str, letter_skills: set[str]) -> bool:
    lowered = content.lower()
    return term.lower() in letter_skills or term.lower() in lowered or tx.compact(term) in tx.compact(content)


def _coverage(content: str, posting: dict, items: list[dict]) -> dict:
    required = posting.get("required_skills") or []
    preferred = posting.get("preferred_skills") or []
    soft = set(posting.get("soft_skills") or [])
    # soft skills and practices are said in too many ways to check by name
    keywords = [k for k in posting.get("keywords") or [] if k not in required and k not in preferred and k not in soft]
    # years of experience are the profile's business, not something a letter must restate
    requirements = [r for r in posting.get("requirements") or [] if not re.search(r"\d+\s*년|\d+\+?\s*years?", r)]
    if not (required or preferred or keywords or requirements):
        return {"score": None, "required": {"covered": [], "missing": []}, "preferred": {"covered": [], "missing": []},
                "keywords": {"covered": [], "missing": []}, "requirements": {"covered": [], "missing": []}}
    letter_skills = {name.lower() for name in skill_names(content)}

    def split(terms):
        covered = [t for t in terms if _present(t, content, letter_skills)]
        return covered, [t for t in terms if t not in covered]

    # alternatives ("Python 또는 Java") are one requirement: naming any of them covers it
    groups = posting.get("required_groups") or [[name] for name in required]
    req_cov, missing_groups = [], []
    for group in groups:
        hits = [name for name in group if _present(name, content, letter_skills)]
        if hits:
            req_cov.extend(hits)
        else:
            missing_groups.append(group)
    req_miss = [" 또는 ".join(group[:3]) for group in missing_groups]
    req_miss_terms = [name for group in missing_groups for name in group]
    pref_cov, pref_miss = split(preferred)
    kw_cov, kw_miss = split(keywords)
    reqs_cov, reqs_miss = [], []
    for requirement in requirements:
        if skill_names(requirement):
            continue  # its skills are checked (and reported) above, alternatives included
        terms = _requirement_terms(requirement)
        if not terms:
            continue
        hits = sum(1 for term in terms if _present(term, content, letter_skills))
        (reqs_cov if hits / len(terms) >= 0.5 else reqs_miss).append(requirement)
    total = 2 * len(groups) + len(preferred) + len(keywords) + len(reqs_cov) + len(reqs_miss)
    got = 2 * (len(groups) - len(missing_groups)) + len(pref_cov) + len(kw_cov) + len(reqs_cov)
    score = int(round(100 * got / total)) if total else None
    if req_miss:
        items.append(_item(
            "keyword_missing", "high", "",
            f"공고의 필수 기술 {korean.join(req_miss)}{'이' if korean.has_final(req_miss[-1]) else '가'} 자기소개서에 없습니다.",
            f"직무 역량 문항에 {korean.josa(missing_groups[0][0], '을/를')} 사용한 경험(무엇을, 어떤 규모로, 어떤 결과)을 "
            "한 문장 넣으세요. 경험이 없다면 학습 중인 내용과 적용 계획을 솔직하게 쓰는 편이 낫습니다.",
            terms=req_miss_terms))
    missing_other = pref_miss + kw_miss
    if missing_other:
        items.append(_item(
            "keyword_missing", "medium", "",
            f"공고의 우대사항·핵심어 {korean.join(missing_other[:6])}{'이' if korean.has_final(missing_other[:6][-1]) else '가'} "
            "언급되지 않았습니다.",
            "관련 경험이 있는 항목만 골라 공고와 같은 단어로 쓰세요. 서류 검토자는 공고의 단어를 찾으며 읽습니다.",
            terms=missing_other))
    for requirement in reqs_miss[:3]:
        items.append(_item(
            "requirement_missing", "medium", "",
            f"자격요건 '{tx.clip(requirement, 60)}'{korean.particle(tx.clip(requirement, 60), '을/를')} 뒷받침하는 내용이 보이지 않습니다.",
            "이 요건을 충족한다는 근거(기간, 프로젝트, 결과)를 한두 문장으로 보여 주세요.", terms=[requirement]))
    if req_cov and not req_miss:
        items.append(_item("keyword_covered", "good", "",
                           f"공고의 필수 기술 {korean.join(req_cov[:6])}{'을' if korean.has_final(req_cov[:6][-1]) else '를'} "
                           "모두 다뤘습니다.", ""))
    return {"score": score, "required": {"covered": req_cov, "missing": req_miss},
            "preferred": {"covered": pref_cov, "missing": pref_miss},
            "keywords": {"covered": kw_cov, "missing": kw_miss},
            "requirements": {"covered": reqs_cov, "missing": reqs_miss}}


def _requirement_terms(requirement: str) -> list[str]:
    """The content words of a requirement line without skills ("통계적 가설 검정에 대한 이해")."""
    words = re.findall(r"[가-힣A-Za-z][가-힣A-Za-z0-9+#.]*", requirement)
    terms = []
    for word in words:
        word = re.sub(r"(?:을|를|이|가|은|는|의|에|와|과|으로|로|에서|및)$", "", word)
        if len(word) >= 2 and word not in _GENERIC_REQ_WORDS and not re.fullmatch(r"\d+년?", word):
            terms.append(word)
    return terms[:5]


def _has_metric(text: str) -> bool:
    cleaned = re.sub(r"\d{4}\s*년|\d{4}\s*[.\-/]\s*\d{1,2}", " ", text)
    return bool(_METRIC.search(cleaned))


def _evidence(blocks: list[Block], sentences: list[Sentence], items: list[dict]) -> int:
    metric_sentences = [s for s in sentences if _has_metric(s.text)]
    outcomes = sorted(metric_sentences, key=lambda s: 0 if _STAR["result"].search(s.text) else 1)
    for sentence in outcomes[:2]:
        items.append(_item("evidence", "good", sentence.text, "수치로 성과를 보여 준 좋은 문장입니다.",
                           "면접에서 이 수치를 어떻게 측정했는지 설명할 준비를 하세요.",
                           start=sentence.start, end=sentence.end))
    for block in blocks:
        if block.chars < 150 or _ASPIRATION.search(block.heading or "") and not _EXPERIENCE_HEADING.search(block.heading):
            continue
        if not any(_has_metric(s.text) for s in block.sentences):
            abstract = max(block.sentences, key=lambda s: len(s.text), default=None)
            if abstract:
                where = f"'{block.heading}' 문항" if block.heading else "이 글"
                items.append(_item("evidence", "medium", abstract.text,
                                   f"{where}에는 숫자로 된 근거가 하나도 없습니다.",
                                   "규모(사용자 수, 건수), 기간, 전후 변화(예: '40분 → 8분')를 더해 주장을 증명하세요.",
                                   start=abstract.start, end=abstract.end))
    role_issues = 0
    for sentence in sentences:
        if _TEAM_ONLY.search(sentence.text) and not _OWN_ROLE.search(sentence.text):
            role_issues += 1
            if role_issues <= 2:
                items.append(_item("role", "medium", sentence.text, "팀의 성과로만 읽히고 본인의 역할이 보이지 않습니다.",
                                   "'제가 ~을 맡아 ~했습니다'처럼 본인이 한 일을 주어로 쓰세요.",
                                   start=sentence.start, end=sentence.end))
    expected = max(2.0, 1.5 * len([b for b in blocks if b.chars >= 150]))
    score = min(100.0, 100.0 * len(metric_sentences) / expected) - 10 * role_issues
    return max(0, int(round(score)))


def _structure(blocks: list[Block], items: list[dict]) -> int:
    scores = []
    for block in blocks:
        if block.chars < 150:
            continue
        text = block.body
        found = {key for key, pattern in _STAR.items() if pattern.search(text)}
        experience_like = bool(_EXPERIENCE_HEADING.search(block.heading)) or "action" in found
        if experience_like and not _ASPIRATION.search(block.heading or "x" * 0):
            scores.append(len(found) / 4)
            if "result" not in found and block.sentences:
                last = block.sentences[-1]
                items.append(_item("structure", "medium", last.text,
                                   "경험은 있는데 결과가 드러나지 않습니다 (STAR의 R).",
                                   "마지막에 '그 결과 ~가 ~에서 ~로 바뀌었습니다'처럼 결과와 배운 점을 덧붙이세요.",
                                   start=last.start, end=last.end))
            elif "situation" not in found and block.sentences:
                first = block.sentences[0]
                items.append(_item("structure", "low", first.text, "어떤 상황·문제였는지가 빠져 있습니다 (STAR의 S).",
                                   "첫 문장에 당시의 문제와 그 규모를 한 줄로 제시하세요.",
                                   start=first.start, end=first.end))
        if block.chars > 700 and block.paragraphs <= 1:
            where = f"'{block.heading}' 문항" if block.heading else "본문"
            first = block.sentences[0] if block.sentences else None
            items.append(_item("structure", "low", first.text if first else "",
                               f"{korean.josa(where, '이/가')} {block.chars}자 한 문단입니다.",
                               "상황·행동·결과 단위로 2~3개 문단으로 나누면 읽기 쉽습니다.",
                               **({"start": first.start, "end": first.end} if first else {})))
            scores.append(0.5)
    return int(round(100 * sum(scores) / len(scores))) if scores else 60


def _length(blocks: list[Block], content: str, items: list[dict]) -> int:
    ratios = []
    for block in blocks:
        where = f"'{block.heading}'" if block.heading else "본문"
        if block.limit:
            ratio = block.chars / block.limit
            if ratio > 1:
                items.append(_item("length", "high", "", f"{where} 문항이 {block.chars}자로 제한({block.limit}자)을 넘습니다.",
                                   f"{block.chars - block.limit}자 이상 줄이세요. 수식어와 반복되는 다짐부터 지우세요."))
                ratios.append(0.3)
            elif ratio < 0.6:
                items.append(_item("length", "medium", "", f"{where} 문항이 {block.chars}자로 제한({block.limit}자)의 "
                                   f"{int(ratio * 100)}%만 채웠습니다.",
                                   "제한의 80~100%를 채우는 것이 좋습니다. 구체적인 사례 하나를 더하세요."))
                ratios.append(ratio)
            else:
                ratios.append(1.0)
        elif block.heading and block.chars < 200:
            items.append(_item("length", "low", "", f"{where} 문항 답변이 {block.chars}자로 짧습니다.",
                               "사례 하나(상황, 행동, 결과)를 3~4문장으로 풀어 쓰세요."))
            ratios.append(0.6)
    total = len(content.strip())
    if total < 400:
        items.append(_item("length", "medium", "", f"전체 분량이 {total}자로 짧아 역량을 판단할 근거가 부족합니다.",
                           "지원 동기, 직무 역량(경험 사례), 입사 후 포부를 각각 한 문단 이상 쓰세요."))
        ratios.append(total / 400)
    return int(round(100 * sum(ratios) / len(ratios))) if ratios else 100


def _cliches(sentences: list[Sentence], items: list[dict], company: str) -> int:
    count = 0
    for pattern, label, suggestion in CLICHES:
        regex = re.compile(pattern)
        hits = [s for s in sentences if regex.search(s.text)]
        if not hits:
            continue
        count += len(hits)
        first = hits[0]
        more = f" (총 {len(hits)}곳)" if len(hits) > 1 else ""
        items.append(_item("cliche", "medium", first.text, f"상투적 표현 '{label}'{more}: 모든 지원자가 쓰는 말이라 "
                                                           "인상에 남지 않습니다.",
                           suggestion, term=label, start=first.start, end=first.end))
    if company:
        hits = [s for s in sentences if "귀사" in s.text]
        if hits:
            items.append(_item("cliche", "low", hits[0].text, "'귀사'보다 회사 이름이 더 분명합니다.",
                               f"'귀사' 대신 '{company}'라고 쓰세요.", term="귀사", start=hits[0].start,
                               end=hits[0].end))
    return count


def _blind_risks(sentences: list[Sentence], items: list[dict]) -> int:
    count = 0
    seen = set()
    for kind, pattern, label, suggestion in BLIND_RULES:
        regex = re.compile(pattern)
        for sentence in sentences:
            match = regex.search(sentence.text)
            if not match:
                continue
            if kind == "school" and match.groups() and match.group(1) in _NOT_SCHOOL:
                continue
            key = (label, sentence.start)
            if key in seen:
                continue
            seen.add(key)
            count += 1
            items.append(_item("blind_risk", "high", sentence.text,
                               f"블라인드 채용 위험: {label} 정보('{match.group(0)}')가 들어 있습니다. "
                               "서류에서 감점되거나 탈락 사유가 될 수 있습니다.",
                               suggestion, term=match.group(0), risk=kind, start=sentence.start, end=sentence.end))
            break
    return count


def _same_company(a: str, b: str) -> bool:
    ca, cb = tx.compact(a), tx.compact(b)
    return bool(ca and cb) and (ca in cb or cb in ca)


def _wrong_company(sentences: list[Sentence], content: str, company: str, profile: dict, items: list[dict]) -> int:
    if not company:
        return 0
    past = tx.compact(" ".join(str(profile.get(k) or "") for k in ("career_summary", "resume_text")))
    found: list[tuple[str, Sentence]] = []
    for sentence in sentences:
        candidates = []
        for pattern in _INTENT_PATTERNS:
            candidates.extend(m.group(1) for m in pattern.finditer(sentence.text))
        intent = re.search(r"지원|입사|합류|일원|싶|하겠", sentence.text)
        if intent:
            candidates.extend(name for name in KNOWN_COMPANIES if re.search(
                rf"(?<![가-힣A-Za-z]){re.escape(name)}(?![A-Za-z])", sentence.text))
        candidates = [re.sub(r"^(?:㈜|\(주\))", "", name).strip() for name in candidates]
        # "삼성" inside "삼성서울병원" is the same mention
        candidates = [n for n in candidates if not any(n != other and n in other for other in candidates)]
        for name in candidates:
            if (len(name) < 2 or name.endswith(_GENERIC_PLACES) or name in _GENERIC_PLACES
                    or _same_company(name, company) or (past and tx.compact(name) in past)):
                continue
            # part of a longer name the letter uses for the right company ("카카오" in "카카오페이")
            if any(_same_company(name, other) and _same_company(other, company) for other in KNOWN_COMPANIES if other != name):
                continue
            if not (name in KNOWN_COMPANIES or re.search(r"[A-Z]", name) or re.search(
                    r"(?:병원|은행|증권|전자|그룹|페이|뱅크|컴퍼니|랩스|테크|소프트|코리아|마켓|헬스|커머스)$", name)):
                continue
            found.append((name, sentence))
    reported = set()
    for name, sentence in found:
        if name in reported:
            continue
        reported.add(name)
        items.append(_item("wrong_company", "high", sentence.text,
                           f"지원 회사가 '{company}'인데 '{name}'에 지원하는 것처럼 쓰여 있습니다. "
                           "다른 회사에 낸 자기소개서를 고쳐 쓴 흔적으로 읽혀 치명적입니다.",
                           f"'{name}'{korean.particle(name, '을/를')} '{company}'{korean.particle(company, '으로/로')} 고치고, "
                           "그 회사에 맞는 지원 동기인지 다시 확인하세요.",
                           term=name, start=sentence.start, end=sentence.end))
    if not _present(company, content, set()) and not reported:
        items.append(_item("motivation", "low", "", f"지원하는 회사 '{company}'의 이름이 한 번도 나오지 않습니다.",
                           f"'왜 {company}인가'를 회사의 서비스나 사업과 연결해 한두 문장으로 쓰세요."))
    return len(reported)


def _repetition(sentences: list[Sentence], items: list[dict]) -> int:
    count = 0
    seen: list[tuple[set, Sentence]] = []
    for sentence in sentences:
        key = tx.compact(sentence.text)
        if len(key) < 12:
            continue
        grams = {key[i:i + 2] for i in range(len(key) - 1)}
        for other_grams, other in seen:
            overlap = len(grams & other_grams) / max(1, len(grams | other_grams))
            if overlap >= 0.75:
                count += 1
                items.append(_item("repetition", "medium" if overlap > 0.9 else "low", sentence.text,
                                   "앞 문장과 같은 내용이 반복됩니다: "
                                   f"'{tx.clip(other.text, 50)}'",
                                   "반복되는 문장을 지우고 그 자리에 새로운 사례나 결과를 쓰세요.",
                                   start=sentence.start, end=sentence.end, other=other.text))
                break
        seen.append((grams, sentence))
    starts = [s for s in sentences if re.match(r"^저는\s", s.text)]
    if len(starts) >= 4:
        count += 1
        items.append(_item("repetition", "low", starts[1].text, f"{len(starts)}개 문장이 '저는'으로 시작합니다.",
                           "주어를 생략하거나 상황·결과로 문장을 시작해 리듬을 바꾸세요.",
                           start=starts[1].start, end=starts[1].end))
    return count


def _profile_consistency(content: str, sentences: list[Sentence], profile: dict, posting: dict,
                         items: list[dict]) -> None:
    summary = str(profile.get("career_summary") or "")
    stated = re.findall(r"(\d{1,2})\s*년", summary)
    profile_years = max((int(y) for y in stated if 0 < int(y) <= 40), default=None)
    if profile_years:
        for match in re.finditer(r"(\d{1,2})\s*년\s*(?:간|동안|차|의\s*경력|\s*경력)", content):
            claimed = int(match.group(1))
            if claimed > profile_years + 1:
                sentence = next((x for x in sentences if x.start <= match.start() < x.end), None)
                items.append(_item("consistency", "medium", sentence.text if sentence else "",
                                   f"자기소개서의 '{match.group(0)}'{korean.particle(match.group(0), '이/가')} 프로필의 경력({profile_years}년)과 다릅니다.",
                                   "면접에서 반드시 확인되는 부분입니다. 실제 경력과 맞추세요."))
                break
    certs = [c.strip() for c in re.split(r"[,/·\n]|및", str(profile.get("certifications") or "")) if c.strip()]
    posting_text = " ".join(str(x) for x in (*(posting.get("required_skills") or []),
                                             *(posting.get("preferred_skills") or []),
                                             *(posting.get("requirements") or []), *(posting.get("preferred") or [])))
    for cert in certs[:6]:
        head = re.split(r"\s", cert)[0]
        related = len(head) >= 2 and head.lower() in posting_text.lower()
        if related and not _present(cert, content, set()) and head.lower() not in content.lower():
            items.append(_item("spec", "low", "",
                               f"프로필의 자격 '{cert}'{'은' if korean.has_final(cert) else '는'} 공고 요건과 관련 있는데 "
                               "자기소개서에 없습니다.",
                               f"직무 역량 문항에서 '{cert}'{'을' if korean.has_final(cert) else '를'} 실제 업무 경험과 함께 "
                               "언급하세요."))


# --------------------------------------------------------------------------- questions

def _fragment(text: str) -> str:
    """A few words around the first number of a sentence: what an interviewer would quote back."""
    words = re.sub(r"\s+", " ", text.strip().rstrip(".")).split(" ")
    at = next((i for i, w in enumerate(words) if re.search(r"\d", w)), 0)
    start, end = max(0, at - 3), min(len(words), at + 5)
    return ("…" if start else "") + " ".join(words[start:end]) + ("…" if end < len(words) else "")


def expected_questions(content: str, sentences: list[Sentence], blocks: list[Block], posting: dict,
                       keywords: dict, items: list[dict]) -> list[dict]:
    out: list[dict] = []
    company = posting.get("company") or ""
    metric = sorted((s for s in sentences if _has_metric(s.text)),
                    key=lambda s: 0 if _STAR["result"].search(s.text) else 1)
    for sentence in metric[:2]:
        out.append({"question": f"'{_fragment(sentence.text)}'{korean.particle(_fragment(sentence.text), '이라고/라고')} 쓰셨는데, 그 수치는 어떻게 측정했고 "
                                "그 과정에서 본인이 직접 한 일은 무엇이었나요?",
                    "reason": "수치로 제시한 성과는 면접에서 검증 질문으로 이어집니다.", "quote": sentence.text,
                    "competency": "성과 검증"})
    covered = keywords.get("required", {}).get("covered", []) if keywords else []
    for skill in covered[:2]:
        quote = next((s.text for s in sentences if skill.lower() in s.text.lower()), "")
        out.append({"question": f"{korean.josa(skill, '을/를')} 사용하면서 겪은 가장 어려운 문제와 해결 과정을 설명해 주세요.",
                    "reason": f"공고의 필수 기술 {skill}에 대한 깊이를 확인합니다.", "quote": quote,
                    "competency": "직무 전문성"})
    missing = keywords.get("required", {}).get("missing", []) if keywords else []
    if missing:
        out.append({"question": f"이 직무는 {korean.join(missing[:2])} 경험을 요구하는데, 자기소개서에는 보이지 않습니다. "
                                "관련 경험이나 보완 계획이 있나요?",
                    "reason": "공고의 필수 요건 중 자기소개서에 없는 부분은 반드시 질문받습니다.", "quote": "",
                    "competency": "직무 적합성"})
    if company:
        quote = next((s.text for s in sentences if company in s.text), "")
        out.append({"question": f"여러 회사 중 왜 {company}에 지원하셨나요? {company}의 서비스에서 개선하고 싶은 점이 있나요?",
                    "reason": "지원 동기는 거의 모든 면접에서 묻습니다.", "quote": quote, "competency": "지원 동기"})
    for item in items:
        if item["type"] == "cliche" and item.get("term") not in ("귀사",):
            out.append({"question": f"자기소개서에 '{item['term']}'{'을' if korean.has_final(item['term']) else '를'} 쓰셨는데, "
                                    "그것이 드러난 구체적인 사례를 말씀해 주세요.",
                        "reason": "상투적 표현은 면접관이 구체적 사례를 요구하는 질문으로 이어집니다.",
                        "quote": item["quote"], "competency": "인성·태도"})
            break
    team = next((s for s in sentences if re.search(r"팀|협업|함께", s.text)), None)
    if team:
        out.append({"question": "그 협업 과정에서 의견이 부딪힌 적이 있나요? 어떻게 조율했고 결과는 어땠나요?",
                    "reason": "협업 경험을 쓰면 갈등 해결 질문이 따라옵니다.", "quote": team.text,
                    "competency": "협업"})
    aspiration = next((s for s in sentences if _ASPIRATION.search(s.text)), None)
    if aspiration:
        out.append({"question": "입사 후 1년 안에 이루고 싶은 목표와, 그 목표를 위해 첫 3개월에 할 일은 무엇인가요?",
                    "reason": "포부는 실행 계획을 묻는 질문으로 이어집니다.", "quote": aspiration.text,
                    "competency": "성장 계획"})
    if not re.search(r"실패|어려움|실수|갈등|위기|장애", content):
        out.append({"question": "가장 크게 실패했던 경험과, 그 뒤 일하는 방식을 어떻게 바꿨는지 말씀해 주세요.",
                    "reason": "자기소개서에 어려움을 극복한 사례가 없어 면접에서 확인할 가능성이 큽니다.", "quote": "",
                    "competency": "문제 해결"})
    return tx.dedupe(out, key=lambda q: q["question"])[:8]


# --------------------------------------------------------------------------- summary

LABELS = {"keyword_missing": "빠진 키워드", "requirement_missing": "자격요건", "evidence": "근거", "role": "본인 역할",
          "structure": "구성", "length": "분량", "cliche": "상투적 표현", "blind_risk": "블라인드 위험",
          "wrong_company": "회사명 오류", "repetition": "반복", "consistency": "사실 관계", "spec": "스펙 활용",
          "motivation": "지원 동기", "keyword_covered": "키워드"}


def summary_text(scores: dict, items: list[dict], keywords: dict, expected: list[dict], company: str) -> str:
    overall = scores["overall"]
    verdict = ("제출해도 좋은 수준입니다" if overall >= 85 else "몇 군데만 다듬으면 좋습니다" if overall >= 70
               else "보완이 필요합니다" if overall >= 50 else "핵심 내용을 다시 쓰는 것을 권합니다")
    good = [i for i in items if i["severity"] == "good"]
    problems = [i for i in items if i["severity"] in ("high", "medium", "low")]
    metric_count = len([i for i in good if i["type"] == "evidence"])
    covered = keywords.get("required", {}).get("covered", []) if keywords.get("score") is not None else []
    skills = f"공고의 필수 기술({korean.join(covered[:3])})" if covered else ""
    if metric_count and skills:
        opening_strength = f"수치로 된 성과와 {korean.josa(skills, '이/가')} 잘 드러나나"
    elif metric_count:
        opening_strength = "수치로 된 성과가 잘 드러나나"
    elif skills:
        opening_strength = f"{korean.josa(skills, '을/를')} 다뤘으나"
    else:
        opening_strength = "직무와 관련된 경험을 담았으나"
    top = problems[0] if problems else None
    fix = {
        "blind_risk": "블라인드 채용에서 문제가 될 정보를 먼저 지워야 합니다",
        "wrong_company": "다른 회사 이름이 들어 있어 반드시 고쳐야 합니다",
        "keyword_missing": "공고의 핵심 키워드를 더 반영하면 좋겠습니다",
        "cliche": "상투적 표현을 구체적인 사례로 바꾸면 좋겠습니다",
        "evidence": "구체적인 성과 수치를 추가하면 좋겠습니다",
        "length": "문항별 분량을 맞추면 좋겠습니다",
        "structure": "경험의 결과까지 드러나게 구성하면 좋겠습니다",
    }.get(top["type"] if top else "", "세부 표현을 다듬으면 좋겠습니다") if top else "지금 상태로도 충분히 좋습니다"
    lines = [f"전반적으로 {opening_strength}, {fix}. (종합 {overall}점 — {verdict})"]
    if good:
        lines.append("")
        lines.append("■ 잘한 점")
        for item in good[:3]:
            quote = f" \"{tx.clip(item['quote'], 70)}\"" if item["quote"] else ""
            lines.append(f"- {item['message']}{quote}")
    if problems:
        lines.append("")
        lines.append("■ 보완할 점")
        groups: dict[str, list[dict]] = {}
        for item in problems:
            groups.setdefault(item["type"], []).append(item)
        for kind, group in groups.items():
            label = LABELS.get(kind, kind)
            if kind == "cliche" and len(group) > 1:
                terms = ", ".join(f"'{i['term']}'" for i in group)
                lines.append(f"- [{label}] {terms}: 모든 지원자가 쓰는 말이라 인상에 남지 않습니다.")
                for item in group[:2]:
                    lines.append(f"  → \"{tx.clip(item['quote'], 50)}\" — {item['suggestion']}")
                continue
            for item in group[:3]:
                quote = f" \"{tx.clip(item['quote'], 70)}\"" if item["quote"] else ""
                lines.append(f"- [{label}] {item['message']}{quote}")
                if item["suggestion"]:
                    lines.append(f"  → {item['suggestion']}")
            if len(group) > 3:
                lines.append(f"  (같은 종류 {len(group) - 3}건 더)")
    if expected:
        lines.append("")
        lines.append("■ 예상 면접 질문")
        for number, question in enumerate(expected[:5], start=1):
            lines.append(f"{number}. {question['question']}")
    return "\n".join(lines)
