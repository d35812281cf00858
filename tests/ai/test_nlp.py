"""ai.nlp: what the local engine runs on, tested with realistic Korean and English text."""
from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date, time

import pytest

from ai.nlp import dates, fillers, keywords, skills, text

RESUME_KO = """경력 요약
- 핀테크 스타트업에서 3년간 백엔드 개발자로 근무했습니다.
- 파이썬과 Django로 결제 API를 설계하고, 쿠버네티스를 활용해 무중단 배포를 자동화했습니다.
- AWS에서 PostgreSQL과 Redis를 운영하며 장애 대응 시간을 40% 줄였습니다.
• 팀원들과 협업하며 코드 리뷰 문화를 만들었습니다. Google 검색 광고 데이터도 다뤘습니다."""

POSTING_KO = """[카카오페이] 서버 개발자 (경력 3년 이상)
담당업무
- Kotlin, Spring Boot 기반 결제 서버 개발 및 운영
- 대용량 트래픽 처리를 위한 캐싱 전략 수립
자격요건
- Java 또는 Kotlin으로 3년 이상 서버 개발 경험
- MySQL, Redis 등 데이터 저장소 사용 경험
우대사항
- Kafka를 활용한 이벤트 기반 아키텍처 경험
- 결제 도메인 경험
접수 기간: 2026.01.05 ~ 2026.01.15 18:00
서류 발표: 1/20(화) 14:00"""


# ---------------------------------------------------------------- text
def test_split_sentences_korean_answer_without_punctuation():
    answer = ("저는 백엔드 개발자입니다 3년 동안 결제 시스템을 개발했습니다. 그 과정에서 장애를 많이 겪었어요! "
              "가장 어려웠던 점은 무엇이었냐면요 트래픽이 몰릴 때였죠 그래서 캐시를 도입했습니다")
    assert text.split_sentences(answer) == [
        "저는 백엔드 개발자입니다",
        "3년 동안 결제 시스템을 개발했습니다.",
        "그 과정에서 장애를 많이 겪었어요!",
        "가장 어려웠던 점은 무엇이었냐면요",
        "트래픽이 몰릴 때였죠",
        "그래서 캐시를 도입했습니다",
    ]


def test_split_sentences_bullets_headings_and_english():
    sentences = text.split_sentences(POSTING_KO)
    assert sentences[:4] == ["[카카오페이] 서버 개발자 (경력 3년 이상)", "담당업무",
                             "Kotlin, Spring Boot 기반 결제 서버 개발 및 운영", "대용량 트래픽 처리를 위한 캐싱 전략 수립"]
    assert "자격요건" in sentences and "결제 도메인 경험" in sentences
    english = "I joined Naver in 2021, e.g. as an intern. Dr. Kim led the team. We cut latency by 3.5 times."
    assert text.split_sentences(english) == ["I joined Naver in 2021, e.g. as an intern.", "Dr. Kim led the team.",
                                             "We cut latency by 3.5 times."]


def test_split_sentences_joins_wrapped_lines():
    wrapped = ("During my internship I rebuilt the nightly reporting job so that it\n"
               "finished before the morning meeting. It saved two hours a day.\n\n1) Python\n2) SQL")
    assert text.split_sentences(wrapped) == [
        "During my internship I rebuilt the nightly reporting job so that it finished before the morning meeting.",
        "It saved two hours a day.", "Python", "SQL"]


def test_sentence_spans_point_into_the_text_as_it_is():
    letter = "- 저는 결제 서버를\n  개발했고 장애를 40% 줄였습니다. 응답은 2.5배 빨라졌습니다 Dr. Kim 덕분에\n\n1) Python"
    spans = text.sentence_spans(letter)
    assert [s.text for s in spans] == ["저는 결제 서버를", "개발했고 장애를 40% 줄였습니다.", "응답은 2.5배 빨라졌습니다",
                                       "Dr. Kim 덕분에", "Python"]
    assert all(letter[s.start:s.end] == s.text for s in spans)
    kept = text.sentence_spans(letter, bullets=False)  # the markers stay in, as the document shows them
    assert kept[0].text == "- 저는 결제 서버를" and kept[-1].text == "1) Python"
    wrapped = "During my internship I rebuilt the nightly reporting job so that it\nfinished before the meeting."
    (span,) = text.sentence_spans(wrapped)
    assert (span.start, span.end) == (0, len(wrapped))


