"""`kill -9` of a Celery worker in the middle of ~100 mixed jobs (document ingest, masking, answer
evaluation, interview reports, grading, avatar video, self-checks): after a new worker starts,
every job completes exactly once and no side effect is doubled (chunks, files, verdicts, reports).

The worker runs on its own queue with short leases (core.leases) and a short broker visibility
timeout, so the jobs the killed worker held come back within seconds instead of minutes.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import uuid

import psutil
import pytest

from tests.documents.files import RESUME_PAGES, digital_pdf, png, text_image
from tests.factories import stored_files

pytestmark = pytest.mark.django_db(transaction=True)

QUEUE = f"crash{uuid.uuid4().hex[:8]}"
LEASE_SECONDS = 3
VISIBILITY_SECONDS = 8
PROGRAM_AC = "a, b = map(int, input().split())\nprint(a + b)\n"
ANSWER = ("작년 결제 서비스에서 응답 지연이 문제였습니다. 제가 원인 분석을 맡아 슬로우 쿼리를 찾았고 Redis 캐시를 "
          "도입해 평균 응답 시간을 800ms에서 120ms로 줄였습니다.")


def _tasks():
    from avatar.tasks import render_video
    from core.tasks import selfcheck_run_task
    from documents.tasks import document_ingest_task
    from grading.tasks import submission_grade
    from interviews.tasks import analyze_answer, generate_report
    from masking.tasks import masking_run_task

    return [render_video, selfcheck_run_task, document_ingest_task, submission_grade, analyze_answer,
            generate_report, masking_run_task]


def _start_worker(app_env, name: str, log) -> subprocess.Popen:
    from config.celery import app
    from core import processes

    env = {**app_env, "CELERY_QUEUE": QUEUE, "JOB_LEASE_SECONDS": str(LEASE_SECONDS),
           "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_SECONDS)}
    proc = processes.spawn_worker(env, concurrency=2, name=name, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, "worker exited during start-up"
        if app.control.ping(destination=[f"{name}@{socket.gethostname()}"], timeout=0.5):
            return proc
    proc.kill()
    raise TimeoutError("worker did not answer pings")


def _kill_hard(proc: subprocess.Popen) -> None:
    """SIGKILL the worker and its pool processes at once, as a lost machine or the OOM killer would."""
    family = [psutil.Process(proc.pid)] + psutil.Process(proc.pid).children(recursive=True)
    for member in family:
        try:
            member.send_signal(signal.SIGKILL)
        except psutil.NoSuchProcess:
            pass
    proc.wait(10)
    psutil.wait_procs(family[1:], timeout=10)


def _queue_jobs(user) -> dict[str, list]:
    """About a hundred jobs of every kind; returns the records each kind writes, to count later."""
    from django.utils import timezone

    from avatar import services as avatar_services
    from avatar.models import AvatarSession
    from core import services as core_services
    from core.tasks import selfcheck_run_task
    from documents import services as documents
    from grading import services as grading
    from grading.models import Problem
    from interviews import services as interviews
    from masking import services as masking

    made: dict[str, list] = {"documents": [], "masking": [], "evaluations": [], "reports": [], "grading": [],
                             "videos": [], "selfchecks": []}
    pdf = digital_pdf(RESUME_PAGES[:1])
    for i in range(26):
        made["documents"].append(documents.document_ingest_start(
            owner=user, doc_type="resume", document_id=f"crash-{i}", file_type="pdf", data=pdf, file_name="cv.pdf"))
    card = png(text_image(["Park Minseo", "minseo.park@example.com", "010-1234-5678"], size=28, width=640))
    for _ in range(8):
        made["masking"].append(masking.masking_start(owner=user, file_type="image", data=card, file_name="card.png"))
    for _ in range(5):
        session = interviews.session_start(owner=user, resume_text="Django, PostgreSQL, Redis 백엔드 개발 4년")
        for turn in interviews.questions_fallback(session=session):
            turn = interviews.turn_answer_text(turn=turn, text=ANSWER, allow_overwrite=True)
            made["evaluations"].append(interviews.evaluation_enqueue(turn=turn))
    for _ in range(8):
        session = interviews.session_start(owner=user, resume_text="Django, PostgreSQL, Redis 백엔드 개발 4년")
        for turn in interviews.questions_fallback(session=session):
            interviews.turn_answer_text(turn=turn, text=ANSWER, allow_overwrite=True)
        made["reports"].append(interviews.report_request(session=session, ended_by="auto"))
    problem = Problem.objects.create(slug=f"crash-adder-{uuid.uuid4().hex[:6]}", title="두 정수의 합",
                                     title_en="Add two integers")
    grading.problem_spec_create(problem=problem, statement="두 정수 A, B를 더하세요.", time_limit_ms=2000,
                                memory_limit_mb=128, tests=[("1 2\n", "3\n", True), ("10 -4\n", "6\n", False)])
    exam_session = grading.session_open(user=user, problem=problem)
    for _ in range(12):
        made["grading"].append(grading.submission_create(session=exam_session, spec=exam_session.spec,
                                                         language="python3", language_label="python3.11",
                                                         code=PROGRAM_AC)[0])
    for i in range(5):
        session = AvatarSession.objects.create(owner=user, user_id=f"crash-{i}", engine="local",
                                               status=AvatarSession.Status.TERMINATED, expires_at=timezone.now())
        made["videos"].append(avatar_services.video_request(session=session))
    for _ in range(16):
        job = core_services.job_create(kind="selfcheck")
        core_services.job_enqueue(job=job, task=selfcheck_run_task)
        made["selfchecks"].append(job)
    return made


def test_kill_9_mid_run_every_job_completes_once(app_env, monkeypatch, tmp_path):
    from django.core.files.storage import default_storage

    from accounts.models import User
    from config.celery import app
    from core.models import Job
    from documents.models import Chunk, Document
    from grading.models import Report, Submission, TestResult
    from interviews.models import InterviewSession, InterviewTurn
    from masking.models import MaskedFile

    for task in _tasks():
        # This test's worker alone runs them. The options Celery memoises are patched, not `task.queue`:
        # that attribute would be read into the memo and outlive the monkeypatch, sending later tasks here.
        monkeypatch.setitem(task._get_exec_options(), "queue", QUEUE)
    user = User.objects.create_user(username=f"crash{uuid.uuid4().hex[:6]}", email="crash@example.com",
                                    password="Crash-Pass-2026", full_name="김지원")
    log = open(tmp_path / "workers.log", "wb")
    first = _start_worker(app_env, f"crash1{os.getpid()}", log)
    second = None
    try:
        made = _queue_jobs(user)
        job_ids = [j.id for kind, records in made.items() if kind != "grading" for j in records]
        submissions = [s.pk for s in made["grading"]]
        total = len(job_ids) + len(submissions)
        assert total == 100

        def done() -> int:
            return (Job.objects.filter(id__in=job_ids, status__in=["completed", "failed"]).count()
                    + Submission.objects.filter(pk__in=submissions, status__in=["done", "error"]).count())

        # Kill while the worker is in the middle of work: some done, two jobs being worked on.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            running = (Job.objects.filter(id__in=job_ids, status="processing").count()
                       + Submission.objects.filter(pk__in=submissions, status="running").count())
            if done() >= total // 5 and running >= 2:
                break
            time.sleep(0.02)
        else:
            raise AssertionError(f"the worker never got going: {done()} of {total} done")
        _kill_hard(first)
        at_kill = done()
        assert at_kill < total, "everything finished before the kill"
        second = _start_worker(app_env, f"crash2{os.getpid()}", log)

        deadline = time.monotonic() + 150
        while done() < total and time.monotonic() < deadline:
            time.sleep(0.5)
        jobs = {job.id: job for job in Job.objects.filter(id__in=job_ids)}
        stuck = {jid: (j.kind, j.status, j.attempts) for jid, j in jobs.items() if j.status != "completed"}
        assert not stuck, stuck
        assert set(Submission.objects.filter(pk__in=submissions).values_list("status", flat=True)) == {"done"}
        reclaimed = [j for j in jobs.values() if j.attempts > 1]
        assert all(j.attempts == 2 for j in reclaimed)
        print(f"crash: {total} jobs, {at_kill} done at the kill, {len(reclaimed)} jobs re-claimed after it")

        # Documents: one document per job, each with one copy of its chunks and one stored file.
        documents = list(Document.objects.filter(owner=user))
        assert len(documents) == len(made["documents"]) and {d.status for d in documents} == {"ready"}
        counts = {d.pk: Chunk.objects.filter(document=d).count() for d in documents}
        distinct = {d.pk: Chunk.objects.filter(document=d).values("ordinal").distinct().count() for d in documents}
        assert counts == distinct and len(set(counts.values())) == 1 and min(counts.values()) >= 1
        assert stored_files(f"documents/{user.pk}") == {d.file.name for d in documents}

        # Masking: the original, one preview per page and one masked file, nothing else.
        for masked in MaskedFile.objects.filter(owner=user):
            assert masked.status == "ready"
            expected = {masked.source_name, masked.masked_name} | {p["image"] for p in masked.pages}
            assert stored_files(masked.folder) == expected
            assert masked.stored_bytes == sum(default_storage.size(name) for name in expected)

        # Evaluations and reports: one verdict per answer, one report per interview.
        turns = InterviewTurn.objects.filter(session__owner=user)
        assert turns.count() == 5 * 13
        assert set(turns.values_list("evaluation_status", flat=True)) == {"completed"}
        assert not turns.filter(evaluation=None).exists()
        reported = InterviewSession.objects.filter(pk__in=[j.params["session_id"] for j in made["reports"]])
        assert set(reported.values_list("report_status", flat=True)) == {"completed"}

        # Grading: one result per test and one report per submission.
        assert set(Submission.objects.filter(pk__in=submissions).values_list("verdict", flat=True)) == {"AC"}
        assert TestResult.objects.filter(submission_id__in=submissions).count() == 2 * len(submissions)
        assert Report.objects.filter(submission_id__in=submissions).count() == len(submissions)

        # Videos: exactly one file per session.
        for job in made["videos"]:
            folder = f"avatar/{job.params['session']}"
            assert stored_files(folder) == {f"{folder}/session.mp4"}
    finally:
        for proc in (first, second):
            if proc is not None and proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(20)
                except subprocess.TimeoutExpired:
                    _kill_hard(proc)
        log.close()
        with app.connection_for_write() as conn:
            conn.default_channel.queue_purge(QUEUE)
        for name in stored_files(f"documents/{user.pk}", f"masking/{user.pk}"):
            default_storage.delete(name)
