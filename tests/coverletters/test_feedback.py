"""Local cover-letter feedback: it finds what is planted in a fixture letter and quotes it."""
from pathlib import Path

import pytest

from coverletters import ai as letter_ai
from postings import ai as posting_ai
from tests.coverletters import fixtures as C
from tests.postings import fixtures as F

PROFILE = {"career_summary": "백엔드 개발 3년 (Java/Spring)", "certifications": "정보처리기사, AWS SAA"}


@pytest.fixture(scope="module")
def backend_posting():
    return posting_ai.analyze_posting(F.BACKEND_POSTING).as_dict()


def review(content, posting=None, profile=PROFILE):
    return letter_ai.letter_feedback(letter_ai.LetterInput(content=content, posting=posting, profile=profile))


def of_type(result, kind):
    return [item for item in result.items if item["type"] == kind]


def test_planted_problems_are_found_and_quoted(backend_posting):
    result = review(C.PLANTED_LETTER, backend_posting)
    assert result.engine == "local"
    for item in result.items:
        assert set(item) >= {"type", "severity", "quote", "message", "suggestion"}
        assert item["severity"] in {"high", "medium", "low", "good"}
        if item["quote"]:
            assert item["quote"] in C.PLANTED_LETTER  # quotes are the letter's own sentences

    cliches = {item["term"]: item for item in of_type(result, "cliche")}
    assert {"성실함", "열정", "최선을 다하겠습니다", "소통 능력", "책임감", "많은 것을 배웠습니다"} <= set(cliches)
    assert cliches["최선을 다하겠습니다"]["quote"] == "입사하게 된다면 최선을 다하겠습니다."
    assert all(item["suggestion"] for item in cliches.values())

    missing = {term for item in of_type(result, "keyword_missing") for term in item["terms"]}
    assert {"JPA", "MySQL"} <= missing  # required skills the letter never names
    assert "Java" not in missing and "Spring Boot" not in missing  # it does name these
    assert any("JPA" in item["message"] for item in of_type(result, "keyword_missing") if item["severity"] == "high")

    wrong = of_type(result, "wrong_company")
    assert len(wrong) == 1 and wrong[0]["term"] == "쿠팡" and "그린커머스" in wrong[0]["message"]
    assert wrong[0]["quote"] == "저는 열정을 가지고 쿠팡에 지원하게 되었습니다."

    risks = {item["risk"]: item for item in of_type(result, "blind_risk")}
    assert set(risks) >= {"school", "family"}
    assert "한국대학교" in risks["school"]["quote"] and "부모님" in risks["family"]["quote"]
    assert all(item["severity"] == "high" for item in risks.values())

    repeated = [item for item in of_type(result, "repetition") if item.get("other")]
    assert repeated and repeated[0]["quote"] == "저는 Java와 Spring Boot로 주문 API를 개발했습니다."
    assert of_type(result, "role")[0]["quote"] == "저희 팀은 쇼핑몰 주문 시스템을 만들었습니다."

    lengths = of_type(result, "length")
    assert any("500자" in item["message"] for item in lengths)
    assert [q["limit"] for q in result.questions] == [500, 800, 500]
    assert any("AWS SAA" in item["message"] for item in of_type(result, "spec"))  # the profile's certificate

    # the worst problems come first, and the summary names them in Korean
    assert result.items[0]["severity"] == "high" and result.items[0]["type"] == "wrong_company"
    assert result.summary.startswith("전반적으로") and "쿠팡" in result.summary and "열정" in result.summary
    assert result.scores["overall"] < 40 and result.scores["compliance"] == 0


def test_expected_interview_questions(backend_posting):
    result = review(C.GOOD_LETTER, backend_posting)
    questions = result.expected_questions
    assert 4 <= len(questions) <= 8
    assert all(set(q) == {"question", "reason", "quote", "competency"} for q in questions)
    texts = " ".join(q["question"] for q in questions)
    assert "45ms" in texts or "0.1%" in texts  # its numbers invite "how did you measure that?"
    assert "왜 그린커머스" in texts
    assert any(q["quote"] and q["quote"] in C.GOOD_LETTER for q in questions)
    assert any("Java" in q["question"] for q in questions)  # a required skill the letter leaves out


def test_good_letter_scores_higher_and_is_not_flagged(backend_posting):
    good = review(C.GOOD_LETTER, backend_posting)
    planted = review(C.PLANTED_LETTER, backend_posting)
    assert good.scores["overall"] > planted.scores["overall"] + 40
    assert not of_type(good, "cliche") and not of_type(good, "blind_risk") and not of_type(good, "wrong_company")
    assert any(item["severity"] == "good" and "45ms" in item["quote"] for item in good.items)