def test_split_sentences_japanese_needs_no_space():
    spoken = "ご回答ありがとうございます。次の質問です！自己紹介をお願いできますか？はい。"
    assert text.split_sentences(spoken) == ["ご回答ありがとうございます。", "次の質問です!", "自己紹介をお願いできますか?",
                                            "はい。"]
    assert [s.text for s in text.sentence_spans("「そうですね。」と言った。")] == ["「そうですね。」", "と言った。"]


def test_tokenize_keeps_technical_names_and_splits_scripts():
    assert text.tokenize("파이썬을 활용한 C++와 C#, Node.js, CI/CD 경험 3.5년") == [
        "파이썬을", "활용한", "C++", "와", "C#", "Node.js", "CI/CD", "경험", "3.5", "년"]
    assert text.tokenize("AWS에서 React로") == ["AWS", "에서", "React", "로"]


@pytest.mark.parametrize("token,expected", [
    ("파이썬을", "파이썬"), ("데이터를", "데이터"), ("경험이", "경험"), ("데이터가", "데이터"), ("개발자는", "개발자"),
    ("회사에서", "회사"), ("서울로", "서울"), ("알고리즘으로", "알고리즘"), ("동료와", "동료"), ("고객과", "고객"),
    ("개발자입니다", "개발자"), ("팀원들과", "팀원"), ("프로젝트의", "프로젝트"),
    # words whose last syllable only looks like a particle stay whole
    ("마을", "마을"), ("평가", "평가"), ("회의", "회의"), ("전문가", "전문가"), ("결과", "결과"), ("정도", "정도"),
    ("카카오페이", "카카오페이"), ("게이트웨이", "게이트웨이"), ("효과", "효과"), ("데이터로", "데이터"), ("서울로", "서울"),
    ("Python", "Python"),
])
def test_strip_particle(token, expected):
    assert text.strip_particle(token) == expected


def test_stems_cut_verb_endings_and_stopwords():
    assert text.stems("고객 불만을 줄이기 위해 응대 프로세스를 개선했습니다") == [
        "고객", "불만", "줄이기", "응대", "프로세스", "개선"]
    assert text.stems("I was managing the payments services") == ["manag", "payment", "servic"]


def test_syllables_and_language():
    assert text.hangul_syllables("안녕하세요, Kim입니다!") == 8
    assert text.count_syllables("안녕하세요 interview") == 5 + 3
    assert text.detect_language("저는 Python과 Django로 서버를 개발했습니다") == "ko"
    assert text.detect_language("I developed servers with Python and Django") == "en"
    assert text.detect_language("") == "en"


# ---------------------------------------------------------------- skills
def test_dictionary_has_at_least_300_grouped_bilingual_skills():
    entries = json.loads(skills.DATA_FILE.read_text(encoding="utf-8"))
    assert len(skills.all_skills()) == len(entries) >= 300
    groups = Counter(s.group for s in skills.all_skills())
    assert set(groups) == set(skills.GROUPS)
    assert all(count >= 20 for count in groups.values()), groups
    korean = [s for s in skills.all_skills() if any(re.search("[가-힣]", a) for a in s.aliases)]
    assert len(korean) >= 300
    aliases = Counter(a.lower() for s in skills.all_skills() for a in dict.fromkeys(x.lower() for x in s.aliases))
    assert [a for a, n in aliases.items() if n > 1] == []  # an alias names one skill only


