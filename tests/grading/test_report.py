"""The report after grading: verdicts, helper usage, code quality and the combined score, and
who may read it when."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from grading.local import evaluation
from tests.grading.conftest import chat_body, submit_body

pytestmark = pytest.mark.django_db

CLEAN = "def main():\n    first, second = map(int, input().split())\n    print(first + second)\n\n\nmain()\n"
MESSY = ("from __future__ import annotations\nimport os\nimport sys\n\n\ndef Helper(Q):\n    return Q\n\n\ndef unused_thing():\n    return 1\n    print('never')\n\n\n"
         "def main():\n    a, b = map(int, input().split())\n    Z = 0\n    if a > 0 and b > 0 or a < -5:\n        pass\n"
         "    elif a == 1:\n        pass\n    elif a == 2:\n        pass\n    elif a == 3:\n        pass\n    elif a == 4:\n"
         "        pass\n    elif a == 5:\n        pass\n    elif a == 6:\n        pass\n    elif a == 7:\n        pass\n"
         "    elif a == 8:\n        pass\n    elif a == 9:\n        pass\n    print(a + b)\n\n\nmain()\n")


def test_code_quality_sees_complexity_naming_and_dead_code():
    clean, clean_reasons, _ = evaluation.code_quality(CLEAN, "python3")
    messy, messy_reasons, details = evaluation.code_quality(MESSY, "python3")
    assert clean == 100 and messy < 70
    assert details["max_complexity"] > 10
    assert "Helper" in details["bad_names"] and "Q" in details["bad_names"]
    assert details["unreachable"] == [12]
    assert details["unused_functions"] == ["Helper", "unused_thing"]
    assert set(details["unused_imports"]) == {"os", "sys"}
    assert "Z" in details["unused_variables"]
    text = " ".join(messy_reasons)
    assert "complexity" in text and "dead code" in text and "names" in text


def test_reliance_is_the_share_of_final_lines_seen_in_answers():
    answers = ["Try this:\n    seen = set()\n    for index, value in enumerate(values):"]
    code = "seen = set()\nfor index, value in enumerate(values):\n    print(index)\nresult = compute(values)\n"
    share, copied, counted = evaluation.reliance(code, answers)
    assert (copied, counted) == (2, 4) and share == 0.5


def test_report_after_grading_and_its_visibility(make_user, adder, open_session, client_for, settings):
    from grading import services
    from grading.models import Submission

    user, staff = make_user(), make_user(is_staff=True)
    session = open_session(user, adder)
    client = client_for(user)
    for turn, question in ((1, "정답 코드 전체를 보여줘"), (3, "입력을 어떻게 읽는지 설명해 줘"), (5, "힌트")):
        assert client.post("/api/chat/messages", chat_body(session, turn, question), format="json").status_code == 200
    body = submit_body(session, CLEAN, "python3")
    client.post("/api/session/submit", body, format="json")
    submission = Submission.objects.get(submission_id=body["submissionId"])
    services.submission_grade(submission_pk=submission.pk)  # what the worker does, in-process
    submission.refresh_from_db()
    assert submission.verdict == "AC" and submission.passed == 2
    report = submission.report
    assert report.correctness == 100 and report.code_quality == 100
    usage = report.details["ai_usage"]
    assert usage["intents"]["solution_request"] == 1 and usage["questions"] == 3
    assert report.ai_usage < 100 and any("solution" in r for r in report.details["reasons"])
    assert report.score == evaluation.combined(report.correctness, report.code_quality, report.ai_usage)
    # hidden from the candidate while the exam is open, visible to staff
    assert client.get(f"/api/session/submissions/{body['submissionId']}").json()["report"] is None
    staff_view = client_for(staff).get(f"/api/session/submissions/{body['submissionId']}").json()
    assert staff_view["report"]["score"] == report.score and staff_view["report"]["reasons"]
    exam = session.participant.exam
    exam.starts_at, exam.ends_at = timezone.now() - timedelta(hours=3), timezone.now() - timedelta(minutes=1)
    exam.save()
    after = client.get(f"/api/session/submissions/{body['submissionId']}").json()
    assert after["report"]["score"] == report.score
    # and the exam being closed stops new messages and submissions
    response = client.post("/api/chat/messages", chat_body(session, 7, "힌트"), format="json")
    assert response.status_code == 409 and response.json()["error_code"] == "EXAM_NOT_OPEN"


def test_sandbox_refuses_without_cgroups(monkeypatch, adder):
    from grading import judge, sandbox
    from grading.sandbox import cgroups

    def broken(**kwargs):
        raise cgroups.CgroupUnavailable("cgroup v1: Read-only file system")

    monkeypatch.setattr(cgroups, "create", broken)
    ok, reason = sandbox.health()
    assert not ok and "cgroup" in reason
    result = judge.judge(code="print(3)", language="python3", tests=[judge.TestData(1, 1, True, "1 2\n", "3\n")],
                         time_limit_ms=1000, memory_limit_mb=64)
    assert result.verdict == "SE" and "sandbox unavailable" in result.error  # never blamed on the candidate


def test_health_reports_the_sandbox(client):
    body = client.get("/health").json()
    assert body["services"]["sandbox"] == "operational"


def test_checker_accepts_any_valid_answer():
    """A many-answer problem: print any index holding the maximum; the checker runs sandboxed too."""
    from grading import judge

    checker = ("import sys\nvalues = open(sys.argv[1]).read().split()[1:]\nanswer = open(sys.argv[3]).read().split()\n"
               "ok = len(answer) == 1 and answer[0].isdigit() and 1 <= int(answer[0]) <= len(values) "
               "and int(values[int(answer[0]) - 1]) == max(map(int, values))\nsys.exit(0 if ok else 1)\n")
    tests = [judge.TestData(1, 1, True, "4\n5 9 1 9\n", "2\n")]
    last = "n = int(input())\nv = list(map(int, input().split()))\nprint(len(v) - v[::-1].index(max(v)))\n"
    wrong = "print(1)\n"
    assert judge.judge(code=last, language="python3", tests=tests, time_limit_ms=1000, memory_limit_mb=64,
                       checker=checker).verdict == "AC"  # 4, not the expected 2, and still accepted
    assert judge.judge(code=wrong, language="python3", tests=tests, time_limit_ms=1000, memory_limit_mb=64,
                       checker=checker).verdict == "WA"
    broken = judge.judge(code=last, language="python3", tests=tests, time_limit_ms=1000, memory_limit_mb=64,
                         checker="raise SystemExit(7)\n")
    assert broken.verdict == "SE"  # a broken checker is the grader's fault


def test_claim_once_and_reclaim_only_when_the_lease_ran_out(make_user, adder, open_session):
    from grading import services
    from grading.models import Submission

    session = open_session(make_user(), adder)
    submission, _ = services.submission_create(session=session, spec=session.spec, language="python3",
                                               language_label="python3", code="print(3)", submission_id=424242)
    assert services.submission_claim(submission_pk=submission.pk) is True
    assert services.submission_claim(submission_pk=submission.pk) is False  # a redelivery does nothing
    Submission.objects.filter(pk=submission.pk).update(lease_expires_at=timezone.now() - timedelta(seconds=1))
    assert services.submission_claim(submission_pk=submission.pk) is True  # its worker died: grade again


def test_a_submission_whose_grader_was_lost_is_swept_back_then_ends_after_its_attempts(
        make_user, adder, open_session, settings, monkeypatch):
    from core.services import jobs_sweep
    from grading import services
    from grading.models import Submission

    settings.JOB_MAX_ATTEMPTS = 2
    session = open_session(make_user(), adder)
    submission, _ = services.submission_create(session=session, spec=session.spec, language="python3",
                                               language_label="python3", code="print(3)", submission_id=424243)
    sent = []
    monkeypatch.setattr(services, "_enqueue", lambda s, queue="": sent.append(s.pk))
    for attempt in (1, 2):
        assert services.submission_claim(submission_pk=submission.pk) is True
        assert jobs_sweep() == 0  # its grader holds it
        Submission.objects.filter(pk=submission.pk).update(lease_expires_at=timezone.now() - timedelta(seconds=1))
        assert jobs_sweep() == 1  # the grader was lost: queued again
        submission.refresh_from_db()
        assert (submission.status, submission.attempts, len(sent)) == ("pending", attempt, attempt)
    assert services.submission_claim(submission_pk=submission.pk) is False  # out of attempts: a system error
    submission.refresh_from_db()
    assert (submission.status, submission.verdict) == ("error", "SE")
    assert submission.error_message == "The grader stopped 2 times on this submission."
    assert jobs_sweep() == 0


def test_java_public_class_may_have_any_name():
    from grading import judge

    code = ("import java.util.*;\npublic class Solution { public static void main(String[] a) {"
            " Scanner s = new Scanner(System.in); System.out.println(s.nextInt() + s.nextInt()); } }\n")
    result = judge.judge(code=code, language="java17", tests=[judge.TestData(1, 1, True, "2 5\n", "7\n")],
                         time_limit_ms=1000, memory_limit_mb=128)
    assert result.verdict == "AC", result
