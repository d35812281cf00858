"""The seed 003 "자기소개서 피드백 흐름" over real HTTP (daphne) with JWT: register, log in, upload a
posting (PDF and pasted text), list, detail, write a cover letter, read its feedback."""
import requests

from tests.coverletters import fixtures as C
from tests.factories import text_pdf
from tests.postings import fixtures as F


def test_cover_letter_feedback_flow(live_url):
    s = requests.Session()
    email, password = "flow@example.com", "Flow-Interview-2026"
    registered = s.post(f"{live_url}/api/auth/register", json={"email": email, "password": password, "name": "김지원"},
                        timeout=30)
    assert registered.status_code in (200, 201), registered.text
    tokens = s.post(f"{live_url}/api/auth/login", json={"email": email, "password": password}, timeout=30).json()
    s.headers["Authorization"] = f"Bearer {tokens['access_token']}"
    profile = s.patch(f"{live_url}/api/users/me", json={"career_summary": "백엔드 개발 3년",
                                                        "certifications": "정보처리기사, AWS SAA"}, timeout=30)
    assert profile.status_code == 200

    # 1. 공고 업로드 및 분석: a PDF (FormData) ...
    uploaded = s.post(f"{live_url}/api/job-postings", files={"file": ("greencommerce.pdf", text_pdf(F.BACKEND_POSTING),
                                                                      "application/pdf")},
                      data={"title": "백엔드 개발자 채용"}, timeout=120)
    assert uploaded.status_code == 201, uploaded.text
    posting = uploaded.json()
    assert posting["title"] == "백엔드 개발자 채용" and "자격요건" in posting["original_text"]
    assert {"Java", "Spring Boot", "JPA"} <= set(posting["ai_analysis"]["keywords"])
    assert "백엔드 개발 경력 3년 이상" in posting["ai_analysis"]["requirements"]
    # ... and pasted text
    pasted = s.post(f"{live_url}/api/job-postings", json={"text": F.FRONTEND_POSTING}, timeout=60)
    assert pasted.status_code == 201

    listing = s.get(f"{live_url}/api/job-postings", timeout=30).json()
    assert listing["total"] == 2 and {i["id"] for i in listing["items"]} == {posting["id"], pasted.json()["id"]}
    detail = s.get(f"{live_url}/api/job-postings/{posting['id']}", timeout=30).json()
    assert detail["original_text"] == posting["original_text"] and detail["ai_analysis"] == posting["ai_analysis"]

    # 2. 자소서 작성 및 피드백
    created = s.post(f"{live_url}/api/cover-letters", json={"job_posting_id": posting["id"],
                                                             "content": C.PLANTED_LETTER}, timeout=60)
    assert created.status_code == 201, created.text
    letter = created.json()
    assert letter["job_posting_id"] == posting["id"]
    feedback = letter["ai_feedback"]
    for planted in ("열정", "최선을 다하겠습니다", "쿠팡", "한국대학교", "JPA"):
        assert planted in feedback, planted
    assert "AWS SAA" in feedback  # the user's spec was part of the request

    letters = s.get(f"{live_url}/api/cover-letters", timeout=30).json()
    assert letters["total"] == 1 and letters["items"][0]["ai_feedback"] == feedback
    shown = s.get(f"{live_url}/api/cover-letters/{letter['id']}", timeout=30).json()
    assert shown["job_posting"] == {"id": posting["id"], "title": "백엔드 개발자 채용",
                                    "ai_analysis": posting["ai_analysis"]}

    # another account sees none of it
    other = requests.Session()
    other.post(f"{live_url}/api/auth/register", json={"email": "other@example.com", "password": password}, timeout=30)
    other_token = other.post(f"{live_url}/api/auth/login", json={"email": "other@example.com", "password": password},
                             timeout=30).json()["access_token"]
    other.headers["Authorization"] = f"Bearer {other_token}"
    assert other.get(f"{live_url}/api/job-postings/{posting['id']}", timeout=30).status_code == 404
    assert other.get(f"{live_url}/api/cover-letters/{letter['id']}", timeout=30).status_code == 404
    assert other.post(f"{live_url}/api/cover-letters", json={"job_posting_id": posting["id"], "content": "x"},
                      timeout=30).status_code == 404
    assert other.get(f"{live_url}/api/cover-letters", timeout=30).json() == {"items": [], "total": 0, "page": 1,
                                                                              "page_size": 20}