@pytest.mark.parametrize("name,group,aliases", [
    ("Python", "languages", ["파이썬", "Python"]),
    ("Kubernetes", "devops", ["쿠버네티스", "k8s", "Kubernetes"]),
    ("Nursing", "healthcare", ["간호", "간호사"]),
    ("Electronic Medical Records", "healthcare", ["EMR", "전자의무기록"]),
    ("Basic Life Support", "healthcare", ["BLS", "기본소생술"]),
    ("Performance Marketing", "marketing", ["퍼포먼스 마케팅"]),
    ("Google Analytics", "marketing", ["GA4", "구글 애널리틱스"]),
    ("Search Engine Optimization", "marketing", ["SEO", "검색엔진 최적화"]),
    ("Collaboration", "soft_skills", ["협업", "팀워크"]),
    ("Figma", "design", ["피그마"]),
    ("Amazon S3", "cloud", ["S3"]),
    ("Agile", "practices", ["애자일"]),
    ("Apache Spark", "data", ["스파크", "PySpark"]),
    ("Microsoft Excel", "business", ["엑셀"]),
    ("Spring Boot", "frameworks", ["스프링 부트", "스프링부트"]),
])
def test_aliases_find_the_canonical_skill(name, group, aliases):
    for alias in aliases:
        found = skills.find_skills(f"주요 역량: {alias}을 활용한 실무 경험")
        assert [(m.name, m.group) for m in found] == [(name, group)], alias


def test_find_skills_in_korean_resume_with_particles():
    found = skills.find_skills(RESUME_KO)
    names = [m.name for m in found]
    assert names == ["Python", "Django", "Kubernetes", "AWS", "PostgreSQL", "Redis", "Incident Response",
                     "Collaboration", "Code Review", "Search Engine Marketing"]
    for match in found:  # spans point at the words as written
        assert RESUME_KO[match.start:match.end].lower().replace(" ", "") == match.alias.lower().replace(" ", "")
    assert "Go" not in names  # "Google" is not Go


def test_go_r_c_only_as_standalone_skill_tokens():
    assert skills.skill_names("Google과 Golang, 그리고 Go로 만든 서버") == ["Go"]
    assert skills.skill_names("Go to the store. Let's go!") == []
    assert skills.skill_names("Python, R, SQL 사용 가능") == ["Python", "R", "SQL"]
    assert skills.skill_names("R로 통계 분석을 했습니다") == ["R", "Statistics"]
    assert skills.skill_names("R&D 부서에서 Plan B를 세웠고 R 등급을 받았다") == []
    assert skills.skill_names("C++와 C#, 그리고 C언어") == ["C++", "C#", "C"]
    assert skills.skill_names("학점 C, 토익 900") == ["English"]


def test_case_sensitive_aliases():
    assert skills.skill_names("Swift로 iOS 앱을 만들었고 swift한 대응을 했다") == ["Swift", "iOS"]
    assert skills.skill_names("I react quickly, and I build UIs with React.") == ["React"]
    assert skills.skill_names("I excel at planning; I automate reports in Excel.") == ["Microsoft Excel"]
    assert skills.skill_names("the notion of slack time") == []


def test_korean_aliases_need_a_word_boundary():
    assert skills.skill_names("자바스크립트와 자바") == ["JavaScript", "Java"]
    assert skills.skill_names("인사를 드립니다. 채용 공고를 보고 지원했습니다") == []
    assert skills.skill_names("협업했습니다. 쿠버네티스클러스터 운영, 영업팀 근무") == ["Collaboration", "Kubernetes", "Sales"]


def test_english_posting_and_other_fields():
    posting = ("We are hiring a Data Engineer: Apache Airflow, dbt, BigQuery and Python. Experience with "
               "A/B testing and Tableau dashboards is a plus. Strong communication skills.")
    assert skills.skill_names(posting) == ["Apache Airflow", "dbt", "BigQuery", "Python", "A/B Testing", "Tableau",
                                           "Communication"]
    nurse = "3년차 간호사로 중환자실에서 근무했으며 BLS, ACLS 자격을 보유. EMR 기록과 투약 관리, 감염관리 경험"
    assert skills.skill_names(nurse) == ["Nursing", "Critical Care Nursing", "Basic Life Support",
                                         "Advanced Cardiovascular Life Support", "Electronic Medical Records",
                                         "Medication Administration", "Infection Control"]
    marketer = "퍼포먼스 마케팅 담당: GA4 세팅, SEO 개선, 네이버 검색광고 운영으로 ROAS 300% 달성"
    assert skills.skill_names(marketer) == ["Performance Marketing", "Google Analytics", "Search Engine Optimization",
                                            "Naver Search Ads", "ROAS"]


