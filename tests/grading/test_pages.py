"""Server-rendered pages: problem list, exam room, report, staff editor."""
from __future__ import annotations

import pytest
from django.test import Client

from grading.models import Problem, Submission

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_list_opens_a_session_and_room_renders(make_user, starter):
    user = make_user()
    client = _client(user)
    page = client.get("/coding")
    assert page.status_code == 200
    text = page.content.decode()
    assert "도우미는 개념과 코드" in text and "두 수의 합" in text
    response = client.post("/coding", {"problem": starter["two-sum"].pk})
    assert response.status_code == 302
    room = client.get(response["Location"]).content.decode()
    assert "vendor/codemirror5/codemirror.js" in room and "예제 입력" in room and "4 9" in room
    assert "cdn" not in room.lower()
    assert client.post("/coding", {"problem": "abc"}).status_code == 404


def test_room_and_run_are_owner_only(make_user, starter, open_session):
    owner, other = make_user(), make_user()
    session = open_session(owner, starter["stairs"])
    assert _client(other).get(f"/coding/sessions/{session.pk}").status_code == 404
    assert _client(other).post(f"/coding/sessions/{session.pk}/run", "{}", content_type="application/json").status_code == 404
    response = _client(owner).post(f"/coding/sessions/{session.pk}/run", '{"code": "print(1)", "language": "rust"}',
                                   content_type="application/json")
    assert response.status_code == 400
    response = _client(owner).post(f"/coding/sessions/{session.pk}/run", '{"code": "print(1)", "language": "python3"}',
                                   content_type="application/json")
    assert response.status_code == 200
    run = Submission.objects.get(submission_id=response.json()["submissionId"])
    assert run.is_final is False and run.session == session


def test_staff_editor_creates_versions(make_user, starter):
    staff, user = make_user(is_staff=True), make_user()
    assert _client(user).get("/coding/staff").status_code == 302  # not staff: to the login page
    client = _client(staff)
    assert client.get("/coding/staff").status_code == 200
    form = {"title": "최댓값", "title_en": "Maximum", "slug": "maximum", "techniques": "implementation",
            "statement": "## 문제\n가장 큰 수를 출력하세요.", "statement_en": "Print the largest number.",
            "constraints": "1 ≤ N ≤ 100", "time_limit_ms": 1000, "memory_limit_mb": 128,
            "languages": ["python3", "cpp17"], "tests": "3\n1 5 2\n---\n5\n===\n1\n-7\n---\n-7", "samples": 1,
            "checker": "", "reference_solution": ""}
    assert client.post("/coding/staff/problems/new", form).status_code == 302
    problem = Problem.objects.get(slug="maximum")
    spec = problem.latest_spec
    assert spec.version == 1 and spec.tests.count() == 2 and spec.tests.filter(is_sample=True).count() == 1
    assert spec.languages == ["python3", "cpp17"]
    edit = client.get(f"/coding/staff/problems/{problem.pk}").content.decode()
    assert "1 5 2" in edit
    assert client.post(f"/coding/staff/problems/{problem.pk}", {**form, "time_limit_ms": 2000}).status_code == 302
    assert problem.latest_spec.version == 2 and problem.latest_spec.time_limit_ms == 2000
    bad = client.post("/coding/staff/problems/new", {**form, "slug": "other", "tests": "no separator"})
    assert bad.status_code == 200 and "---" in bad.content.decode()


def test_statement_markdown_is_escaped():
    from grading.markdown import render

    html = render("## 입력\n<script>alert(1)</script> **굵게** `code`\n- a\n- b")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<h4>입력</h4>" in html and "<strong>굵게</strong>" in html and "<li>a</li>" in html


def test_report_page_for_candidate_and_staff(make_user, adder, open_session):
    from datetime import timedelta

    from django.utils import timezone

    from grading import services

    user, staff = make_user(), make_user(is_staff=True)
    session = open_session(user, adder)
    submission, _ = services.submission_create(session=session, spec=session.spec, language="python3",
                                               language_label="python3",
                                               code="a, b = map(int, input().split())\nprint(a + b)\n",
                                               submission_id=616161)
    services.submission_grade(submission_pk=submission.pk)
    candidate_view = _client(user).get("/coding/submissions/616161").content.decode()
    assert "AC" in candidate_view and "data-report" not in candidate_view and "공개됩니다" in candidate_view
    staff_view = _client(staff).get("/coding/submissions/616161").content.decode()
    assert "data-report" in staff_view and "data-score" in staff_view
    assert _client(make_user()).get("/coding/submissions/616161").status_code == 404
    exam = session.participant.exam
    exam.starts_at, exam.ends_at = timezone.now() - timedelta(hours=2), timezone.now() - timedelta(seconds=1)
    exam.save()
    assert "data-score" in _client(user).get("/coding/submissions/616161").content.decode()


def test_staff_opens_an_exam_for_users(make_user, starter):
    from grading.models import Exam

    staff, alice, bob = make_user(is_staff=True), make_user(), make_user()
    client = _client(staff)
    form = {"title": "1차 코딩 테스트", "starts_at": "2026-01-10T10:00", "ends_at": "2026-01-10T12:00",
            "problems": [starter["two-sum"].pk, starter["stairs"].pk], "participants": f"{alice.username}\n{bob.email}"}
    assert client.post("/coding/staff", form).status_code == 302
    exam = Exam.objects.get(title="1차 코딩 테스트")
    assert exam.participants.count() == 2
    assert sorted(s.problem.slug for s in exam.participants.get(user=alice).sessions.all()) == ["stairs", "two-sum"]
    page = client.get("/coding/staff").content.decode()
    assert "1차 코딩 테스트" in page and alice.username in page
    bad = client.post("/coding/staff", {**form, "participants": "nobody-here", "title": "x"})
    assert bad.status_code == 200 and "nobody-here" in bad.content.decode()
    bad = client.post("/coding/staff", {**form, "ends_at": "2026-01-10T09:00", "title": "y"})
    assert bad.status_code == 200 and not Exam.objects.filter(title="y").exists()


def test_room_in_english(make_user, starter, open_session):
    from django.conf import settings

    user = make_user()
    session = open_session(user, starter["two-sum"])
    client = _client(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/coding/sessions/{session.pk}").content.decode()
    assert "Run on samples" in page and "Helper" in page and "Sample input" in page
    assert "예제로 실행" not in page
