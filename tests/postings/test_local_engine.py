"""The local engine reads postings and resumes the way a person would (fixtures say what a
person picks out), and its match score orders resumes by fit."""
from datetime import date

import pytest

from postings import ai as posting_ai
from postings import local
from tests.postings import fixtures as F

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize("name", list(F.CASES))
def test_posting_sections_skills_and_facts(name):
    case = F.CASES[name]
    expect = case["expect"]
    analysis = posting_ai.analyze_posting(case["posting"], today=TODAY)

    assert analysis.engine == "local"
    assert {s["key"] for s in analysis.sections} >= expect["sections"]
    assert set(analysis.required_skills) >= _canonical(expect["required"]), analysis.required_skills
    assert set(analysis.preferred_skills) >= _canonical(expect["preferred"]), analysis.preferred_skills
    # a skill is either required or preferred, never both
    assert not set(analysis.required_skills) & set(analysis.preferred_skills)
    assert analysis.company == expect["company"]
    assert expect["position_contains"] in analysis.position
    assert analysis.deadline == expect["deadline"]
    assert analysis.employment_type == expect["employment_type"]
    assert expect["location_contains"] in analysis.location
    assert analysis.min_years == expect["min_years"]
    # the requirement lines are kept as written, bullets stripped
    requirements = next(s for s in analysis.sections if s["key"] == "requirements")["items"]
    assert analysis.requirements == requirements and all(not r.startswith("-") for r in requirements)
    assert set(analysis.required_skills) <= set(analysis.keywords) | set(analysis.required_skills)


def _canonical(names: set[str]) -> set[str]:
    """Fixture names as people write them → the dictionary's canonical names."""
    aliases = {"BLS": "Basic Life Support", "EMR": "Electronic Medical Records", "GA4": "Google Analytics",
               "ACLS": "Advanced Cardiovascular Life Support", "Excel": "Microsoft Excel", "Kafka": "Apache Kafka",
               "Airflow": "Apache Airflow", "Spark": "Apache Spark"}
    return {aliases.get(name, name) for name in names}


def test_skills_in_responsibilities_count_as_required_and_soft_skills_do_not():
    analysis = posting_ai.analyze_posting(F.DATA_POSTING, today=TODAY)
    assert "A/B Testing" in analysis.required_skills  # named only under 담당업무
    assert not {"Collaboration", "Communication", "Decision Making"} & set(analysis.required_skills)


def test_alternatives_form_one_requirement():
    text = (F.BACKEND_POSTING.replace("- Java, Spring Boot 기반 서버 개발 경험", "- Java 또는 Kotlin 기반 서버 개발 경험"))
    analysis = posting_ai.analyze_posting(text, today=TODAY)
    assert ["Java", "Kotlin"] in analysis.required_groups
    kotlin_resume = F.BACKEND_GOOD.replace("Java 17", "Kotlin").replace("Java,", "Kotlin,")
    result = _match(kotlin_resume, text)
    assert "Java" not in result.missing_skills and "Kotlin" in result.matched_skills


def test_english_posting():
    analysis = posting_ai.analyze_posting(F.ENGLISH_POSTING, today=TODAY)
    assert analysis.company == "Acme Robotics"
    assert analysis.position == "Senior Backend Engineer"
    assert ["Go", "Rust"] in analysis.required_groups and "PostgreSQL" in analysis.required_skills
    assert set(analysis.preferred_skills) >= {"Apache Kafka", "Terraform"}
    assert analysis.min_years == 5 and analysis.deadline == "2026-12-31"
    assert analysis.employment_type == "정규직" and analysis.location.startswith("Berlin")
    assert {s["key"] for s in analysis.sections} >= {"intro", "responsibilities", "requirements", "preferred"}


def test_rolling_deadline_and_short_dates():
    rolling = posting_ai.analyze_posting("[하루랩] 백엔드 개발자\n자격요건\n- Python 경험\n상시 채용 (채용 시 마감)",
                                         today=TODAY)
    assert rolling.deadline is None and rolling.deadline_note == "상시 채용"
    short = posting_ai.analyze_posting("[하루랩] 백엔드 개발자\n자격요건\n- Python 경험\n서류 접수 ~1.15까지", today=TODAY)
    assert short.deadline == "2027-01-15"  # the next 1월 15일 after today


def test_company_from_corporate_mark_and_intro():
    assert posting_ai.analyze_posting(F.MARKETING_POSTING, today=TODAY).company == "오늘의식탁"
    text = "백엔드 개발자 모집\n\n회사 소개\n모아랩스는 중소상공인을 위한 회계 SaaS를 만듭니다.\n\n자격요건\n- Go 개발 경험"
    assert posting_ai.analyze_posting(text, today=TODAY).company == "모아랩스"