# ---------------------------------------------------------------- dates
BASE = date(2025, 12, 20)


@pytest.mark.parametrize("phrase,expected_date,expected_time,role", [
    ("서류 마감: 2026년 1월 15일", date(2026, 1, 15), None, ""),
    ("마감일 2026.01.15", date(2026, 1, 15), None, ""),
    ("면접 일정: 1/20(화) 14:00", date(2026, 1, 20), time(14, 0), ""),
    ("지원서 접수 ~1.15까지", date(2026, 1, 15), None, "until"),
    ("1월 25일 오후 2시에 최종 면접", date(2026, 1, 25), time(14, 0), ""),
    ("12/20 서류 발표", date(2025, 12, 20), None, ""),
    ("Deadline: Jan 15, 2026", date(2026, 1, 15), None, ""),
    ("Interview on 20 January at 2:30 PM", date(2026, 1, 20), time(14, 30), ""),
    ("26.01.15(목) 마감", date(2026, 1, 15), None, "until"),
    ("내일 오전 10시 30분", date(2025, 12, 21), time(10, 30), ""),
    ("다음 주 화요일 3시", date(2025, 12, 23), time(15, 0), ""),
    ("2026-02-03 18:00부터", date(2026, 2, 3), time(18, 0), "from"),
])
def test_date_formats(phrase, expected_date, expected_time, role):
    [mention] = dates.parse_dates(phrase, BASE)
    assert (mention.date, mention.time, mention.role) == (expected_date, expected_time, role)
    assert phrase[mention.span[0]:mention.span[1]] == mention.text


def test_time_alone():
    [mention] = dates.parse_dates("면접은 오후 2시입니다", BASE)
    assert (mention.date, mention.time, mention.text) == (None, time(14, 0), "오후 2시")
    assert [m.time for m in dates.parse_dates("오전 9시 반 / 밤 10시 / 오전 12시", BASE)] == [
        time(9, 30), time(22, 0), time(0, 0)]


def test_posting_schedule_and_ranges():
    mentions = dates.parse_dates(POSTING_KO, BASE)
    assert [(m.date, m.time, m.role) for m in mentions] == [
        (date(2026, 1, 5), None, "from"), (date(2026, 1, 15), time(18, 0), "until"),
        (date(2026, 1, 20), time(14, 0), "")]
    assert [(m.date, m.role) for m in dates.parse_dates("1월 10일 ~ 15일", BASE)] == [
        (date(2026, 1, 10), "from"), (date(2026, 1, 15), "until")]


def test_year_inference_relative_to_base():
    def first(phrase: str, base: date) -> date:
        return dates.parse_dates(phrase, base)[0].date
    assert first("1월 5일", date(2025, 12, 20)) == date(2026, 1, 5)  # rolled forward into next year
    assert first("12/20", date(2026, 1, 10)) == date(2025, 12, 20)  # three weeks ago, not next December
    assert first("2월 20일", date(2026, 3, 1)) == date(2026, 2, 20)
    assert first("1월 15일", date(2026, 6, 15)) == date(2027, 1, 15)
    # the weekday decides: 1/20 is a Tuesday in 2026 and a Monday in 2025
    assert first("1/20(월)", date(2025, 12, 20)) == date(2025, 1, 20)


def test_numbers_that_are_not_dates():
    assert dates.parse_dates("경력 3.5년, 매출 1.5배 성장, 하루 12시간, v2.1 릴리스, 24/7 운영", BASE) == []
    assert dates.parse_dates("2026-02-30", BASE) == []


