"""Celery tasks: each runs one service as a job (core.services.run_claimed_job claims it and
records the outcome).

The task names are the ones seed 002 documents (`tasks.question_generator.generate_questions`,
`tasks.evaluator.analyze_answer`), so a worker fleet written against that document routes them.
"""
from __future__ import annotations

from celery import shared_task

from core import services as jobs
from core.models import Job
from interviews import services
from interviews.models import InterviewSession


@shared_task(name="tasks.question_generator.generate_questions", soft_time_limit=30, time_limit=40)
def generate_questions(job_id: str) -> dict:
    """Seed 002: write a session's five questions (the web request waits up to 30 s for this; a
    failure is recorded and the waiting request falls back to fixed questions)."""
    def work(job: Job) -> dict:
        session = InterviewSession.objects.get(pk=job.params["session_id"])
        turns = services.questions_plan(session=session)
        return {"session_id": session.pk, "questions": len(turns),
                "engine": turns[0].question_engine if turns else ""}

    return jobs.run_claimed_job(job_id=job_id, work=work)


@shared_task(name="tasks.evaluator.analyze_answer", soft_time_limit=120, time_limit=150)
def analyze_answer(job_id: str) -> dict:
    """Evaluate one answer (seed 002 /answers, seed 000 /ai/interview/save); a failure is recorded
    on the job and the report evaluates the answer again."""
    def work(job: Job) -> dict:
        turn_id = job.params.get("turn_id")
        turn = services.evaluation_run(turn_id=turn_id, resume=job.attempts > 1)
        return {"turn_id": turn_id, "evaluated": turn is not None,
                "score": (turn.evaluation or {}).get("score") if turn else None}

    return jobs.run_claimed_job(job_id=job_id, work=work)


@shared_task(name="interviews.generate_report", soft_time_limit=300, time_limit=330)
def generate_report(job_id: str) -> dict:
    """The final report, when the fifth answer arrives or the user ends the interview; a failure
    marks the session so the stream and pages show it."""
    def work(job: Job) -> dict:
        session = services.report_build(session_id=job.params.get("session_id"), job_id=job.id)
        return {"session_id": session.pk, "total_score": session.total_score, "grade": session.grade}

    def on_failure(job: Job, code: str, message: str) -> None:
        services.report_failed(session_id=job.params.get("session_id"), job_id=job.id)

    return jobs.run_claimed_job(job_id=job_id, work=work, on_failure=on_failure)