@pytest.mark.parametrize("name", list(F.CASES))
def test_better_fitting_resume_scores_higher(name):
    case = F.CASES[name]
    good = _match(case["good"], case["posting"])
    weak = _match(case["weak"], case["posting"])
    assert good.score > weak.score + 40, (good.score, weak.score)
    assert good.grade in {"A+", "A", "B+", "B"} and weak.grade == "F"
    assert good.engine == weak.engine == "local"
    assert 0 <= weak.score <= good.score <= 100
    assert len(good.matched_skills) > len(weak.matched_skills)


def test_required_skills_weigh_more_than_preferred():
    posting = F.FRONTEND_POSTING
    required_only = "프론트엔드 개발자\n[기술]\nReact, TypeScript, Next.js, HTML, CSS"
    preferred_only = "프론트엔드 개발자\n[기술]\nGraphQL, Jest, Storybook, AWS, 디자인 시스템"
    assert _match(required_only, posting).score > _match(preferred_only, posting).score + 20


def test_recommendations_name_the_missing_skills():
    result = _match(F.FRONTEND_GOOD, F.FRONTEND_POSTING)
    assert set(result.missing_skills) == {"GraphQL", "AWS"}
    assert any("GraphQL" in r for r in result.recommendations)
    weak = _match(F.BACKEND_WEAK, F.BACKEND_POSTING)
    assert any("Spring Boot" in r and "필수 요건" in r for r in weak.recommendations)
    assert any("수치" in r for r in weak.recommendations)  # no numbers in that resume


def test_semantic_similarity_counts():
    """Same skills, but a resume about the posting's kind of work scores above an unrelated one."""
    posting = F.NURSING_POSTING
    on_topic = "간호사\n내과 병동 3교대 근무, 입원 환자 투약 관리와 활력징후 측정, EMR 간호 기록, BLS"
    off_topic = "EMR, BLS\n물류센터 재고 관리와 배송 일정 조율 업무를 맡았습니다."
    assert posting_ai.text_similarity(on_topic, posting) > posting_ai.text_similarity(off_topic, posting)


def test_resume_analysis():
    resume = posting_ai.analyze_resume(F.NURSING_GOOD, today=TODAY)
    # 2021.03 ~ 2023.02 and 2023.03 ~ 현재 (2026.11): 5 years 9 months, ranges in order
    assert resume.years_of_experience == pytest.approx(5.75, abs=0.1)
    assert "Basic Life Support" in resume.skills and "Critical Care Nursing" in resume.skills
    assert any("20분 → 10분" in a for a in resume.achievements)
    assert any("경력" in s for s in resume.strengths)
    assert any("BLS" in s for s in resume.strengths)  # 자격·면허

    no_cloud = posting_ai.analyze_resume(F.FRONTEND_WEAK, today=TODAY)
    assert any("클라우드" in w for w in no_cloud.weaknesses)
    assert any("AWS" in s for s in no_cloud.suggestions)
    assert any("수치" in w for w in no_cloud.weaknesses)
    assert no_cloud.achievements == []


def test_years_from_statements_and_education_is_not_work():
    stated = local.analyze_resume("백엔드 개발자\n경력 7년차 서버 개발자입니다.", today=TODAY)
    assert stated.years == 7
    school = local.analyze_resume("[학력]\n한빛대학교 (2015.03 ~ 2019.02)\n[경력]\n데이터웍스 (2024.11 ~ 현재)",
                                  today=TODAY)
    assert school.years == pytest.approx(2.1, abs=0.05)


@pytest.mark.parametrize("score,grade", [(100, "A+"), (90, "A+"), (85, "A"), (80, "A"), (77, "B+"), (70, "B"),
                                         (66, "C+"), (60, "C"), (55, "D"), (49, "F"), (0, "F")])
def test_one_grade_scale_for_every_report(score, grade):
    from ai.nlp.grades import grade_for
    from interviews.local import report

    assert grade_for(score) == grade
    assert local.grade_for is report.grade_for is grade_for  # postings and interviews use the one scale


def test_korean_particles():
    from ai.nlp.korean import josa

    assert josa("Python", "을/를") == "Python을"
    assert josa("React", "을/를") == "React를"
    assert josa("SQL", "을/를") == "SQL을"
    assert josa("쿠팡", "을/를") == "쿠팡을" and josa("카카오", "을/를") == "카카오를"
    assert josa("서울", "으로/로") == "서울로" and josa("그린커머스", "으로/로") == "그린커머스로"


def _match(resume_text: str, posting_text: str):
    resume = posting_ai.analyze_resume(resume_text, today=TODAY)
    posting = posting_ai.analyze_posting(posting_text, today=TODAY)
    return posting_ai.match_resume(resume_text=resume_text, posting_text=posting_text, resume=resume, posting=posting)