# ---------------------------------------------------------------- fillers
def test_korean_fillers_by_kind():
    answer = ("음... 저는 어 그러니까 백엔드 개발을 약간 3년 정도 했고요, 그 그 프로젝트에서 뭐랄까 이제 결제를 "
              "맡았습니다. 음식 배달 앱이었는데 그 앱은 어떻게 보면 좀 컸어요. 으음 아무튼 저 사람이 팀장이었습니다")
    counts = fillers.count_fillers(answer, "ko")
    assert counts == {"음": 2, "어": 1, "그러니까": 1, "약간": 1, "그": 1, "뭐랄까": 1, "이제": 1, "어떻게 보면": 1,
                      "좀": 1, "아무튼": 1}
    assert fillers.filler_kinds(counts, "ko") == {"hesitation": 4, "discourse": 3, "hedge": 4}


def test_english_fillers_by_kind():
    answer = ("Um, so I was, like, basically the lead. You know, I like Python and I mean it, uh, kind of worked. "
              "Ummm well, the summer was so busy. Well, that's it. I would like that.")
    counts = fillers.count_fillers(answer, "en")
    assert counts == {"um": 2, "so": 1, "like": 1, "basically": 1, "you know": 1, "i mean": 1, "uh": 1,
                      "kind of": 1, "well": 1}
    assert fillers.filler_kinds(counts, "en") == {"hesitation": 3, "discourse": 5, "hedge": 2}
    assert fillers.filler_ratio("Um um um", "en") == 1.0
    assert fillers.filler_ratio("", "en") == 0.0


def test_fillers_are_standalone_tokens_only():
    assert fillers.count_fillers("음식과 어묵, 그것과 저것, 약간의 오차", "ko") == {}
    assert fillers.count_fillers("The umbrella was uhaul-sized", "en") == {}


# ---------------------------------------------------------------- keywords
def test_keywords_of_a_korean_posting():
    found = keywords.extract_keywords(POSTING_KO, k=12)
    terms = [kw.term for kw in found]
    assert terms[0] == "Kotlin"  # the most repeated skill comes first
    assert {"Spring Boot", "Java", "MySQL", "Redis", "Apache Kafka"} <= set(terms)
    assert {"결제", "서버"} <= set(terms) and "카카오페이" in terms
    assert not {"담당업무", "자격요건", "우대사항"} & set(terms)  # section headings describe, not distinguish
    particles_or_stopwords = {"을", "를", "이", "가", "은", "는", "및", "또는", "등", "경험", "이상"}
    assert not particles_or_stopwords & set(terms)
    assert all(kw.skill == (skills.get_skill(kw.term) is not None) for kw in found)
    assert [kw.score for kw in found] == sorted((kw.score for kw in found), reverse=True)


def test_keywords_strip_particles_and_boost_skills():
    answer = ("물류 스타트업에서 배송 데이터를 분석했습니다. 배송 지연 원인을 찾기 위해 SQL과 파이썬으로 배송 데이터를 "
              "정리했고, 태블로 대시보드로 지연율을 공유했습니다. 그 결과 지연율이 12%에서 7%로 줄었습니다.")
    found = keywords.extract_keywords(answer, k=8)
    terms = [kw.term for kw in found]
    assert {"SQL", "Python", "Tableau"} <= set(terms)
    assert "배송" in terms and "지연율" in terms and "데이터" in terms
    assert not any(t.endswith(("를", "을", "으로", "에서")) for t in terms)
    by_term = {kw.term: kw for kw in found}
    assert by_term["배송"].count == 3 and by_term["Python"].skill


def test_keywords_with_corpus_idf():
    corpus = ["결제 서버 개발 경험", "결제 시스템 운영", "결제 대행사 연동"]
    found = keywords.extract_keywords("결제 정산 배치와 정산 대사 자동화", k=3, corpus=corpus)
    assert found[0].term == "정산"  # frequent here and absent from the corpus beats the ubiquitous 결제
    assert keywords.extract_keywords("", k=5) == [] and keywords.extract_keywords("은 는 이 가", k=5) == []