def test_demo_letter_former_employer_and_related_company_are_not_wrong():
    demo = Path(__file__).resolve().parents[2] / "core" / "demo_data"
    posting = posting_ai.analyze_posting((demo / "posting.txt").read_text()).as_dict()
    letter = (demo / "cover_letter.txt").read_text()
    result = review(letter, posting)
    assert posting["company"] == "카카오페이"
    assert not of_type(result, "wrong_company")  # 하루마켓 is where the writer worked
    assert not of_type(result, "blind_risk")
    assert "카카오" not in [item.get("term") for item in result.items]
    related = review("카카오의 결제 기술을 배우며 카카오페이에 입사해 성장하고 싶습니다.", posting)
    assert not of_type(related, "wrong_company")


def test_wrong_company_from_a_known_name_and_from_a_company_suffix():
    posting = posting_ai.analyze_posting(F.NURSING_POSTING).as_dict()
    result = review("저는 삼성서울병원의 일원이 되어 환자 안전에 기여하고 싶습니다.", posting)
    assert [item["term"] for item in of_type(result, "wrong_company")] == ["삼성서울병원"]
    same = review("저는 서울한빛병원의 일원이 되어 환자 안전에 기여하고 싶습니다.", posting)
    assert not of_type(same, "wrong_company")


def test_blind_hiring_age_region_and_length_limits():
    letter = ("1. 성장 과정을 작성해 주세요 (300자)\n저는 부산 출신으로 올해 29살입니다. " + "병동 간호 경험을 쌓았습니다. " * 30)
    result = review(letter)
    risks = {item["risk"] for item in of_type(result, "blind_risk")}
    assert {"region", "age"} <= risks
    over = [item for item in of_type(result, "length") if item["severity"] == "high"]
    assert over and "300자" in over[0]["message"]


def test_without_a_posting_there_is_no_keyword_check():
    result = review(C.GOOD_LETTER, None)
    assert result.scores["coverage"] is None and result.keywords["score"] is None
    assert not of_type(result, "keyword_missing") and not of_type(result, "wrong_company")
    assert 0 <= result.scores["overall"] <= 100


def test_profile_contradiction():
    letter = "[직무 역량]\n저는 7년간 백엔드 개발을 하며 주문 API를 만들었습니다."
    result = review(letter, None, {"career_summary": "백엔드 개발 3년", "certifications": ""})
    item = of_type(result, "consistency")[0]
    assert "3년" in item["message"] and item["quote"] == "저는 7년간 백엔드 개발을 하며 주문 API를 만들었습니다."


def test_openai_engine_feedback(openai_engine, backend_posting):
    openai_engine.chat(json={
        "summary": "전반적으로 경력이 잘 드러나나, 구체적인 프로젝트 성과를 추가하면 좋겠습니다.",
        "items": [
            {"type": "cliche", "severity": "medium", "quote": "입사하게 된다면 최선을 다하겠습니다.",
             "message": "상투적인 다짐입니다.", "suggestion": "입사 후 6개월 안에 할 일을 쓰세요."},
            {"type": "evidence", "severity": "low", "quote": "이 문장은 자기소개서에 없습니다.",
             "message": "근거가 부족합니다.", "suggestion": "수치를 더하세요."},
            {"type": "blind_risk", "severity": "high", "quote": "한국대학교 컴퓨터공학과에서 개발을 공부했습니다.",
             "message": "출신 학교가 드러납니다.", "suggestion": "학교 이름을 지우세요."},
        ],
        "scores": {"coverage": 40, "evidence": 20, "structure": 50, "originality": 30, "compliance": 10,
                   "length": 30, "overall": 31},
        "expected_questions": [{"question": "왜 그린커머스인가요?", "reason": "지원 동기", "quote": "",
                                "competency": "지원 동기"}],
    })
    result = review(C.PLANTED_LETTER, backend_posting)
    assert result.engine == "openai" and result.scores["overall"] == 31
    assert result.summary.startswith("전반적으로 경력이")
    assert result.items[1]["quote"] == "입사하게 된다면 최선을 다하겠습니다."
    assert result.items[1]["start"] == C.PLANTED_LETTER.index("입사하게 된다면")
    # a quote the letter does not contain is dropped, a real one is located; high severity first
    assert [i["quote"] for i in result.items if i["type"] == "evidence"] == [""]
    assert [i["type"] for i in result.items] == ["blind_risk", "cliche", "evidence"]
    assert C.PLANTED_LETTER[result.items[0]["start"]:result.items[0]["end"]] == result.items[0]["quote"]
    assert result.expected_questions[0]["question"] == "왜 그린커머스인가요?"
    request = openai_engine.requests_to("/chat/completions")[0].json
    prompt = request["messages"][-1]["content"]
    assert "[지원자 스펙]" in prompt and "백엔드 개발 3년" in prompt and "JPA" in prompt and "쿠팡에 지원" in prompt
    assert request["response_format"]["json_schema"]["name"] == "cover_letter_feedback"
